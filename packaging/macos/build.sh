#!/usr/bin/env bash
# Build the macOS app and disk image: dist/Hooksmith-<version>-macos-<arch>.dmg
#
#   bash packaging/macos/build.sh
#
# Run on a Mac with Python 3.11+ from python.org (universal2 installer) and the Xcode
# command-line tools (xcode-select --install). Builds for the machine's architecture
# (arm64 on Apple silicon, x86_64 on Intel): build once on each for both downloads.
# Same spec as Linux and Windows (packaging/hooksmith.spec).
#
# Signing and notarisation (optional, needed so Gatekeeper opens the app without a
# warning): set HOOKSMITH_CODESIGN_IDENTITY to a "Developer ID Application: ..." identity
# in the keychain, and HOOKSMITH_NOTARY_PROFILE to a profile saved with
# `xcrun notarytool store-credentials`. Without them the app is signed ad hoc and
# users open it the first time with right-click > Open.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="$ROOT/build/macos"
DIST="$ROOT/dist"
say() { printf 'hooksmith build: %s\n' "$*" >&2; }
cd "$ROOT"

VENV="$ROOT/.venv-macos"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  say "creating $VENV"
  "${HOOKSMITH_PYTHON:-python3.11}" -m venv "$VENV"
fi
"$PY" -m pip install -q --disable-pip-version-check --upgrade pip
"$PY" -m pip install -q --disable-pip-version-check -e "$ROOT[package]"

VERSION="$("$PY" -c 'import app; print(app.__version__)')"
ARCH="$(uname -m)"
DMG="$DIST/Hooksmith-$VERSION-macos-$ARCH.dmg"

"$PY" packaging/make_icons.py build/icons
rm -rf "$BUILD"
mkdir -p "$BUILD" "$DIST"
say "freezing Hooksmith $VERSION ($ARCH)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/frozen" --workpath "$BUILD/work" packaging/hooksmith.spec
APP="$BUILD/frozen/Hooksmith.app"

# PyInstaller signed every binary and the bundle (hardened runtime, entitlements.plist)
# with HOOKSMITH_CODESIGN_IDENTITY, or ad hoc without it (see the spec).
identity="${HOOKSMITH_CODESIGN_IDENTITY:--}"
codesign --verify --deep --strict "$APP"

say "running the frozen app's self-test"
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/hooksmith" --self-test >&2

# The disk image: the app and a link to /Applications, so installing is one drag.
STAGE="$BUILD/dmg"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -quiet -volname "Hooksmith $VERSION" -srcfolder "$STAGE" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 "$DMG"

if [ "$identity" != "-" ]; then
  codesign --sign "$identity" --timestamp "$DMG"
  if [ -n "${HOOKSMITH_NOTARY_PROFILE:-}" ]; then
    say "notarising (Apple's service; takes a few minutes)"
    xcrun notarytool submit "$DMG" --keychain-profile "$HOOKSMITH_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
  fi
fi
say "done: $DMG ($(du -h "$DMG" | cut -f1))"
