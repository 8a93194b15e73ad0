#!/usr/bin/env bash
# Hooksmith's benchmarks: set up (first run only), then print the table.
#   bash benchmarks/run.sh            everything (about two minutes on 2 cores)
#   bash benchmarks/run.sh --quick    tiny sizes, a few seconds
#   bash benchmarks/run.sh --help     sections, profiling
# Needs curl for the firing baseline and Xvfb for the X11 start-up rows; rows whose
# tools are missing are skipped with a note.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh" test
if ! command -v Xvfb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "benchmarks: installing Xvfb for the X11 start-up rows" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends xvfb >/dev/null; } \
    || echo "benchmarks: could not install Xvfb; its rows will be skipped" >&2
fi
if ! "$HS_VENV/bin/python" -c 'import pyinstrument, Xlib' 2>/dev/null; then
  echo "benchmarks: installing the bench extra (pyinstrument, python-xlib)" >&2
  "$HS_VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$root[bench]"
fi
cd "$root"
exec "$HS_VENV/bin/python" -m benchmarks "$@"
