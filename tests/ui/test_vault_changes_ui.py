"""The vault's GUI paths (issues 13 and 14): Argon2id of a passphrase or recovery-key change never runs on the GUI
thread; unlock takes the vault lock first (another program mid-rekey means "in use", never "damaged", and its
side file is left alone); a rolled-back vault is reported at unlock with the three ways on; the full revocation
from the dialogs."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import Secret, open_session
from prevent_desktop.storage import keyslots
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import unwrap_key
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.unlock import UnlockWindow
from prevent_desktop.ui.vault_dialogs import RollbackDialog
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, ROOT
from tests.helpers.unlocking import wait_for_main
from tests.ui.test_session_locks import shot


@pytest.fixture
def controller(qtbot, paths: DataPaths, settings: QSettings):  # type: ignore[no-untyped-def]
    ctl = AppController(paths, settings=settings, kdf=TEST_KDF)
    yield ctl
    from prevent_desktop.ui.workers import wait_for_all

    wait_for_all(10_000)
    qtbot.wait(10)
    if ctl.session is not None:
        ctl.session.close()
    if ctl.window is not None:
        ctl.window.close()
    ctl.release_vault_lock()


def unlock(qtbot, controller, text: str = PASSPHRASE) -> UnlockWindow:  # type: ignore[no-untyped-def]
    window = controller.window
    assert isinstance(window, UnlockWindow)
    window.ui.passphraseEdit.setText(text)
    window.try_unlock()
    return window


def open_main(qtbot, controller) -> MainWindow:  # type: ignore[no-untyped-def]
    controller.start()
    unlock(qtbot, controller)
    return wait_for_main(qtbot, controller)


@pytest.fixture
def kdf_threads(monkeypatch):  # type: ignore[no-untyped-def]
    """Every Argon2id derivation records the thread it ran on (the real derivation still runs)."""
    seen: list[threading.Thread] = []
    real = keyslots.derive

    def recording(secret: str, salt: bytes, params: keyslots.KdfParams) -> bytes:
        seen.append(threading.current_thread())
        return real(secret, salt, params)

    monkeypatch.setattr(keyslots, "derive", recording)
    return seen


def test_passphrase_change_derives_off_the_gui_thread(qtbot, controller, session, kdf_threads) -> None:  # type: ignore[no-untyped-def]
    session.close()
    open_main(qtbot, controller)
    kdf_threads.clear()
    dialog = controller.change_passphrase()
    dialog.new_edit.setText(NEW_PASSPHRASE)
    dialog.confirm_edit.setText(NEW_PASSPHRASE)
    dialog.buttons.accepted.emit()
    assert dialog.busy  # the busy state shows while the worker derives
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert kdf_threads and all(t is not threading.main_thread() for t in kdf_threads), kdf_threads
    unwrap_key(controller.paths, Secret.passphrase(NEW_PASSPHRASE))


def off_gui(kdf_threads: list[threading.Thread]) -> None:
    """The derivations recorded since the last call all ran off the GUI thread (and there were some)."""
    assert kdf_threads and all(t is not threading.main_thread() for t in kdf_threads), kdf_threads
    kdf_threads.clear()


def test_revoking_passphrase_change_and_new_recovery_key_derive_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, controller, session_and_recovery, kdf_threads
) -> None:
    from prevent_desktop.errors import WrongPassphrase
    from prevent_desktop.services.backup_service import backup_now

    session, old_recovery = session_and_recovery
    backup_now(session)
    session.close()
    open_main(qtbot, controller)
    kdf_threads.clear()
    dialog = controller.change_passphrase()
    dialog.new_edit.setText(NEW_PASSPHRASE)
    dialog.confirm_edit.setText(NEW_PASSPHRASE)
    dialog.revoke_check.setChecked(True)
    assert "re-encrypted" in dialog.consequence.text()
    dialog.buttons.accepted.emit()
    key = dialog.key_label.text()  # shown first; nothing changed yet
    assert len(key.split("-")) == 8 and not dialog.ok_button.isEnabled()
    assert kdf_threads == []
    dialog.written.setChecked(True)
    dialog.buttons.accepted.emit()
    assert dialog.busy
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    off_gui(kdf_threads)
    assert "the old passphrase and the old recovery key open neither" in dialog.consequence.text()
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    unwrap_key(controller.paths, Secret.recovery(key))
    for old in (Secret.passphrase(PASSPHRASE), Secret.recovery(old_recovery)):
        with pytest.raises(WrongPassphrase):
            unwrap_key(controller.paths, old)

    kdf_threads.clear()
    rk = controller.new_recovery_key()
    rk.passphrase_edit.setText("not the passphrase")
    rk.make_button.click()
    rk.written.setChecked(True)
    rk.make_button.click()
    qtbot.waitUntil(lambda: rk.error.isVisible(), timeout=10000)
    assert "Wrong passphrase" in rk.error.text()  # checked before anything changes
    off_gui(kdf_threads)
    unwrap_key(controller.paths, Secret.recovery(key))
    kdf_threads.clear()
    rk.passphrase_edit.setText(NEW_PASSPHRASE)
    rk.make_button.click()
    qtbot.waitUntil(lambda: rk.report is not None, timeout=10000)
    off_gui(kdf_threads)


HOLDER = """
import sys, time
from pathlib import Path
from prevent_desktop.storage.lockfile import VaultLock
VaultLock(Path(sys.argv[1])).acquire()
Path(sys.argv[2]).write_bytes(Path(sys.argv[3]).read_bytes())  # a rekey's step 1: new slots written aside
print("held", flush=True)
time.sleep(60)
"""


def test_unlock_during_another_programs_rekey_says_in_use_and_touches_nothing(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.lockfile), str(paths.keyslots_next), str(paths.keyslots)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        window = controller.start()
        unlock(qtbot, controller)
        qtbot.waitUntil(lambda: not window._busy and window.ui.errorLabel.isVisible(), timeout=10000)
        text = window.ui.errorLabel.text()
        assert "already open in another Prevent Desktop" in text and f"process {holder.pid}" in text
        assert "damaged" not in text and not window.restore_button.isVisible()
        assert paths.keyslots_next.exists()  # the other program's side file was not "finished" under it
        assert controller.is_locked
    finally:
        holder.kill()
        holder.communicate()


def _roll_back(paths: DataPaths, tmp_path: Path) -> None:
    """Back up, add a record, back up again (into backups/), put the first backup's vault.db back."""
    from prevent_desktop.services.backup_service import backup_now

    with open_session(paths, Secret.passphrase(PASSPHRASE)) as s:
        info = backup_now(s, tmp_path / "old.pdbackup")
        s.vault.set_setting("made-after-the-backup", "1")
        backup_now(s)
    raw = info.path.read_bytes()
    length = int.from_bytes(raw[8:12], "big")
    paths.database.write_bytes(raw[12 + length : -32])


def test_rolled_back_vault_is_reported_at_unlock_and_lock_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, controller, session, tmp_path: Path
) -> None:
    paths = session.vault.paths
    session.close()
    _roll_back(paths, tmp_path)
    keys_before = paths.keyslots.read_bytes()
    window = controller.start()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(getattr(controller, "rollback_dialog", None), RollbackDialog), timeout=10000)
    dialog = controller.rollback_dialog
    assert dialog.isVisible() and "OLDER" in dialog.message.text() and "may be missing" in dialog.message.text()
    assert not dialog.accept_button.isEnabled()  # keeping the state needs the tick first
    qtbot.wait(50)
    shot(dialog, "rollback-dialog.png")
    dialog.lock_button.click()
    assert controller.is_locked and window.restore_button.isVisible()
    assert "OLDER" in window.ui.errorLabel.text()
    assert paths.keyslots.read_bytes() == keys_before  # opened, closed: the anchor was not re-based


def test_rolled_back_vault_keep_working_is_audited(qtbot, controller, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    _roll_back(paths, tmp_path)
    controller.start()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(getattr(controller, "rollback_dialog", None), RollbackDialog), timeout=10000)
    dialog = controller.rollback_dialog
    dialog.understood.setChecked(True)
    dialog.accept_button.click()
    assert isinstance(controller.window, MainWindow)
    actions = [r[0] for r in controller.session.conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 3")]
    assert actions[0] == "vault.rollback_accepted"
    assert controller.session.vault.check() == []


def test_rolled_back_vault_restore_from_the_dialog(qtbot, controller, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    _roll_back(paths, tmp_path)
    window = controller.start()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(getattr(controller, "rollback_dialog", None), RollbackDialog), timeout=10000)
    controller.rollback_dialog.restore_button.click()
    restore = window.restore_dialog
    assert restore.isVisible() and restore.selected() is not None  # the newest backup, selected
    restore.secret_edit.setText(PASSPHRASE)
    restore.buttons.accepted.emit()
    qtbot.waitUntil(lambda: restore.restored, timeout=10000)
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
    assert controller.session.vault.setting("made-after-the-backup") == "1"  # the missing record is back
    assert controller.session.vault.check() == []


def test_rolled_back_vault_question_still_locks_when_idle(qtbot, controller, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    _roll_back(paths, tmp_path)
    keys_before = paths.keyslots.read_bytes()
    controller.start()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(getattr(controller, "rollback_dialog", None), RollbackDialog), timeout=10000)
    dialog = controller.rollback_dialog
    assert controller.idle_timer.isActive()
    controller.idle_timer.timeout.emit()  # the DSO walked away
    assert not dialog.isVisible() and isinstance(controller.window, UnlockWindow)
    assert paths.keyslots.read_bytes() == keys_before
    from prevent_desktop.storage.lockfile import holds

    controller.release_vault_lock()
    assert not holds(paths.lockfile)  # the rolled-back session was closed, not left open


def test_revocation_commit_runs_as_a_vault_job_and_the_window_stays_usable(  # type: ignore[no-untyped-def]
    qtbot, controller, session, monkeypatch
) -> None:
    """Issue 11 (item 4): the commit's ``PRAGMA rekey`` re-encrypts the whole file (3 s at 42 MB); it ran on the
    GUI thread on the UI's own connection, freezing the window. Now it is a vault job on a connection of its own:
    the UI's connection is closed meanwhile (one owner each) and opened again under the new key after; the dialog
    shows the progress and cannot be closed until the commit has finished."""
    from prevent_desktop.services import settings
    from tests.helpers.sqltrace import traced

    session.close()
    open_main(qtbot, controller)
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10000)  # the check of the whole vault after unlock
    held = threading.Event()
    release = threading.Event()

    def hold(job, stage: str) -> None:  # type: ignore[no-untyped-def]
        if job.what == "the re-encryption" and stage == "open" and not held.is_set():
            held.set()
            release.wait(10)

    controller.jobs.step_hook = hold
    with traced(monkeypatch) as trace:
        rk = controller.new_recovery_key()
        rk.passphrase_edit.setText(PASSPHRASE)
        rk.make_button.click()
        new_key = rk.key_label.text()
        rk.written.setChecked(True)
        rk.make_button.click()
        qtbot.waitUntil(held.is_set, timeout=15000)
        assert rk.busy and rk.committing and "Re-encrypting" in rk.error.text()
        from prevent_desktop.errors import KnownError

        with pytest.raises(KnownError, match="re-encrypted"):  # a stray timer's save meanwhile: a sentence
            settings.get(controller.session, settings.USER_NAME)
        rk.reject()  # Esc while the vault is re-encrypted: the dialog stays, the commit goes on
        assert rk.isVisible()
        qtbot.wait(50)  # the event loop runs meanwhile: the window is painted, timers fire
        release.set()
        qtbot.waitUntil(lambda: rk.report is not None, timeout=15000)
    rekeys = [(thread, sql) for thread, sql in trace.statements if "PRAGMA rekey" in sql]
    assert rekeys and all(thread != threading.main_thread().name for thread, _sql in rekeys), rekeys
    assert not rk.committing
    # The UI's session works on at once, under the new key.
    ui = controller.session
    assert settings.get(ui, settings.USER_NAME)
    settings.change(ui, settings.AUTOLOCK_MINUTES, 7)
    assert ui.vault.key == unwrap_key(controller.paths, Secret.recovery(new_key))
    assert ui.vault.key == unwrap_key(controller.paths, Secret.passphrase(PASSPHRASE))


def test_unlock_scans_nothing_on_the_gui_thread_and_schedules_the_whole_vault_check(  # type: ignore[no-untyped-def]
    qtbot, controller, session, monkeypatch
) -> None:
    """Issue 11: the GUI's unlock (worker + UI thread + main window) runs no whole-file scan on the GUI thread; the
    whole-vault check runs after it as a vault job, records a sound vault, and is not run again the same day."""
    from prevent_desktop.services import settings
    from tests.helpers.sqltrace import traced

    session.close()
    with traced(monkeypatch) as trace:
        open_main(qtbot, controller)
        assert controller.full_check_job.what == "the vault check"
        qtbot.waitUntil(lambda: controller.full_check_job.ended.is_set() and not controller.jobs.busy, timeout=15000)
    gui = threading.main_thread().name
    assert trace.scans(thread=gui) == []
    assert trace.matching("cipher_integrity_check"), "the check ran, on the job's thread"
    assert controller.last_full_check == []
    assert settings.get(controller.session, settings.INTEGRITY_CHECKED_AT)
    assert "no damage found" in controller.main_window.statusBar().currentMessage()
    job = controller.full_check_job
    controller.lock()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
    assert controller.full_check_job is job, "checked today: not again"
