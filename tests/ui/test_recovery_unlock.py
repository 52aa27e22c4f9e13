"""After an unlock with the recovery key, the app asks for a new passphrase (issue 15): set-up's strength rule and
NFC comparison, Later with a clear warning, both audited; driven through the real controller and windows."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import QSettings, Qt

from prevent_desktop.errors import WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.audit_service import readable_entries
from prevent_desktop.services.vault_service import Secret, open_session
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.unlock import NewPassphraseDialog
from prevent_desktop.ui.workers import wait_for_all
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE
from tests.ui.test_shell import unlock_with


@pytest.fixture
def controller(qtbot, paths: DataPaths, settings: QSettings):  # type: ignore[no-untyped-def]
    ctl = AppController(paths, settings=settings, kdf=TEST_KDF)
    ctl.auto_backups = False
    yield ctl
    if ctl.session is not None:
        ctl.session.close()
    if ctl.window is not None:
        ctl.window.close()
    wait_for_all(10_000)


def unlocked_with_recovery(qtbot, controller: AppController, recovery: str) -> NewPassphraseDialog:  # type: ignore[no-untyped-def]
    window = controller.start()
    window.ui.recoveryCheck.setChecked(True)
    unlock_with(qtbot, window, recovery)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    dialog = controller.main_window.findChild(NewPassphraseDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def audit_of(paths: DataPaths, passphrase: str) -> list[tuple[str, str, str]]:
    with open_session(paths, Secret.passphrase(passphrase)) as session:
        return [(line.action, line.label, line.detail) for line in readable_entries(session)]


def test_a_recovery_unlock_asks_for_a_new_passphrase_by_the_setup_rule(qtbot, controller, session_and_recovery) -> None:  # type: ignore[no-untyped-def]
    session, recovery = session_and_recovery
    paths = session.vault.paths
    session.close()
    dialog = unlocked_with_recovery(qtbot, controller, recovery)
    ui = dialog.ui
    assert ui.newEdit.hasFocus() and "recovery key" in ui.titleLabel.text()
    qtbot.keyClicks(ui.newEdit, "password")
    qtbot.keyClicks(ui.confirmEdit, "password")
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Return)  # Enter submits (the default button)
    assert ui.errorLabel.isVisible() and "too weak" in ui.errorLabel.text() and dialog.isVisible()
    qtbot.keyClicks(ui.newEdit, "1")
    assert not ui.errorLabel.isVisible()  # the verdict was about the old text

    composed = "café " + NEW_PASSPHRASE
    ui.newEdit.setText(composed)
    ui.confirmEdit.setText(unicodedata.normalize("NFD", composed))  # the same passphrase to the key slots
    assert ui.strengthBar.value() >= 3
    qtbot.keyClick(ui.confirmEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.changed and "New passphrase set" in controller.main_window.statusBar().currentMessage()
    controller.lock()
    wait_for_all(10_000)
    with pytest.raises(WrongPassphrase):
        open_session(paths, Secret.passphrase(PASSPHRASE))  # the forgotten one no longer opens the vault
    entries = audit_of(paths, unicodedata.normalize("NFD", composed))
    assert ("vault.passphrase_change", "Passphrase changed", "after a recovery-key unlock") in entries
    assert not any(action == "vault.passphrase_postponed" for action, _, _ in entries)
    open_session(paths, Secret.recovery(recovery)).close()  # the recovery key stays as it was


def test_later_is_warned_about_audited_and_changes_nothing(qtbot, controller, session_and_recovery) -> None:  # type: ignore[no-untyped-def]
    session, recovery = session_and_recovery
    paths = session.vault.paths
    session.close()
    dialog = unlocked_with_recovery(qtbot, controller, recovery)
    warning = dialog.ui.laterWarning
    assert warning.isVisible() and "recovery key again" in warning.text() and "nobody can open" in warning.text()
    keys_before = paths.keyslots.read_bytes()
    qtbot.keyClicks(dialog.ui.newEdit, NEW_PASSPHRASE)  # typed, then put off: nothing is kept
    qtbot.mouseClick(dialog.ui.laterButton, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dialog.changed and dialog.ui.newEdit.text() == ""
    controller.lock()
    wait_for_all(10_000)
    assert audit_of(paths, PASSPHRASE)[1][:2] == (
        "vault.passphrase_postponed", "New passphrase postponed (after a recovery-key unlock)"
    )  # [0] is this check's own unlock
    assert _slot(paths.keyslots.read_bytes()) == _slot(keys_before)  # the passphrase slot was not rewritten


def test_locking_with_the_prompt_open_commits_nothing_and_records_the_postponement(
    qtbot, controller, session_and_recovery  # type: ignore[no-untyped-def]
) -> None:
    session, recovery = session_and_recovery
    paths = session.vault.paths
    session.close()
    dialog = unlocked_with_recovery(qtbot, controller, recovery)
    dialog.ui.newEdit.setText(NEW_PASSPHRASE)
    dialog.ui.confirmEdit.setText(NEW_PASSPHRASE)
    controller.lock()  # before the passphrase is set
    wait_for_all(10_000)
    assert not dialog.isVisible()
    entries = audit_of(paths, PASSPHRASE)  # the old passphrase still opens: nothing was committed
    assert entries[1][0] == "vault.passphrase_postponed"


def test_a_passphrase_unlock_asks_nothing(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    window = controller.start()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    assert controller.main_window.findChild(NewPassphraseDialog) is None


def _slot(raw: bytes) -> object:
    import json

    return next(s for s in json.loads(raw)["slots"] if s["kind"] == "passphrase")
