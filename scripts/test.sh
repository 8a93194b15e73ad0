#!/usr/bin/env bash
# Set everything up (first run only), then lint, type-check and run the whole test suite
# inside a private D-Bus session with an unlocked, throwaway GNOME Keyring, so the
# Secret Service tests use a real keyring. Arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/setup.sh" test
cd "$HS_ROOT"
echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy app/core"
mypy
echo "== pytest"
export QT_QPA_PLATFORM=offscreen
exec dbus-run-session -- bash "$HS_ROOT/scripts/with-keyring.sh" python -m pytest "$@"
