#!/usr/bin/env bash
# One command: set up (if needed) and start Prevent Desktop. Extra arguments go to the app,
# e.g. scripts/run-app.sh --data-dir /media/usb/prevent  (portable mode).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh app
exec .venv/bin/prevent-desktop "$@"
