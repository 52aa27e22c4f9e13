#!/usr/bin/env bash
# One command: set up (if needed) and run the whole test suite headless, plus the lint and type checks, then build
# the frozen app and smoke-test it (skip that last step locally with PREVENT_DESKTOP_SKIP_FROZEN=1; CI=true always
# runs it).
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
echo "== mypy (every layer, strict)"; .venv/bin/mypy
echo "== forms, import contracts and the test suite"
# One pytest worker per core (pytest-xdist; PREVENT_DESKTOP_TEST_WORKERS=0 runs them in this process, in order).
# Each worker has its own folder under the basetemp and its own QApplication.
.venv/bin/python -m pytest -q --basetemp="$TMPDIR/pytest" -n "${PREVENT_DESKTOP_TEST_WORKERS:-auto}" "$@"
# The frozen one-folder app, built from this checkout with nothing cached and run as IT would run it
# (packaging/README.md): PyInstaller build + SHA256SUMS, the smoke test, and the frozen figures for the benchmarks.
if [ "${CI:-}" = "true" ] || [ "${PREVENT_DESKTOP_SKIP_FROZEN:-}" != "1" ]; then
  echo "== frozen build, smoke test and figures (skip locally: PREVENT_DESKTOP_SKIP_FROZEN=1)"
  frozen_started=$SECONDS
  bash packaging/build.sh --dist "$TMPDIR/frozen"
  .venv/bin/python benchmarks/bench_frozen.py "$TMPDIR/frozen/prevent-desktop" --runs 3 --markdown
  echo "build and figures: $((SECONDS - frozen_started)) s"
  .venv/bin/python packaging/frozen_smoke.py "$TMPDIR/frozen/prevent-desktop"  # its last line: "N passed, 0 failed"
else
  echo "== frozen build and smoke test: skipped (PREVENT_DESKTOP_SKIP_FROZEN=1; CI always runs it)"
fi
