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

import pytest

from tests.conftest import ROOT

# Each costs 10 ms or more to import and none is needed to paint the first window: the database and its key
# derivation open only after the passphrase is typed, PDFs only on export, the strength meter only on first run.
HEAVY = ("sqlcipher3", "argon2", "_argon2_cffi_bindings", "reportlab", "pikepdf", "pypdfium2", "zxcvbn",
         "pydantic", "cryptography")

PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])

class FirstPaint(QObject):
    seen = None

    def eventFilter(self, obj, event):
        if self.seen is None and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
            self.seen = {"window": type(obj).__name__, "modules": sorted(sys.modules)}
        return False

probe = FirstPaint()
app.installEventFilter(probe)
from prevent_desktop.cli import main

code = main(["--data-dir", sys.argv[1], "--smoke-test"])
print(json.dumps({"code": code, **(probe.seen or {})}))
"""


def _loaded_at_first_paint(data_dir: Path) -> tuple[str, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([sys.executable, "-c", PROBE, str(data_dir)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
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
