"""Start-up does only what the first window needs (issue 11): when the unlock (or first-run) window is first
painted, the real program (``prevent_desktop.cli.main``, in a subprocess) has imported none of the heavy
libraries the window does not use, no command module and no ``logging.handlers``. What is loaded is checked at
the paint itself, never how long it took."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

# Each costs 10 ms or more to import and none is needed to paint the first window: the database and its key
# derivation open only after the passphrase is typed, PDFs only on export, the strength meter only on first run.
HEAVY = ("sqlcipher3", "argon2", "_argon2_cffi_bindings", "reportlab", "pikepdf", "pypdfium2", "zxcvbn",
         "pydantic", "cryptography")

PROBE = r"""
import inspect, io, json, sys
read = []  # the modules whose source is read (PySide6 reads each new one's to look for "PySide6")
real_getsource = inspect.getsource

def getsource(obj):
    if inspect.ismodule(obj):
        read.append(obj.__name__)
    return real_getsource(obj)

inspect.getsource = getsource

class FirstPaint(io.TextIOBase):
    # The smoke test's own report of the first paint, watched on stdout: no event filter of the probe's, which
    # would make Python types for every Qt object it is handed.
    def __init__(self, inner):
        self.inner, self.seen = inner, None

    def write(self, text):
        if self.seen is None and '"painted_ms"' in text:
            import PySide6
            from PySide6.QtWidgets import QApplication
            made = {name for module in ("QtCore", "QtGui", "QtWidgets")
                    for name in vars(getattr(PySide6, module)) if name.startswith("Q")}
            windows = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
            self.seen = {"window": windows[0] if windows else None, "modules": sorted(sys.modules),
                         "qt_types": sorted(made), "sources_read": sorted(set(read))}
        return self.inner.write(text)

    def flush(self):
        self.inner.flush()

probe = FirstPaint(sys.stdout)
sys.stdout = probe
from prevent_desktop.cli import main

code = main(["--data-dir", sys.argv[1], "--smoke-test"])
sys.stdout = probe.inner
print(json.dumps({"code": code, **(probe.seen or {})}))
"""


def _first_paint(data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([sys.executable, "-c", PROBE, str(data_dir)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    return report


def _loaded_at_first_paint(data_dir: Path) -> tuple[str, set[str]]:
    report = _first_paint(data_dir)
    return report["window"], set(report["modules"])


def _not_yet(modules: set[str]) -> list[str]:
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    commands = sorted(m for m in modules if m.startswith("prevent_desktop.commands.")
                      and m != "prevent_desktop.commands.output")  # the output sanitiser wraps the streams
    return heavy + commands + sorted(m for m in modules if m == "logging.handlers")


@pytest.mark.parametrize("vault", [True, False], ids=["unlock window", "first-run window"])
def test_the_first_window_is_painted_before_any_heavy_import(vault: bool, cli_vault: Path, tmp_path: Path) -> None:
    window, modules = _loaded_at_first_paint(cli_vault if vault else tmp_path / "new-data-dir")
    assert window == ("UnlockWindow" if vault else "SetupWindow")
    assert "prevent_desktop.ui.app" in modules  # the probe saw the real start-up
    assert _not_yet(modules) == []


# PySide6 makes each binding type when it is first used: 0.5-8 ms each for these (a QStyle subclass ~8, the
# accessibility types ~4, a message box ~2.4), none of which the first window has. The window policy checks a
# widget's Qt class name, and message boxes and actions are reached through their module when first shown.
NOT_BEFORE_FIRST_PAINT = ("QMessageBox", "QAction", "QAccessible", "QAccessibleAnnouncementEvent",
                          "QAbstractItemView", "QListView", "QMainWindow", "QScrollArea", "QToolButton")


@pytest.mark.parametrize("vault", [True, False], ids=["unlock window", "first-run window"])
def test_the_first_window_makes_only_the_qt_types_it_uses(vault: bool, cli_vault: Path, tmp_path: Path) -> None:
    report = _first_paint(cli_vault if vault else tmp_path / "new-data-dir")
    made = set(report["qt_types"])
    assert {"QLineEdit", "QPushButton"} <= made  # the probe saw the window's own types made
    assert sorted(made.intersection(NOT_BEFORE_FIRST_PAINT)) == []


def test_pyside_reads_the_source_of_none_of_our_qt_modules_at_start_up(cli_vault: Path) -> None:
    """PySide6 reads the whole source of each module first imported after QtCore, looking for "PySide6" (for its
    opt-in ``__feature__`` switches): 5-26 ms before the first paint. ``prevent_desktop.ui`` tells it the answer
    for its own modules and for every module loaded before Qt."""
    report = _first_paint(cli_vault)
    assert "prevent_desktop.ui.unlock" in report["modules"]
    ours = [name for name in report["sources_read"] if name.startswith("prevent_desktop.ui")]
    assert ours == []
    # Which the table's entries for our modules may stand in for: no module of ours selects a feature.
    users = [path for path in (ROOT / "prevent_desktop").rglob("*.py") if "from __feature__" in path.read_text()]
    assert users == []


def test_the_command_line_is_read_as_before_without_the_commands_loaded_for_the_gui() -> None:
    from tests.conftest import run_cli

    helped = run_cli("--help")
    assert helped.returncode == 0
    for command in ("init", "check", "cases", "contacts", "export", "backup", "audit", "settings", "demo"):
        assert command in helped.stdout, command
    assert run_cli("--bogus").returncode == 2  # an unknown option is still a usage error, not the GUI
    both = run_cli("--passphrase-stdin", "--recovery-key-stdin")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    assert run_cli("--data-dir").returncode == 2
