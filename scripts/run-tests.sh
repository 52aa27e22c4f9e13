#!/usr/bin/env bash
# One command: set up (if needed) and run the whole test suite headless, plus the lint and type checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
echo "== ruff"; .venv/bin/ruff check prevent_desktop tests benchmarks packaging scripts
echo "== mypy (Qt-free layers)"; .venv/bin/mypy
echo "== forms, import contracts and the test suite"
exec .venv/bin/python -m pytest -q "$@"
