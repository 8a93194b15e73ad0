#!/bin/sh
# Add Hooksmith (this unpacked folder) to your desktop's application menu, for you only.
# Run it again after moving the folder; run it with --remove to take the entry away.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
app_id="com.hooksmith.Hooksmith"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
desktop="$data/applications/$app_id.desktop"
icon="$data/icons/hicolor/scalable/apps/$app_id.svg"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$desktop" "$icon"
  echo "Removed Hooksmith from the application menu."
  exit 0
fi
mkdir -p "$(dirname "$desktop")" "$(dirname "$icon")"
cp "$here/share/$app_id.svg" "$icon"
# Exec needs this folder's absolute path, quoted and escaped as the .desktop format asks:
# \ " ` $ get a backslash (itself escaped once more as a string value), % is doubled.
quoted="$(printf '%s' "$here/hooksmith" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')"
EXEC_LINE="Exec=\"$quoted\"" awk '/^Exec=/ { print ENVIRON["EXEC_LINE"]; next } { print }' \
  "$here/share/$app_id.desktop" >"$desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "Hooksmith is in your application menu (entry: $desktop)."
