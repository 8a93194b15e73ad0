#!/usr/bin/env bash
# Set everything up (first run only) and open the Hooksmith wizard.
# Arguments are passed on: scripts/run.sh --help, scripts/run.sh sandbox, ...
set -euo pipefail
source "$(dirname "$0")/setup.sh" run
exec hooksmith "$@"
