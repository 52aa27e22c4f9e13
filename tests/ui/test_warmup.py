"""Issue 11: nothing slow runs on the UI thread during unlock. Before, clicking Unlock imported the services and
the organisation profile's pydantic models on the UI thread (~0.27 s), and the unlock's one event-loop turn built
every page of the main window (~0.2 s). Now ``ui/warmup.py`` loads what the main window needs after the unlock
window's first paint, the pages are built when first shown, and opening the vault, building the window and
working Home out are separate turns. These tests hold the structure, not a time: they run the real app in a
process of its own (a fresh interpreter: nothing imported yet) and record every module imported on the UI thread
from the click on Unlock until the case list has rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE, ROOT

HEAVY = ("pydantic", "pydantic_core", "sqlcipher3", "argon2", "reportlab", "pikepdf", "zxcvbn", "phonenumbers",
         "cryptography", "tomllib")

SCRIPT = r"""
import importlib.abc, json, sys, threading, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QTableView

app = QApplication([sys.argv[0]])
from pathlib import Path
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.app import AppController

def run_until(check, what, timeout=60):
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.002)

ctl = AppController(DataPaths(Path(sys.argv[1])), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window = ctl.start()
wait_first = sys.argv[4] == "wait"
if wait_first:
    run_until(lambda: ctl.warmup.done, "the warm-up")

imported = []  # (module, on the UI thread?)

class Spy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        imported.append((name, threading.current_thread() is threading.main_thread()))
        return None

sys.meta_path.insert(0, Spy())
import enum
made_types = []  # enum classes PySide6 makes as Qt types are first needed (and any other)
_create = enum.EnumType._create_

def create(cls, *args, **kwargs):
    made = _create(cls, *args, **kwargs)
    made_types.append(made.__qualname__)
    return made

enum.EnumType._create_ = create
pages_built_at_main = None
window.ui.passphraseEdit.setText(sys.argv[3])
window.ui.unlockButton.click()
run_until(lambda: ctl.main_window is not None, "the main window")
pages_built_at_main = sorted(ctl.main_window.pages.built())
run_until(lambda: ctl.main_window.pages["Home"].refreshes > 0, "Home's list")
page = ctl.main_window.show_area("Cases")
table = page.findChild(QTableView)
run_until(lambda: table.model().rowCount() > 0, "the case list")
ui_thread = sorted({name for name, main in imported if main})
run_until(lambda: ctl.warmup.done, "the warm-up to finish after the unlock")  # its Qt types come last
print(json.dumps({"ui_thread": ui_thread, "pages_at_main": pages_built_at_main, "made_types": made_types,
                  "warmup_done": ctl.warmup.done}))
ctl.auto_backups = False
ctl.quit()
"""


def run_unlock(paths: Any, tmp_path: Path, wait: bool) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(paths.root), str(tmp_path / "settings.ini"), PASSPHRASE,
         "wait" if wait else "now"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.fresh_vault
def test_after_the_warm_up_unlocking_imports_nothing_qt_free_on_the_ui_thread(
    session: Any, tmp_path: Path
) -> None:
    from tests.factories import log_case

    log_case(session)  # one row for the case list
    paths = session.vault.paths
    session.close()
    result = run_unlock(paths, tmp_path, wait=True)
    core = [m for m in result["ui_thread"]
            if m.startswith("prevent_desktop.") and not m.startswith("prevent_desktop.ui")]
    heavy = [m for m in result["ui_thread"] if m.split(".")[0] in HEAVY]
    assert core == [] and heavy == [], "add them to ui/warmup.py CORE_MODULES"
    from prevent_desktop.ui.warmup import UI_MODULES

    late_ui = [m for m in result["ui_thread"] if m in UI_MODULES]
    assert late_ui == []
    # Nor a Qt type: building the main window made 124 enum classes (~14 ms of its turn) before the warm-up made
    # them (``qt_type_steps``).
    assert result["made_types"] == [], "a Qt module to add to ui/warmup.py QT_TYPE_MODULES?"
    # Only Home is built with the main window (Cases on the turn after its first paint: test_shell.py).
    assert result["pages_at_main"] == ["Home"]


@pytest.mark.fresh_vault
def test_an_unlock_clicked_before_the_warm_up_ends_still_opens(session: Any, tmp_path: Path) -> None:
    from tests.factories import log_case

    log_case(session)
    paths = session.vault.paths
    session.close()
    result = run_unlock(paths, tmp_path, wait=False)  # the click comes right after the first window is made
    assert result["pages_at_main"] == ["Home"] and result["warmup_done"]
