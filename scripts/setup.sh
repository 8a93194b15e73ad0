#!/usr/bin/env bash
# Shared set-up for scripts/run.sh and scripts/test.sh: system libraries, a virtual
# environment in .venv, and Hooksmith installed into it. Safe to run again: each step
# is skipped when already done. Usage: source scripts/setup.sh [run|test]
set -euo pipefail

HS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HS_MODE="${1:-run}"
HS_VENV="$HS_ROOT/.venv"
HS_PY="${HOOKSMITH_PYTHON:-python3}"

say() { printf 'hooksmith setup: %s\n' "$*" >&2; }

# Qt's widgets need these even offscreen; the xcb ones are for a real X11 window.
apt_runtime="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core"
# Tests also run a real Secret Service (gnome-keyring on a private D-Bus), and build and
# validate the Linux installers (binutils for PyInstaller, desktop-file-utils, appstream).
apt_test="dbus dbus-x11 gnome-keyring curl binutils desktop-file-utils appstream"

if command -v apt-get >/dev/null 2>&1; then
  wanted="$apt_runtime"
  [ "$HS_MODE" = test ] && wanted="$wanted $apt_test"
  "$HS_PY" -c 'import ensurepip, venv' 2>/dev/null || wanted="$wanted python3-venv"
  missing=""
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing system packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  say "no apt-get: make sure Qt's system libraries (libGL, libEGL, xkbcommon, fontconfig) are installed"
fi

if [ ! -x "$HS_VENV/bin/python" ]; then
  say "creating $HS_VENV"
  "$HS_PY" -m venv "$HS_VENV"
fi
extras=""
[ "$HS_MODE" = test ] && extras="[test]"
stamp="$HS_VENV/.hooksmith-installed$extras"
if [ ! -f "$stamp" ] || [ "$HS_ROOT/pyproject.toml" -nt "$stamp" ]; then
  say "installing Python packages (first run takes a minute)"
  "$HS_VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  # setuptools warns about every editable install in a boxed banner; it says nothing
  # a user of this script can act on, so that one warning (and only it) is silenced.
  PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
    "$HS_VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$HS_ROOT$extras"
  touch "$stamp"
fi
# Compiled bytecode for Hooksmith's own modules: Python writes it on first import, unless
# PYTHONDONTWRITEBYTECODE is set (as in many CI images and containers), when every start
# would compile ~80 modules again (about 350 ms). compileall skips what is up to date.
"$HS_VENV/bin/python" -m compileall -q "$HS_ROOT/app" >/dev/null 2>&1 || true
export PATH="$HS_VENV/bin:$PATH"
export LANG="${LANG:-C.UTF-8}"
