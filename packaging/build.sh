#!/usr/bin/env bash
# Build the frozen one-folder app, dist/prevent-desktop/, from a clean checkout:
#   bash packaging/build.sh [--dist DIR]
# It installs what it needs (the project's venv as scripts/bootstrap.sh makes it, plus the `packaging` extra from
# pyproject.toml), runs PyInstaller with nothing cached from an earlier build (--clean, and its work and cache
# folders are temporary), writes SHA256SUMS for the whole folder and prints its size by component.
# What is kept and left out, and why: packaging/bundle.py. IT notes: packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    *) echo "usage: bash packaging/build.sh [--dist DIR]" >&2; exit 2 ;;
  esac
done
started=$(date +%s)

# The app's dependencies: already there when the test command made the venv, else bootstrap installs them.
if [ ! -f .venv/.installed-test ] || [ pyproject.toml -nt .venv/.installed-test ]; then
  scripts/bootstrap.sh app
fi
# The packaging extra (PyInstaller), read from pyproject.toml so the pin lives in one place.
stamp=".venv/.installed-packaging"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["packaging"]))' \
    > .venv/packaging-requirements.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check -r .venv/packaging-requirements.txt
  touch "$stamp"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/prevent-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PYINSTALLER_CONFIG_DIR="$work/config"  # PyInstaller's binary cache: thrown away with the work folder
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$dist"
rm -rf "${dist:?}/prevent-desktop"
log="$dist/prevent-desktop-build.log"
echo "== PyInstaller (log: $log)"
if ! .venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath "$work/build" --distpath "$dist" packaging/prevent_desktop.spec > "$log" 2>&1; then
  tail -40 "$log" >&2
  echo "build failed: see $log" >&2
  exit 1
fi
echo "left out $(grep -c '^bundle: left out' "$log") files the app does not use (listed in $log)"
.venv/bin/python packaging/checksums.py write "$dist/prevent-desktop"
.venv/bin/python packaging/bundle.py sizes "$dist/prevent-desktop"
echo "built $dist/prevent-desktop in $(( $(date +%s) - started )) s"
