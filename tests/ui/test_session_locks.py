"""Session security in the GUI: lock triggers (suspend, Windows screen lock via a fake message, minimise),
lock clears windows/models, back-off countdown, damaged-vault restore offer, Vault menu dialogs, second
instance, crash handler."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret, unwrap_key
from prevent_desktop.ui.app import (
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    AppController,
    SessionLockFilter,
    is_session_lock,
)
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.unlock import UnlockWindow
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, ROOT
from tests.helpers.unlocking import wait_for_main

SENTINEL = "ZZ-UI-SENTINEL-33c1"


def shot(widget: QWidget, name: str) -> None:
    """Screenshots for docs/screenshots, only when asked (PREVENT_DESKTOP_SCREENSHOTS=1): tests never dirty the tree."""
    import os

    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") == "1":
        widget.grab().save(str(ROOT / "docs" / "screenshots" / name))


@pytest.fixture
def controller(qtbot, paths: DataPaths, settings: QSettings):  # type: ignore[no-untyped-def]
    ctl = AppController(paths, settings=settings, kdf=TEST_KDF)
    yield ctl
    from prevent_desktop.ui.workers import wait_for_all

    assert ctl.jobs.wait(10_000)
    wait_for_all(10_000)
    qtbot.wait(10)
    if ctl.session is not None:
        ctl.session.close()
    if ctl.window is not None:
        ctl.window.close()
    ctl.release_vault_lock()


def unlock(qtbot, controller, text: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    window = controller.window
    assert isinstance(window, UnlockWindow)
    window.ui.passphraseEdit.setText(text)
    qtbot.keyClick(window.ui.passphraseEdit, Qt.Key.Key_Return)


def open_main(qtbot, controller) -> MainWindow:  # type: ignore[no-untyped-def]
    controller.start()
    unlock(qtbot, controller)
    return wait_for_main(qtbot, controller)


def widget_texts() -> list[str]:
    """Texts of every visible window and everything inside it (labels, edits, views' models, titles)."""
    texts: list[str] = []
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in [x for top in shown for x in (top, *top.findChildren(QWidget))]:
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.text())
        if isinstance(w, QWidget) and w.isWindow():
            texts.append(w.windowTitle())
        if isinstance(w, QAbstractItemView) and isinstance(w.model(), QAbstractItemModel):
            m = w.model()
            from PySide6.QtCore import QModelIndex

            try:
                columns = m.columnCount(QModelIndex())
            except TypeError:  # list models keep columnCount private: one column
                columns = 1
            for r in range(min(m.rowCount(QModelIndex()), 500)):
                for c in range(columns):
                    texts.append(str(m.index(r, c).data()))
    return texts


def test_suspend_locks(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    open_main(qtbot, controller)
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert controller.is_locked and isinstance(controller.window, UnlockWindow)


def test_windows_session_lock_message_locks_through_a_fake(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    assert is_session_lock(b"windows_generic_MSG", WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert not is_session_lock(b"windows_generic_MSG", WM_WTSSESSION_CHANGE, 0x8)  # unlock
    assert not is_session_lock(b"xcb_generic_event_t", WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert not is_session_lock(b"windows_generic_MSG", 0x0010, WTS_SESSION_LOCK)
    session.close()
    open_main(qtbot, controller)
    fake = SessionLockFilter(controller._lock_from_system, parse=lambda _m: (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK))
    assert fake.nativeEventFilter(b"windows_generic_MSG", 0) == (False, 0)
    qtbot.waitUntil(lambda: controller.is_locked, timeout=2000)
    # An unrelated message does nothing.
    other = SessionLockFilter(lambda: pytest.fail("locked"), parse=lambda _m: (0x0010, 0))
    other.nativeEventFilter(b"windows_generic_MSG", 0)
    qtbot.wait(20)


def test_minimise_locks_only_when_the_setting_is_on(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    main.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.wait(50)
    assert not controller.is_locked  # default off, as KeePassXC
    main.setWindowState(Qt.WindowState.WindowNoState)
    controller.session.vault.set_setting("lock_on_minimise", "1")
    main.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: controller.is_locked, timeout=2000)


def test_lock_closes_dialogs_and_leaves_no_personal_text(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.storage.db import transaction

    with transaction(session.conn):
        session.audit("test.sentinel", "case", "1", SENTINEL)
    session.close()
    main = open_main(qtbot, controller)
    main.show_area("Contacts")
    dialog = controller.show_audit_log()
    assert any(SENTINEL in t for t in widget_texts())
    passphrase_dialog = controller.change_passphrase()
    assert dialog.isVisible() and passphrase_dialog.isVisible()
    main.ui.actionLock.trigger()
    assert controller.is_locked
    qtbot.waitUntil(lambda: not dialog.isVisible() and not passphrase_dialog.isVisible())
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(main), "the main window (and its models) is deleted on lock"
    texts = widget_texts()
    assert not any(SENTINEL in t for t in texts)
    assert not any("Dynes" in t for t in texts)
    for w in QApplication.topLevelWidgets():  # titles never carry personal data
        assert SENTINEL not in w.windowTitle() and "Test DSO" not in w.windowTitle()


def test_audit_log_dialog_is_read_only_and_reports_intact_chain(qtbot, qtmodeltester, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    open_main(qtbot, controller)
    dialog = controller.show_audit_log()
    qtmodeltester.check(dialog.model)
    assert "intact" in dialog.status.text()
    assert dialog.model.rowCount() >= 2
    index = dialog.model.index(0, 3)
    assert not (dialog.model.flags(index) & Qt.ItemFlag.ItemIsEditable)
    assert dialog.model.index(0, 3).data() == "Vault unlocked"  # in words (tests/ui/test_audit_viewer.py: the shot)
    dialog.close()


def test_back_up_now_from_the_vault_menu_and_auto_backup_on_lock(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    main = open_main(qtbot, controller)
    assert [a.text() for a in main.ui.menuVault.actions() if a.text()][:4] == [
        "&Back up now…", "&Audit log…", "Change &passphrase…", "New &recovery key…"
    ]
    controller.action_backup.trigger()
    qtbot.waitUntil(lambda: getattr(controller, "last_manual_backup", None) is not None, timeout=10000)
    assert controller.last_manual_backup.path.parent == paths.backups
    box = main.findChild(QWidget, "backupDoneBox")
    assert box is not None and "verified" in box.text()
    main.ui.actionLock.trigger()
    qtbot.waitUntil(lambda: controller.last_auto_backup is not None, timeout=10000)
    assert controller.last_auto_backup.path.name.startswith("auto-")
    from prevent_desktop.services.backup_service import verify_backup

    verify_backup(controller.last_auto_backup.path, Secret.passphrase(PASSPHRASE))


def test_change_passphrase_and_new_recovery_key_dialogs(qtbot, controller, session_and_recovery) -> None:  # type: ignore[no-untyped-def]
    session, old_recovery = session_and_recovery
    paths = session.vault.paths
    session.close()
    open_main(qtbot, controller)
    dialog = controller.change_passphrase()
    assert "still opens" in dialog.consequence.text()  # the consequence of a plain change is stated
    dialog.new_edit.setText(NEW_PASSPHRASE)
    dialog.confirm_edit.setText(NEW_PASSPHRASE + "x")
    dialog.buttons.accepted.emit()
    assert "differ" in dialog.error.text()
    dialog.confirm_edit.setText(NEW_PASSPHRASE)
    qtbot.wait(50)  # let the layout settle before the screenshot
    shot(dialog, "change-passphrase.png")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    unwrap_key(paths, Secret.passphrase(NEW_PASSPHRASE))
    rk = controller.new_recovery_key()
    rk.passphrase_edit.setText(NEW_PASSPHRASE)
    rk.make_button.click()
    key = rk.key_label.text()
    assert len(key.split("-")) == 8 and not rk.make_button.isEnabled()
    # Shown, not yet in force: the old key still opens, the new one not yet.
    unwrap_key(paths, Secret.recovery(old_recovery))
    qtbot.wait(50)
    shot(rk, "new-recovery-key.png")
    rk.written.setChecked(True)
    rk.make_button.click()
    qtbot.waitUntil(lambda: rk.report is not None, timeout=10000)
    assert "re-encrypted" in rk.info.text() and rk.key_label.text() == ""
    rk.make_button.click()
    assert not rk.isVisible()
    unwrap_key(paths, Secret.recovery(key))
    from prevent_desktop.errors import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        unwrap_key(paths, Secret.recovery(old_recovery))


def test_failed_unlock_back_off_shows_a_countdown(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    window = controller.start()
    for _ in range(3):
        unlock(qtbot, controller, "wrong words here")
        qtbot.waitUntil(lambda: not window._busy, timeout=5000)
    qtbot.waitUntil(lambda: window.waiting, timeout=2000)
    assert "try again in 1 s" in window.ui.errorLabel.text()
    assert not window.ui.unlockButton.isEnabled()
    qtbot.wait(50)  # let the layout settle before the screenshot
    shot(window, "unlock-backoff.png")
    qtbot.waitUntil(lambda: not window.waiting, timeout=3000)
    assert window.ui.unlockButton.isEnabled()
    unlock(qtbot, controller)  # Return in the passphrase field works again at once
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=5000)
    actions = [r[0] for r in controller.session.conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions == ["vault.unlock", "vault.unlock_failed"]


def test_damaged_vault_offers_restore_from_the_newest_backup(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services.backup_service import backup_now

    paths = session.vault.paths
    with transaction(session.conn):  # rows nothing on screen reads: their pages are the last of the file
        session.conn.execute("CREATE TABLE zz_filler (body BLOB)")
        session.conn.executemany("INSERT INTO zz_filler VALUES (?)", [(bytes([i]) * 6000,) for i in range(20)])
    backup_now(session)
    session.close()
    data = bytearray(paths.database.read_bytes())
    data[len(data) - 6000] ^= 0x10
    paths.database.write_bytes(bytes(data))
    controller.start()
    unlock(qtbot, controller)
    # Issue 11: the unlock reads no whole file; the check of the whole vault after it finds the damage and offers
    # the way out: lock, then the unlock screen's restore.
    qtbot.waitUntil(lambda: controller.main_window is not None
                    and controller.main_window.findChild(QMessageBox, "vaultDamageBox") is not None, timeout=10000)
    box = controller.main_window.findChild(QMessageBox, "vaultDamageBox")
    assert "found damage" in box.text() and "newest backup" in box.text()
    assert "damage" in controller.main_window.statusBar().currentMessage()
    box.findChild(QPushButton, "lockAndRestoreButton").click()
    qtbot.waitUntil(lambda: controller.is_locked and isinstance(controller.window, UnlockWindow), timeout=5000)
    window = controller.window
    qtbot.waitUntil(lambda: window.restore_button.isVisible(), timeout=10000)
    assert "damage" in window.ui.errorLabel.text() and "newest backup" in window.ui.errorLabel.text()
    shot(window, "unlock-damaged.png")
    dialog = window.restore_dialog
    assert dialog.selected() is not None
    dialog.secret_edit.setText(PASSPHRASE)
    shot(dialog, "restore-dialog.png")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.restored, timeout=10000)
    assert list(paths.damaged.glob("*/vault.db"))
    assert "Restored" in window.ui.errorLabel.text()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)


def _count_index(conn) -> str:  # type: ignore[no-untyped-def]
    """The index the Cases page's count of the whole list reads (SQLite picks the smallest that covers it)."""
    plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM cases c"))
    return plan.split("COVERING INDEX ")[1].split()[0]


@pytest.mark.parametrize("where", ["home", "cases", "cases count"])
def test_damage_found_while_the_main_window_is_worked_out_after_unlock_locks_and_offers_restore(  # type: ignore[no-untyped-def]
    qtbot, controller, session, where
) -> None:
    """Issue 11: Home's list is worked out on the turns after the main window's first paint, the Cases page is
    built on the first of them (hidden: the DSO goes there next) and its count a turn after its rows, the other
    areas when first shown; a page any of them reads that fails its check is told like damage found at unlock
    (lock, the message, the restore offered), never a crash. Opening the vault reads none of these pages: the
    policy register's (Home's policy items read it), the people table's (only the case list shows names) and the
    index the case count reads (nothing else does)."""
    from prevent_desktop.services.backup_service import backup_now
    from tests.factories import log_case

    for _ in range(3):
        log_case(session)
    backup_now(session)
    name = {"home": "associated_policies", "cases": "people", "cases count": _count_index(session.conn)}[where]
    assert name not in ("cases", "cases_status_opened")  # (Home reads those)
    root = session.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    page_size = int(session.conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    paths = session.vault.paths
    session.close()
    data = bytearray(paths.database.read_bytes())
    data[(root - 1) * page_size + page_size // 2] ^= 0x10
    paths.database.write_bytes(bytes(data))
    submitted: list[str] = []  # what the controller hands its vault job queue
    submit = controller.jobs.submit

    def recorded(what: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        submitted.append(what)
        return submit(what, *args, **kwargs)

    controller.jobs.submit = recorded
    released = threading.Event()  # the whole-vault check waits: the damage is the window's to find, as in a loaded run

    def hold(job, stage):  # type: ignore[no-untyped-def]
        if job.what == "the vault check":
            released.wait(10)

    controller.jobs.step_hook = hold
    controller.start()
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: isinstance(controller.window, UnlockWindow) and controller.is_locked
                    and controller.window.restore_button.isVisible(), timeout=10000)
    text = controller.window.ui.errorLabel.text()
    assert "damaged" in text and "fails its check" in text
    assert controller.main_window is None
    # No automatic backup of the damaged vault at this lock (on main one was queued, failed its check and logged
    # a warning, sometimes after the test: under a loaded parallel run, an error at teardown).
    released.set()
    assert "the automatic backup" not in submitted, submitted


HOLDER = """
import sys, time
from pathlib import Path
from prevent_desktop.storage.lockfile import VaultLock
VaultLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_instance_is_refused_in_the_gui(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    session.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.lockfile)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        window = controller.start()
        unlock(qtbot, controller)
        qtbot.waitUntil(lambda: f"process {holder.pid}" in window.ui.errorLabel.text(), timeout=10000)
        assert controller.is_locked
    finally:
        holder.kill()
        holder.communicate()


@pytest.mark.expect_log("ERROR", "^unexpected error:")
def test_crash_handler_report_is_redacted_and_logged(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import logging

    from prevent_desktop.logs import setup_logging, shutdown_logging
    from prevent_desktop.ui.crash import crash_dialog, handle_exception

    paths = DataPaths(tmp_path / "v")
    setup_logging(paths)
    shown: list[str] = []
    try:
        raise ValueError(f"record text {SENTINEL}")
    except ValueError as exc:
        report = handle_exception(type(exc), exc, exc.__traceback__, show=shown.append)
    logging.getLogger("prevent_desktop").handlers[-1].flush()
    shutdown_logging()
    assert shown == [report]
    assert "ValueError" in report and SENTINEL not in report and "test_session_locks.py" in report
    log_text = (paths.logs / "prevent-desktop.log").read_text()
    assert "ValueError" in log_text and SENTINEL not in log_text
    box = crash_dialog(report)
    assert box.detailedText() == report
    shot(box, "crash-dialog.png")


def test_a_schema_update_at_unlock_runs_off_the_ui_thread(qtbot, controller, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The backup before a migration and the migration took seconds on a large vault (3.4 s for the backup alone
    at 100,000 cases), made inside the open on the UI thread: the window froze for them. Now the open stops, a
    worker migrates (the unlock window busy and saying so), and the open runs again."""
    from prevent_desktop.storage import migrations
    from prevent_desktop.storage import vault as vault_store

    paths = session.vault.paths
    session.close()
    real = migrations._schema_files()
    version = max(real) + 1
    monkeypatch.setattr(migrations, "_schema_files",
                        lambda: {**real, version: [("9999_probe.sql", "CREATE TABLE migration_probe (x INTEGER);")]})
    threads: list[int] = []
    real_migrate = vault_store.migrate

    def migrate(conn):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real_migrate(conn)

    monkeypatch.setattr(vault_store, "migrate", migrate)
    notices: list[str] = []
    controller.start()
    window = controller.window
    real_notice = window.set_notice
    monkeypatch.setattr(window, "set_notice", lambda text: (notices.append(text), real_notice(text)))
    unlock(qtbot, controller)
    wait_for_main(qtbot, controller)
    assert threads and threading.get_ident() not in threads[:1], "the migration ran on a worker"
    assert controller.session.vault.migrated == [version]
    assert len(list(paths.backups.glob("pre-migration-*.pdbackup"))) == 1  # made once, by the worker
    assert any("Updating the vault" in text for text in notices)
    assert controller.session.conn.execute("SELECT count(*) FROM migration_probe").fetchone()[0] == 0
