#!/usr/bin/env bash
# One command: set up (if needed) and run the whole test suite headless, plus the lint and type checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
# A temp folder of this run's own: pytest's basetemp and every temp file the app or tests make live under it, so
# two runs on one machine (or anything else cleaning /tmp) never delete each other's files.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/prevent-tests.XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
echo "== ruff"; .venv/bin/ruff check prevent_desktop tests benchmarks packaging scripts
echo "== mypy (Qt-free layers)"; .venv/bin/mypy
echo "== forms, import contracts and the test suite"
.venv/bin/python -m pytest -q --basetemp="$TMPDIR/pytest" "$@"
