"""The GUI tells the DSO about weak or planted key slots at unlock, as `check` does (issue 13 items 4 and 5)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage import keyslots
from prevent_desktop.storage.keyslots import TEST_KDF, KdfParams, KdfPolicy
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.support.kdf import TEST_POLICY
from tests.ui.test_shell import unlock_with

STRICTER = KdfParams(memory_kib=2048, iterations=2, parallelism=1)


@pytest.fixture
def controller(qtbot, paths: DataPaths, settings: QSettings) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    session, _ = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    session.close()
    ctl = AppController(paths, settings=settings, kdf=TEST_KDF)
    yield ctl
    keyslots.set_policy(TEST_POLICY)
    if ctl.session is not None:
        ctl.session.close()
    if ctl.window is not None:
        ctl.window.close()


def unlocked_warning(qtbot, controller: AppController) -> QMessageBox | None:  # type: ignore[no-untyped-def]
    window = controller.start()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
    return controller.main_window.findChild(QMessageBox, "keySlotWarning")


def test_no_warning_for_a_sound_vault(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    assert unlocked_warning(qtbot, controller) is None


def test_a_weak_slot_left_after_unlock_is_told(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    keyslots.set_policy(KdfPolicy(floor=STRICTER, choose=lambda: STRICTER))
    box = unlocked_warning(qtbot, controller)
    assert box is not None and box.isVisible()
    assert "recovery key slot(s) use weak key-derivation settings" in box.text()
    assert "Vault → New recovery key…" in box.text() and "prevent-desktop" not in box.text()
    assert "passphrase" not in box.text().split("slot(s)")[0]  # that one was re-wrapped on the way in


def test_a_planted_slot_is_told(qtbot, controller: AppController, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(paths.keyslots.read_bytes())
    slots = [*doc["slots"], dict(doc["slots"][1], kind="deputy")]
    doc.update(slots=slots, check=keyslots._check(slots, doc.get("anchor")))
    paths.keyslots.write_text(json.dumps(doc))
    box = unlocked_warning(qtbot, controller)
    assert box is not None and "Prevent Desktop did not make ('deputy')" in box.text()
    # The GUI points at its own full revocation (Vault → New recovery key re-keys), not at a CLI command.
    assert "Vault → New recovery key…" in box.text() and "re-encrypts the vault" in box.text()
    assert "prevent-desktop" not in box.text()
    assert controller.main_window.findChild(QAction, "actionNewRecoveryKey").text().replace("&", "") in box.text()
    controller.lock()
    assert not box.isVisible()
