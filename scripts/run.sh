#!/usr/bin/env bash
# Set everything up (first run only) and open the Hooksmith wizard.
# Arguments are passed on: scripts/run.sh --help, scripts/run.sh sandbox, ...
set -euo pipefail
source "$(dirname "$0")/setup.sh" run
# Messages that suggest a command say this one: hooksmith is not on the user's PATH.
export HOOKSMITH_LAUNCHER="bash $0"
exec hooksmith "$@"
