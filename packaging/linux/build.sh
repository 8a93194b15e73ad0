#!/usr/bin/env bash
# Build the Linux installers: a one-folder PyInstaller build of Hooksmith, packed as
#   dist/hooksmith_<version>_<arch>.deb              (apt install ./dist/hooksmith_*.deb)
#   dist/hooksmith-<version>-linux-<machine>.tar.gz  (unpack anywhere, run ./hooksmith)
# Usage: bash packaging/linux/build.sh
# Installs what it needs on first run: the project's .venv with the 'package' extra
# (PyInstaller) and, through apt, binutils (objdump, which PyInstaller uses). The frozen
# app must pass `hooksmith --self-test` before anything is packed.
# Environment: HOOKSMITH_DEB_COMPRESSION (xz, default; zstd is 30x faster, 35% bigger),
# HOOKSMITH_DEB_MAINTAINER (the package's Maintainer field), SOURCE_DATE_EPOCH,
# HOOKSMITH_BUILD_DIR (work folders, default build/linux), HOOKSMITH_DIST_DIR (default dist).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP_ID="com.hooksmith.Hooksmith"
BUILD="${HOOKSMITH_BUILD_DIR:-$ROOT/build/linux}"
DIST="${HOOKSMITH_DIST_DIR:-$ROOT/dist}"
say() { printf 'hooksmith build: %s\n' "$*" >&2; }

# --- build tools -------------------------------------------------------------------
missing=""
command -v objdump >/dev/null 2>&1 || missing="$missing binutils"
command -v dpkg-deb >/dev/null 2>&1 || missing="$missing dpkg"
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || { say "install:$missing (no apt-get here)"; exit 1; }
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing build tools:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  # shellcheck source=/dev/null
  source "$ROOT/scripts/setup.sh" run
fi
PY="$ROOT/.venv/bin/python"
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  say "installing PyInstaller (the 'package' extra)"
  "$PY" -m pip install -q --disable-pip-version-check -e "$ROOT[package]"
fi

VERSION="$("$PY" -c 'import app; print(app.__version__)')"
ARCH="$(dpkg --print-architecture)"
MACHINE="$(uname -m)"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}"
DEB="$DIST/hooksmith_${VERSION}_${ARCH}.deb"
TARBALL="$DIST/hooksmith-${VERSION}-linux-${MACHINE}.tar.gz"

# --- freeze ------------------------------------------------------------------------
say "freezing Hooksmith $VERSION with PyInstaller"
started=$(date +%s)
rm -rf "$BUILD"
mkdir -p "$BUILD" "$DIST"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/frozen" --workpath "$BUILD/work" "$ROOT/packaging/hooksmith.spec"
FROZEN="$BUILD/frozen/hooksmith"
say "frozen in $(($(date +%s) - started)) s; running its self-test"
env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen LC_CTYPE=C.UTF-8 \
  "$FROZEN/hooksmith" --self-test >&2

# Oldest C library the bundle runs on: the newest GLIBC_ symbol version any file needs.
glibc="$(find "$FROZEN" -type f \( -name '*.so*' -o -name hooksmith \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2,2n | tail -1 | cut -d_ -f2)"
# From the system, never bundled: the C and C++ runtimes, the GPU's GL/EGL, the X11 and
# Wayland connections (see the spec), fonts with their configuration, keyboard layouts,
# and the CA certificates TLS verification trusts.
DEPENDS="libc6 (>= ${glibc}), libstdc++6, libgcc-s1, libgl1, libegl1, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libfontconfig1, libxkbcommon0, ca-certificates"

# --- stage the package tree ----------------------------------------------------------
STAGE="$BUILD/deb"
mkdir -p "$STAGE/DEBIAN" "$STAGE/usr/lib" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/metainfo" \
  "$STAGE/usr/share/doc/hooksmith"
cp -a "$FROZEN" "$STAGE/usr/lib/hooksmith"
install -m 0755 "$HERE/hooksmith-launcher.sh" "$STAGE/usr/bin/hooksmith"
install -m 0644 "$HERE/$APP_ID.desktop" "$STAGE/usr/share/applications/$APP_ID.desktop"
install -m 0644 "$ROOT/resources/icons/hooksmith.svg" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
release_date="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$release_date/" "$HERE/$APP_ID.metainfo.xml" \
  >"$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
cat >"$STAGE/usr/share/doc/hooksmith/copyright" <<EOF
Hooksmith $VERSION. Proprietary; all rights reserved.
Bundled third-party components keep their own licences: Qt and PySide6 (LGPL-3.0),
Python (PSF-2.0), requests, urllib3, keyring, certifi, cryptography and the others
listed with their licence files under /usr/lib/hooksmith/_internal.
EOF
chmod -R u+rwX,go+rX,go-w "$STAGE"
installed_kb="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
  -e "s/@DEPENDS@/$DEPENDS/" "$HERE/control.in" >"$STAGE/DEBIAN/control"
if [ -n "${HOOKSMITH_DEB_MAINTAINER:-}" ]; then
  sed -i "s/^Maintainer: .*/Maintainer: $HOOKSMITH_DEB_MAINTAINER/" "$STAGE/DEBIAN/control"
fi

# --- portable tarball: the same files, with a script for a per-user menu entry ----------
PORTABLE="$BUILD/portable/hooksmith-$VERSION"
mkdir -p "$PORTABLE/share"
cp -a "$FROZEN/." "$PORTABLE/"
cp "$STAGE/usr/share/applications/$APP_ID.desktop" "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml" \
  "$PORTABLE/share/"
cp "$ROOT/resources/icons/hooksmith.svg" "$PORTABLE/share/$APP_ID.svg"
install -m 0755 "$HERE/install-menu-entry.sh" "$PORTABLE/install-menu-entry.sh"
cp "$HERE/README-portable.txt" "$PORTABLE/README.txt"

# --- pack: the tarball (gzip) and the .deb (xz) compress in parallel ---------------------
say "packing $(basename "$DEB") and $(basename "$TARBALL")"
rm -f "$DEB" "$TARBALL"
(
  cd "$BUILD/portable"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -cf - "hooksmith-$VERSION" | gzip -n -6 >"$TARBALL"
) &
tar_pid=$!
dpkg-deb --root-owner-group -Z"${HOOKSMITH_DEB_COMPRESSION:-xz}" --build "$STAGE" "$DEB" >/dev/null
wait "$tar_pid"
rm -rf "$STAGE" "$BUILD/portable" "$BUILD/work"  # copies; the frozen folder stays for measuring

size() { du -h "$1" | cut -f1; }
say "done in $(($(date +%s) - started)) s: $DEB ($(size "$DEB")), $TARBALL ($(size "$TARBALL"))"
printf '%s\n%s\n' "$DEB" "$TARBALL"
