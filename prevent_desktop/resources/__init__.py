"""Data files shipped inside the package: fonts (DejaVu, embedded in every PDF) and organisation profiles (TOML).

They are package data (``pyproject.toml [tool.setuptools.package-data]``), so a source checkout, an installed
wheel and the PyInstaller one-folder build find them the same way, through ``importlib.resources``: no code asks
PyInstaller where it unpacked or counts ``parents[N]`` from a module file. The schema SQL is package data of
``prevent_desktop.storage`` (``storage/migrations.py``), found the same way.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A shipped file or folder, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``, as a real path on disk.

    Every way the app is installed keeps package data as plain files (PyInstaller's frozen importer returns a
    ``pathlib.Path`` too), so nothing is ever copied to a temporary file. A zipped install would break that
    promise: refuse it loudly rather than extract fonts or profiles to disk behind the user's back.
    """
    found = resources.files(__name__).joinpath(*parts)
    if not isinstance(found, Path):
        raise RuntimeError(f"Prevent Desktop's data files must be installed as plain files (found {found!r}).")
    return found
