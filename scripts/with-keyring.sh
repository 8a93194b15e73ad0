#!/usr/bin/env bash
# Run a command with a throwaway, unlocked GNOME Keyring on the current D-Bus session.
# Meant to run under dbus-run-session (see scripts/test.sh).
set -euo pipefail
XDG_DATA_HOME="$(mktemp -d)"
XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  eval "$(printf '%s' "hooksmith-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  export HOOKSMITH_SECRET_SERVICE=1
fi
status=0
"$@" || status=$?
rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
exit $status
