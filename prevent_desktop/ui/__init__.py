"""The Qt layer: the only place PySide6 is imported.

Importing it loads QtCore and tells PySide6 which modules it need not read (``_tell_pyside_our_modules``).
"""

from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401  (first: what follows edits a table this import makes)


def _tell_pyside_our_modules() -> int:
    """Spare PySide6 reading modules' source at start-up. Once QtCore is loaded, PySide6 reads the whole source of
    each module the first time an import statement names it (``inspect.getsource``, looking for "PySide6"), to
    note which modules may use its opt-in ``__feature__`` switches (PYSIDE-2029): ~75 modules before the unlock
    window is painted, 5-26 ms. The answer is known here, so it is entered as PySide6 would enter it:

    * every module loaded before Qt, -1 ("ignore this module": stdlib, third-party, and our Qt-free layers,
      which import-linter keeps free of PySide6);
    * this package's modules, 0 ("uses PySide6, no feature selected"), so that they would still switch back to no
      feature if a module ever selected one. None does (``tests/ui/test_startup_imports.py`` holds that).

    Best effort: with a PySide6 that has no such table, it simply reads the sources as before. Returns the number
    of names entered."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    before = len(table)
    for name in list(sys.modules):
        table.setdefault(name, -1)
    for folder in __path__:
        for name in _modules_under(folder, __name__):
            table.setdefault(name, 0)
    return len(table) - before


def _modules_under(folder: str, package: str) -> list[str]:
    """The names of the modules in a package folder and its sub-packages' (nothing is imported; a frozen build,
    whose modules are in an archive, has none here: PySide6 cannot read their source either)."""
    names: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names
    for entry in entries:
        if entry.name.endswith(".py") and entry.name != "__init__.py":
            names.append(f"{package}.{entry.name[:-3]}")
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            names.append(f"{package}.{entry.name}")
            names += _modules_under(entry.path, f"{package}.{entry.name}")
    return names


_tell_pyside_our_modules()
