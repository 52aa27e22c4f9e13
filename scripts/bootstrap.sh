#!/usr/bin/env bash
# Set up everything Prevent Desktop needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# the few Debian packages Qt and the tests need (only when run as root and only if missing),
# then a virtual environment in .venv with the project installed from pyproject.toml.
# Usage: scripts/bootstrap.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-app}"

# Qt's runtime libraries (offscreen and X11), plus for tests: Xvfb, poppler (pdftotext/pdftoppm), qpdf, fonts.
debs_app="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 fonts-dejavu-core python3-venv"
debs_test="xvfb xauth poppler-utils qpdf"
debs="$debs_app"
[ "$what" = "test" ] && debs="$debs_app $debs_test"

missing=""
for pkg in $debs; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # python3-venv may be named per version on some releases; skip packages this release does not have.
    for pkg in $missing; do
      apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null || echo "note: could not install $pkg"
    done
  else
    echo "note: these Debian packages are missing and this is not root:$missing" >&2
    echo "      ask IT to install them (sudo apt-get install$missing) if the app or tests fail to start." >&2
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$what"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  if [ "$what" = "test" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,dev]"
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  fi
  touch "$stamp"
fi
