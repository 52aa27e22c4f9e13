"""The GUI's controller: first run or unlock, the main window, lock (Ctrl+L), idle auto-lock, lock on
system suspend / screen lock (Windows WTS) / minimise (setting), automatic backups on lock and quit, the
data dir's lock file, and the crash handler.

Lock triggers (each closes the connection, drops the key, closes every window and dialog holding vault data,
clears our clipboard content and shows the unlock screen):
  - Ctrl+L / Vault → Lock; idle for ``autolock_minutes`` (vault setting, default 5; 0 = off);
  - ``QGuiApplication.applicationStateChanged`` → ApplicationSuspended (system suspend where Qt reports it);
  - Windows: WM_WTSSESSION_CHANGE with WTS_SESSION_LOCK (screen lock, user switch) via a native event filter;
  - minimising the main window when the vault setting ``lock_on_minimise`` is "1" (default off, as KeePassXC).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# Few names: PySide6 builds each type when it is first touched (the ``Qt`` namespace's ~90 enums ~40 ms, a message
# box 2.4 ms); the message boxes and actions are reached through their modules when first used, after the first
# window's paint (issue 11: start-up).
from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from prevent_desktop import APP_NAME, __version__
from prevent_desktop.errors import KnownError, VaultDamaged
from prevent_desktop.paths import DataPaths
from prevent_desktop.ui.workers import NEXT_TURN_MS, run_task

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from prevent_desktop.ui.unlock import UnlockWindow

log = logging.getLogger(__name__)

QUIT_WAIT_MS = 30_000  # quit waits this long for a backup in flight, saying so, then stops it
_USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.ShortcutOverride,  # a key that is a shortcut (Ctrl+1) reaches filters only as this
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def app_settings() -> QSettings:
    """Window geometry only: nothing personal, no paths, no recent files (see ARCHITECTURE.md)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on any user input anywhere in the application, hides the warning shown a
    minute before the lock (``ui/lock_warning.py``), and gives each key pressed to ``on_key`` first (the
    controller's Lock shortcut from any window: a True answer means the key was used)."""

    def __init__(
        self, timer: QTimer, warner: Any = None, on_key: Callable[[QEvent], bool] | None = None
    ) -> None:
        super().__init__()
        self.timer = timer
        self.warner = warner
        self.on_key = on_key

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.on_key is not None and self.on_key(event):
            return True
        if event.type() in _USER_INPUT and self.timer.isActive():
            if (
                self.warner is not None
                and event.type() == QEvent.Type.MouseMove
                and self.warner.is_showing()
                and not self.warner.moved_since_shown()
            ):
                return False  # the warning appearing under the pointer is not the user moving it
            self.timer.start()
            if self.warner is not None:
                self.warner.user_input()
        return False


# -- Windows screen lock: WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK -----------------------------------------------
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_LOGOFF = 0x6
_LOCKING_WTS_EVENTS = {WTS_SESSION_LOCK, WTS_SESSION_LOGOFF}
NOTIFY_FOR_THIS_SESSION = 0


def is_session_lock(event_type: bytes | str, message_id: int, wparam: int) -> bool:
    """Pure logic, tested on every platform: does this native message mean the Windows session locked?"""
    kind = event_type.decode("ascii", "replace") if isinstance(event_type, bytes | bytearray) else str(event_type)
    return kind == "windows_generic_MSG" and message_id == WM_WTSSESSION_CHANGE and wparam in _LOCKING_WTS_EVENTS


def _parse_windows_msg(message: Any) -> tuple[int, int]:  # pragma: no cover - Windows only
    from ctypes import wintypes

    msg = wintypes.MSG.from_address(int(message))
    return int(msg.message), int(msg.wParam)


class SessionLockFilter(QAbstractNativeEventFilter):
    """Calls ``on_lock`` when Windows reports the session locked. ``parse`` turns the native message into
    (message id, wParam); tests pass a fake one."""

    def __init__(self, on_lock: Callable[[], None], parse: Callable[[Any], tuple[int, int]] | None = None) -> None:
        super().__init__()
        self.on_lock = on_lock
        self.parse = parse or _parse_windows_msg

    def nativeEventFilter(self, eventType: Any, message: Any) -> Any:
        kind = bytes(eventType) if not isinstance(eventType, str) else eventType
        if kind in (b"windows_generic_MSG", "windows_generic_MSG"):
            try:
                message_id, wparam = self.parse(message)
            except Exception:  # a message we cannot read is not a lock request
                return False, 0
            if is_session_lock(kind, message_id, wparam):
                QTimer.singleShot(0, self.on_lock)
        return False, 0


def register_session_notifications(window: QWidget) -> bool:  # pragma: no cover - Windows only
    """Ask Windows to send WM_WTSSESSION_CHANGE to this window (WTSRegisterSessionNotification)."""
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return bool(ctypes.windll.wtsapi32.WTSRegisterSessionNotification(int(window.winId()), NOTIFY_FOR_THIS_SESSION))
    except (OSError, AttributeError):
        return False


class MinimiseWatcher(QObject):
    """Locks when the watched window is minimised, if the vault setting asks for it."""

    def __init__(self, controller: AppController) -> None:
        super().__init__(controller)
        # A weak reference: no Python reference cycle, so the controller is never left to the cyclic garbage
        # collector, which may run on a worker thread (deleting QObjects off the GUI thread crashes).
        self._controller = weakref.ref(controller)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        controller = self._controller()
        if (
            controller is not None
            and event.type() == QEvent.Type.WindowStateChange
            and isinstance(obj, QWidget)
            and obj.isMinimized()
            and controller.lock_on_minimise()
        ):
            # Deferred (the window finishes minimising first), and bound to this window: a request that arrives
            # after the vault locked and opened again (the old window's last events) is void, never a new lock.
            window = weakref.ref(obj)
            QTimer.singleShot(0, controller, lambda: controller.lock_if_shown(window))
        return False


class AppController(QObject):
    """Owns the one open session. Lock drops the key and every window that shows vault data."""

    def __init__(self, paths: DataPaths, settings: QSettings | None = None, kdf: Any = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings or app_settings()
        self.kdf = kdf  # tests pass cheap parameters; the product calibrates
        self.session: Any = None
        self.window: Any = None
        self.main_window: Any = None
        self.vault_lock: Any = None  # the data dir's lock file, held from the first unlock until quit
        self.auto_backups = True
        self.last_auto_backup: Any = None
        self.last_manual_backup: Any = None  # the backup info of the last Back up now…
        self.last_manual_backup_error: KnownError | None = None
        self.last_full_check: list[str] | None = None  # problems the last whole-vault check found
        self.background_error: str = ""
        from prevent_desktop.ui.jobs import VaultJobs

        self.jobs = VaultJobs(paths, self)  # the one queue for work that needs the vault (ui/jobs.py)
        from prevent_desktop.ui.warmup import Warmup

        self.warmup = Warmup(self)  # after the first window's paint: what the main window needs (ui/warmup.py)
        self.quit_wait_ms = QUIT_WAIT_MS
        self._quit_done = False
        self._locking_jobs: set[int] = set()  # jobs that were running when the vault locked (see lock)
        self.jobs.job_finished.connect(self._locking_job_finished)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self_ref = weakref.ref(self)  # weak: no reference cycle (see MinimiseWatcher)
        self._lock_warner: Any = None  # made at the first unlock (``lock_warner``): nothing before the first paint
        self.idle_watcher = IdleWatcher(self.idle_timer, on_key=lambda event: self._lock_key_of(self_ref, event))
        self.minimise_watcher = MinimiseWatcher(self)
        self.session_lock_filter = SessionLockFilter(
            lambda: self._lock_from_system_of(self_ref)  # weak: no reference cycle
        )
        self._watching_suspend = False  # connected at the first unlock (watch_for_suspend)
        self._watching_input = False  # the idle watcher, installed at the first unlock (_watch_input)
        app = QApplication.instance()
        assert app is None or isinstance(app, QApplication)  # a widgets application (run_gui, tests)
        from prevent_desktop.ui import a11y

        self.window_policy = a11y.install(app)  # keyboard, screen-reader and screen-fit rules for every window
        from prevent_desktop.ui import collector

        self.collector = collector.install(app)  # reference cycles freed on the GUI thread, never a worker's
        if app is not None:
            if sys.platform == "win32":  # pragma: no cover - Windows only
                app.installNativeEventFilter(self.session_lock_filter)

    # -- screens -------------------------------------------------------------------------------------------
    def start(self) -> QWidget:
        if self.paths.exists():
            return self.show_unlock()
        return self.show_setup()

    @staticmethod
    def _main_window_of(ref: Callable[[], AppController | None]) -> QWidget | None:
        ctl = ref()
        window: QWidget | None = ctl.main_window if ctl is not None else None
        return window

    @staticmethod
    def _lock_from_system_of(ref: Callable[[], AppController | None]) -> None:
        ctl = ref()
        if ctl is not None:
            ctl._lock_from_system()

    def show_unlock(self) -> UnlockWindow:
        from prevent_desktop.ui.unlock import UnlockWindow

        window = UnlockWindow(self.paths, jobs=self.jobs)
        window.unlocked.connect(self._open_with_key)
        self._swap(window)
        self.warmup.start_after_paint(window)  # the main window's modules load while the passphrase is typed
        return window

    def show_setup(self) -> QWidget:
        from prevent_desktop.ui.setup import SetupWindow

        window = SetupWindow(self.paths, kdf=self.kdf)
        window.created.connect(self.show_main)
        self._swap(window)
        self.warmup.start_after_paint(window)
        return window

    def _swap(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        window.show()
        if old is not None and old is not window:
            old.close()
            old.deleteLater()

    def take_vault_lock(self) -> None:
        """Refuse a second instance on the same data dir (raises VaultLocked naming the other one)."""
        if self.vault_lock is None:
            from prevent_desktop.services.vault_service import take_vault_lock

            self.vault_lock = take_vault_lock(self.paths)

    def _migrate_then_open(self, unlocked: Any) -> None:
        """The schema update on a worker, the unlock window busy and saying so; then the open again, which makes
        whatever is still pending itself (the worker's update is best effort) and reports any problem."""
        from prevent_desktop.services.unlocking import migrate_pending

        window = self.window
        shows = window is not None and hasattr(window, "set_busy") and hasattr(window, "set_notice")
        before = window.notice() if shows and hasattr(window, "notice") else ""
        if shows:
            window.set_busy(True)
            window.set_notice("Updating the vault for this version of Prevent Desktop (a backup is made first)…")

        def reopen(_result: object) -> None:
            if shows:
                window.set_busy(False)
                window.set_notice(before)
            self._open_with_key(unlocked, migrate_here=True)

        run_task(lambda: migrate_pending(unlocked), reopen, reopen, receiver=self)

    def release_vault_lock(self) -> None:
        if self.vault_lock is not None:
            self.vault_lock.release()
            self.vault_lock = None

    def _open_with_key(self, unlocked: Any, *, migrate_here: bool = False) -> None:
        """The fast half of the unlock use case, on the UI thread (which owns the connection). A schema out of
        date is migrated on a worker first (``_migrate_then_open``): the backup before it and the migration take
        seconds on a large vault."""
        from prevent_desktop.errors import MigrationPending
        from prevent_desktop.services.vault_service import open_unlocked

        if self._quit_done:  # the key derivation finished after quit began: open nothing
            return
        try:
            self.take_vault_lock()
            session = open_unlocked(unlocked, allow_rollback=True, migrate_here=migrate_here)
        except MigrationPending:
            self._migrate_then_open(unlocked)
            return
        except VaultDamaged as exc:
            from prevent_desktop.services.backup_service import damaged_hint

            unlocked.release()
            if self.window is not None and hasattr(self.window, "show_damage"):
                self.window.show_damage(str(exc) + damaged_hint(self.paths, gui=True))
            return
        except KnownError as exc:
            unlocked.release()
            if self.window is not None and hasattr(self.window, "show_error"):
                self.window.show_error(str(exc))
            return
        if session.rollback:
            self.ask_about_rollback(session)
            return
        # Opening the vault and building the main window are two short turns of the event loop, not one long one
        # (issue 11: the UI thread never blocked > 50 ms during unlock). Held as the session meanwhile, so a lock
        # or quit in between closes it, and the second turn then shows nothing.
        self.session = session
        self.restart_idle_timer()  # the key is in memory from now: idle counts from here (a stale trigger is void)
        QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._show_main_if_current(session))

    def _show_main_if_current(self, session: Any) -> None:
        if self.session is session and session.vault.is_open and not self._quit_done:
            self._show_main_or_damage(session)

    def _show_main_or_damage(self, session: Any) -> None:
        """The main window reads the pages it shows; one that fails its check (the unlock reads no whole file)
        is told like damage found at unlock, with the restore offered, never as a crash."""
        from prevent_desktop.services.background import damaged

        try:
            self.show_main(session)
        except Exception as exc:
            if not damaged(exc):
                raise
            self.session = None
            session.close()
            self._tell_page_damage()

    def _damaged_while_shown(self) -> None:
        """A page an area needed (built or worked out after the main window showed) fails its check: lock, then
        the unlock screen says so and offers the restore, as for damage found while opening."""
        if self.is_locked:
            return
        # No automatic backup of a vault just found damaged: it could only fail its check (and on main it ran,
        # and failed, after the unlock screen had offered the restore of a good one).
        self.lock(auto_backup=False)
        self._tell_page_damage()

    def _tell_page_damage(self) -> None:
        """On the unlock window: a page the records need fails its check, and the way out (restore)."""
        from prevent_desktop.services.backup_service import damaged_hint

        if self.window is not None and hasattr(self.window, "show_damage"):
            self.window.show_damage(
                "The vault database is damaged: a page needed to show your records fails its check."
                + damaged_hint(self.paths, gui=True)
            )

    def ask_about_rollback(self, session: Any) -> Any:
        """The vault in place is older than its anchor: say so, and let the DSO choose (restore the newest
        backup, keep working with this state — recorded in the audit log — or lock). Nothing is overwritten
        meanwhile: the anchor stays as it was until one of the first two happens."""
        from prevent_desktop.services.vault_service import rollback_message
        from prevent_desktop.ui.vault_dialogs import RollbackDialog

        message = rollback_message(self.paths, session.rollback, gui=True)
        dialog = RollbackDialog(message, self.window, details=list(session.rollback))
        self.rollback_dialog = dialog
        self_ref = weakref.ref(self)

        def chosen(choice: str) -> None:
            ctl = self_ref()
            if ctl is not None:
                ctl._rollback_chosen(session, choice)

        dialog.chosen.connect(chosen)
        dialog.open()
        self.restart_idle_timer()  # the key is in memory while the DSO decides: idle still locks (closing this)
        return dialog

    def _rollback_chosen(self, session: Any, choice: str) -> None:
        from prevent_desktop.services.vault_service import accept_rollback, rollback_message

        if choice == "accept":
            try:
                accept_rollback(session)
            except KnownError as exc:
                session.close()
                if self.window is not None and hasattr(self.window, "show_error"):
                    self.window.show_error(str(exc))
                return
            self.show_main(session)
            return
        message = rollback_message(self.paths, session.rollback, gui=True)
        session.close()  # the anchor is left as it was: the evidence stays
        if self.window is not None and hasattr(self.window, "show_damage"):
            if choice == "restore":
                self.window.show_damage(message)
                self.window.offer_restore()
            else:
                self.window.show_damage(message)

    def show_main(self, session: Any) -> QWidget:
        from prevent_desktop.ui.main_window import MainWindow

        with contextlib.suppress(KnownError):  # a session made by the setup window: hold the lock from now on
            self.take_vault_lock()
        self.session = session
        window = MainWindow(session, self.settings, paint_first=True)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        window.settings_changed.connect(lambda _keys: self.restart_idle_timer())
        # Queued: whatever noticed it (a page being built, Home's list) finishes its turn before the lock.
        from PySide6.QtCore import Qt

        window.vault_damaged.connect(self._damaged_while_shown, Qt.ConnectionType.QueuedConnection)
        window.installEventFilter(self.minimise_watcher)
        self._add_vault_actions(window)
        register_session_notifications(window)
        self.main_window = window
        self._swap(window)
        self.watch_for_suspend()
        self._watch_input()
        self.restart_idle_timer()
        self._warn_about_key_slots(session, window)
        from prevent_desktop.ui import drafts_dialog

        self.drafts_offer = drafts_dialog.install(session, window)  # drafts kept at the last lock or crash
        from prevent_desktop.services.vault_service import RECOVERY

        if getattr(session, "unlocked_with", "") == RECOVERY:  # the passphrase is probably forgotten
            self.ask_for_new_passphrase(session, window)
        self.start_full_check(session, window)
        log.info("main window shown")
        return window

    def ask_for_new_passphrase(self, session: Any, window: Any) -> Any:
        """After a recovery-key unlock: set a new passphrase now or put it off (both audited; ui/unlock.py)."""
        from prevent_desktop.ui.unlock import NewPassphraseDialog

        dialog = NewPassphraseDialog(session, window, kdf=self.kdf)
        dialog.accepted.connect(
            lambda: window.statusBar().showMessage("New passphrase set: it opens the vault from now on.", 15_000)
        )
        self.new_passphrase_dialog = dialog
        dialog.open()
        return dialog

    # -- the whole-vault check after unlock (issue 11: the unlock itself reads only what it needs) ----------------
    def start_full_check(self, session: Any, window: Any) -> Any:
        """When due (``services.vault_service.full_check_due``: a day since the last clean one, or damage on record),
        check the whole vault as a vault job on its own connection: the window is usable at once, saves never wait
        for it, and lock or quit stop it (it runs again at the next unlock)."""
        from datetime import datetime

        from prevent_desktop.services.vault_service import full_check, full_check_due

        try:
            now = datetime.now().astimezone()
            if not full_check_due(session, now):
                return None
            key = session.vault.key_copy()
        except KnownError:
            return None
        self_ref = weakref.ref(self)  # the job's callbacks must not keep the controller alive (see MinimiseWatcher)

        def done(problems: list[str]) -> None:
            ctl = self_ref()
            if ctl is None:
                return
            ctl.last_full_check = problems
            if ctl.main_window is window:
                if problems:
                    ctl._report_damage(window, len(problems))
                elif not window.statusBar().currentMessage():  # never over a message the DSO has yet to read
                    window.statusBar().showMessage("The whole vault was checked: no damage found.", 10_000)

        def failed(exc: KnownError) -> None:
            from prevent_desktop.ui.jobs import JobCancelled

            if not isinstance(exc, JobCancelled):  # stopped by lock or quit: it runs again at the next unlock
                log.warning("whole-vault check not made: %s", type(exc).__name__)

        self.full_check_job = self.jobs.submit(
            "the vault check",
            lambda ctx: full_check(ctx.session, now=now, step=ctx.step),
            key=key,
            receiver=self,
            on_done=done,
            on_error=failed,
        )
        return self.full_check_job

    def _stop_full_check(self) -> Any:
        """Lock and quit stop the check (nothing is recorded, so it runs again at the next unlock)."""
        job = getattr(self, "full_check_job", None)
        if job is not None and not job.ended.is_set():
            job.cancel()
        return job

    def _report_damage(self, window: Any, problems: int) -> QtWidgets.QMessageBox:
        """The background check found damage: the status bar, Home, and a box offering the way out (lock, then the
        unlock screen's restore, as for a vault found damaged at unlock)."""
        from prevent_desktop.services.vault_service import damage_found_message

        window.statusBar().showMessage("The check of the whole vault found damage: see Home.")
        home = getattr(window, "pages", {}).get("Home")
        if home is not None and hasattr(home, "refresh"):
            home.refresh()
        message = damage_found_message(self.paths, problems, gui=True)
        box_type = QtWidgets.QMessageBox
        box = box_type(box_type.Icon.Warning, "The vault is damaged", message, parent=window)
        box.setObjectName("vaultDamageBox")
        restore = box.addButton("Lock and restore…", box_type.ButtonRole.AcceptRole)
        restore.setObjectName("lockAndRestoreButton")
        box.addButton("Later", box_type.ButtonRole.RejectRole)
        self_ref = weakref.ref(self)

        def chosen(button: Any) -> None:
            ctl = self_ref()
            if ctl is not None and button is restore:
                ctl.lock()
                if hasattr(ctl.window, "show_damage"):
                    ctl.window.show_damage(damage_found_message(ctl.paths, problems, gui=True))
                    ctl.window.offer_restore()

        box.buttonClicked.connect(chosen)
        box.open()
        return box

    def _warn_about_key_slots(self, session: Any, window: QWidget) -> None:
        """Weak or unknown key slots are told at unlock, as `check` does (a box that does not block)."""
        from prevent_desktop.services.vault_service import key_slot_warnings

        try:
            warnings = key_slot_warnings(session, gui=True)  # the remedy named as Vault menu actions
        except KnownError:
            return
        if warnings:
            box_type = QtWidgets.QMessageBox
            box = box_type(box_type.Icon.Warning, "Prevent Desktop", "\n\n".join(warnings),
                           box_type.StandardButton.Ok, window)
            box.setObjectName("keySlotWarning")
            box.open()

    # -- Vault menu: backup, audit log, passphrase, recovery key ---------------------------------------------
    def _add_vault_actions(self, window: Any) -> None:
        menu = window.ui.menuVault
        before = window.ui.actionLock
        self.action_backup = QtGui.QAction("&Back up now…", window)
        self.action_backup.setObjectName("actionBackupNow")
        self.action_backup.triggered.connect(self.backup_now)
        self.action_audit = QtGui.QAction("&Audit log…", window)
        self.action_audit.setObjectName("actionAuditLog")
        self.action_audit.triggered.connect(self.show_audit_log)
        self.action_passphrase = QtGui.QAction("Change &passphrase…", window)
        self.action_passphrase.setObjectName("actionChangePassphrase")
        self.action_passphrase.triggered.connect(self.change_passphrase)
        self.action_recovery = QtGui.QAction("New &recovery key…", window)
        self.action_recovery.setObjectName("actionNewRecoveryKey")
        self.action_recovery.triggered.connect(self.new_recovery_key)
        for action in (self.action_backup, self.action_audit, self.action_passphrase, self.action_recovery):
            menu.insertAction(before, action)
        menu.insertSeparator(before)

    def backup_now(self) -> Any:
        """Vault → Back up now…: a vault job on a connection of its own (the window stays usable; saves made
        meanwhile wait for the backup's read snapshot at most, they never fail or get mixed into it)."""
        from prevent_desktop.services.backup_service import backup_now

        session, window = self.session, self.main_window
        if session is None or window is None:
            return None
        self.action_backup.setEnabled(False)
        window.statusBar().showMessage("Making a verified backup…")
        self_ref = weakref.ref(self)  # the job's callbacks must not keep the controller alive (see MinimiseWatcher)

        def done(info: Any) -> None:
            ctl = self_ref()
            if ctl is None:
                return
            ctl.last_manual_backup = info
            if ctl.main_window is window:
                ctl.action_backup.setEnabled(True)
                window.statusBar().showMessage("Backup made and verified.", 10_000)
                box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, "Backup made", "",
                                            parent=window)
                box.setText(f"The backup was made and verified:\n{info.path}")
                box.setObjectName("backupDoneBox")
                box.open()
            elif ctl.is_locked and hasattr(ctl.window, "set_notice"):
                ctl.window.set_notice("Locked. The backup was made and verified.")

        def failed(exc: KnownError) -> None:
            ctl = self_ref()
            log.warning("backup failed: %s", type(exc).__name__)
            if ctl is None:
                return
            ctl.last_manual_backup_error = exc
            if ctl.main_window is window:
                ctl.action_backup.setEnabled(True)
                window.statusBar().clearMessage()
                box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "Backup failed", str(exc),
                                            parent=window)
                box.setObjectName("backupFailedBox")
                box.open()
            elif ctl.is_locked and hasattr(ctl.window, "set_notice"):
                ctl.window.set_notice(f"Locked. The backup was not made: {exc}")

        return self.jobs.submit(
            "the backup",
            lambda ctx: backup_now(ctx.session, step=ctx.step),
            key=session.vault.key_copy(),
            receiver=self,
            on_done=done,
            on_error=failed,
        )

    def show_audit_log(self) -> Any:
        from prevent_desktop.ui.vault_dialogs import AuditLogDialog

        if self.session is None:
            return None
        dialog = AuditLogDialog(self.session, self.main_window)
        dialog.open()
        return dialog

    def change_passphrase(self) -> Any:
        from prevent_desktop.ui.vault_dialogs import ChangePassphraseDialog

        if self.session is None:
            return None
        dialog = ChangePassphraseDialog(self.session, self.main_window, kdf=self.kdf, jobs=self.jobs)
        dialog.open()
        return dialog

    def new_recovery_key(self) -> Any:
        from prevent_desktop.ui.vault_dialogs import RecoveryKeyDialog

        if self.session is None:
            return None
        dialog = RecoveryKeyDialog(self.session, self.main_window, kdf=self.kdf, jobs=self.jobs)
        dialog.open()
        return dialog

    # -- system triggers -------------------------------------------------------------------------------------
    def watch_for_suspend(self) -> None:
        """Lock when the system suspends. Connected when a vault first opens (a suspend before that has nothing
        to lock), not at start-up: delivering the state to Python builds PySide6's ``Qt`` namespace (~40 ms),
        which would otherwise happen before the first window is painted."""
        app = QApplication.instance()
        if not self._watching_suspend and isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.application_state_changed)
            self._watching_suspend = True

    def _watch_input(self) -> None:
        """The idle watcher on the whole application, from the first unlock: locked, there is nothing to time
        out, and an application-wide Python event filter makes every new Qt object's class cross into Python as
        it is made (issue 11: 138 enum classes built while the unlock window's first label was laid out)."""
        app = QApplication.instance()
        if app is not None and not self._watching_input:
            app.installEventFilter(self.idle_watcher)
            self._watching_input = True

    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationSuspended and not self.is_locked:
            log.info("locking: the system is suspending")
            self.lock()

    @staticmethod
    def _lock_key_of(controller: Callable[[], AppController | None], event: QEvent) -> bool:
        alive = controller()
        return alive is not None and alive.lock_key_pressed(event)

    def lock_key_pressed(self, event: QEvent) -> bool:
        """The Lock action's shortcut (Ctrl+L) pressed in a window of this session that is not the main window's
        own shortcut's to take: a dialog over it. Qt gives the shortcuts of a window a modal dialog blocks nothing,
        so on main Ctrl+L in Log a concern, Settings or any other dialog did nothing. Locks on the next turn (the
        dialog finishes its key event first), bound to this main window like the other deferred locks."""
        from PySide6.QtGui import QKeyEvent, QKeySequence

        main = self.main_window
        if main is None or not isinstance(event, QKeyEvent):
            return False
        lock_keys = main.ui.actionLock.shortcut()
        if lock_keys.isEmpty() or QKeySequence(event.keyCombination()).matches(lock_keys) != (
            QKeySequence.SequenceMatch.ExactMatch
        ):
            return False
        window = weakref.ref(main)
        QTimer.singleShot(0, self, lambda: self.lock_if_shown(window))
        return True

    def lock_if_shown(self, window: Callable[[], QWidget | None]) -> None:
        """Lock if ``window`` (a weak reference) is still the main window shown."""
        shown = window()
        if shown is not None and shown is self.main_window:
            self.lock()

    def _lock_from_system(self) -> None:
        if not self.is_locked:
            log.info("locking: the desktop session was locked")
            self.lock()

    def lock_on_minimise(self) -> bool:
        from prevent_desktop.services import settings

        try:
            return self.session is not None and settings.get(self.session, settings.LOCK_ON_MINIMISE)
        except KnownError:  # the vault is being re-encrypted (a revocation's commit): asked again next time
            return False

    # -- automatic backups -----------------------------------------------------------------------------------
    def _auto_backup_args(self) -> tuple[bytearray, int] | None:
        """Read on the UI thread while the session is open: a copy of the key (the job scrubs it) and how many
        automatic backups to keep; None when automatic backups are off."""
        from prevent_desktop.services import settings
        from prevent_desktop.services.backup_service import backup_keep

        if not self.auto_backups or self.session is None or not self.session.vault.is_open:
            return None
        from prevent_desktop.services.vault_service import recorded_damage

        try:
            if not settings.get(self.session, settings.AUTO_BACKUP) or recorded_damage(self.session) is not None:
                return None  # off, or the vault has damage on record (the backups you have may be the good ones)
            return self.session.vault.key_copy(), backup_keep(self.session)
        except Exception:  # a closed or broken connection: no backup, never a crash on lock
            return None

    def _start_auto_backup(self, args: tuple[bytearray, int] | None) -> Any:
        """A vault job after the UI's session closed, on its own connection: locking never waits for it, and a
        new unlock may proceed while it runs (SQLite's locks order the two connections)."""
        if args is None:
            return None
        from prevent_desktop.services.backup_service import automatic_backup

        key, keep = args
        self_ref = weakref.ref(self)  # the job's callbacks must not keep the controller alive (see MinimiseWatcher)

        def done(info: Any) -> None:
            ctl = self_ref()
            if ctl is not None:
                ctl.last_auto_backup = info

        def failed(exc: KnownError) -> None:
            ctl = self_ref()
            if ctl is not None:
                ctl.background_error = str(exc)
            log.warning("automatic backup failed: %s", type(exc).__name__)

        return self.jobs.submit(
            "the automatic backup",
            lambda ctx: automatic_backup(ctx.session, keep, step=ctx.step),
            key=key,
            receiver=self,
            on_done=done,
            on_error=failed,
        )

    # -- locking -------------------------------------------------------------------------------------------
    def autolock_minutes(self) -> float:
        from prevent_desktop.services import settings

        if self.session is None:
            return settings.AUTOLOCK_MINUTES.default
        return settings.get(self.session, settings.AUTOLOCK_MINUTES)

    def restart_idle_timer(self) -> None:
        minutes = self.autolock_minutes()
        if minutes > 0:
            self.idle_timer.start(int(minutes * 60_000))
            self.lock_warner.arm(int(minutes * 60_000))
        else:
            self.idle_timer.stop()
            self._disarm_warning()

    @property
    def lock_warner(self) -> Any:
        """The warning a minute before the idle lock (``ui/lock_warning.py``), made when first needed: its module
        and the widgets it styles cost ~10 ms that the first window's paint need not wait for (issue 11)."""
        if self._lock_warner is None:
            from prevent_desktop.ui.lock_warning import LockWarner

            self_ref = weakref.ref(self)
            self._lock_warner = LockWarner(self.idle_timer, lambda: self._main_window_of(self_ref), self)
            self.idle_watcher.warner = self._lock_warner
        return self._lock_warner

    def _disarm_warning(self) -> None:
        """No warning before a lock that is not coming (none was made before the first unlock)."""
        if self._lock_warner is not None:
            self._lock_warner.disarm()

    def show_lock_warning(self) -> Any:
        """"Locking in 60 s": what the warning timer shows (tests and the accessibility walk call it directly)."""
        return self.lock_warner.warn()

    @property
    def lock_warning(self) -> Any:
        return self.lock_warner.notice

    @property
    def is_locked(self) -> bool:
        return self.session is None

    def lock(self, *, auto_backup: bool = True) -> None:
        """Drop the key and close every window holding vault data at once, then show the unlock screen.

        Vault jobs hold their own connection and key copy, so nothing is pulled from under them: a backup in
        flight finishes (the unlock screen says "Locking — finishing the backup…" until it has, and its key copy
        is scrubbed when it ends); the automatic backup is queued after it and never delays the lock."""
        rollback = getattr(self, "rollback_dialog", None)
        asking = rollback is not None and rollback.isVisible()  # the key is in memory while the DSO decides
        if self.is_locked and self.main_window is None and not asking:  # a second trigger (idle and minimise): done
            return
        self.idle_timer.stop()
        self._disarm_warning()
        backup_args = self._auto_backup_args() if auto_backup else None
        stopped = self._stop_full_check()
        self._close_vault_windows()
        self._end_session()
        self.window = None
        unlock = self.show_unlock()
        log.info("vault locked")
        pending = [job for job in self.jobs.in_flight() if job is not stopped]
        self._locking_jobs = {job.id for job in pending}
        if pending:
            unlock.set_notice(f"Locking — finishing {pending[0].what}…")
        self._start_auto_backup(backup_args)

    def _locking_job_finished(self, job: Any) -> None:
        if job.id not in self._locking_jobs:
            return
        self._locking_jobs.discard(job.id)
        if self._locking_jobs:
            return
        window = self.window
        if self.is_locked and hasattr(window, "set_notice") and window.notice().startswith("Locking"):
            window.set_notice("Locked.")

    def _close_vault_windows(self) -> None:
        from prevent_desktop.ui.draft_keeper import keep_all_for_lock

        keep_all_for_lock()  # each open editor writes its draft first, then closes without asking "Discard?"
        if self.main_window is not None:
            for child in self.main_window.findChildren(QWidget):
                if child.isWindow() and child.isVisible():
                    child.close()
            self.main_window.close_for_lock()
            self.main_window.deleteLater()
            self.main_window = None
        for widget in QApplication.topLevelWidgets():  # stray dialogs not parented to the main window
            if widget.isVisible() and widget is not self.window and widget.isWindow():
                widget.close()

    def _end_session(self) -> None:
        """Clear our clipboard text, wipe viewing copies of evidence, drop the key."""
        from prevent_desktop.services.plan import wipe_private_temp
        from prevent_desktop.ui.clipboard import guard

        guard().clear_if_ours()
        wipe_private_temp(self.paths)
        if self.session is not None:
            self.session.close()
            self.session = None

    def quit(self) -> None:
        """Close the vault, make the automatic backup, wait for vault jobs (at most ``quit_wait_ms``, with a
        notice saying so), then stop whatever is left: a stopped backup leaves no file behind."""
        if self._quit_done:
            return
        self._quit_done = True
        from prevent_desktop.ui.workers import wait_for_all

        self.idle_timer.stop()
        self._disarm_warning()
        backup_args = self._auto_backup_args()
        self._stop_full_check()
        self._close_vault_windows()
        self._end_session()
        self._start_auto_backup(backup_args)
        if self.jobs.busy:
            seconds = max(1, round(self.quit_wait_ms / 1000))
            notice = self._closing_notice(
                f"Closing Prevent Desktop: finishing {self.jobs.in_flight()[0].what} (at most {seconds} s)…"
            )
            if not self.jobs.wait(self.quit_wait_ms):
                log.warning("quit: %d vault job(s) still running after %d s: stopped", len(self.jobs.in_flight()),
                            seconds)
                self.jobs.cancel_all()
                self.jobs.wait(5_000)
            notice.close()
            notice.deleteLater()
        wait_for_all(5_000)  # key derivation or a PDF layout in flight: no vault connection, short
        if self.window is not None:
            self.window.close()
        self.release_vault_lock()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _closing_notice(self, text: str) -> QWidget:
        from PySide6.QtWidgets import QLabel

        notice = QLabel(text)
        notice.setObjectName("closingNotice")
        notice.setWindowTitle("Prevent Desktop")
        notice.setMargin(24)
        notice.show()
        QApplication.processEvents()
        return notice


class _PaintProbe(QObject):
    """Smoke test: report the first paint of the first window (installed on it), then quit."""

    def __init__(self, started_at: float) -> None:
        super().__init__()
        self.started_at = started_at
        self.reported = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and not self.reported
            and isinstance(obj, QWidget)
            and obj.isWindow()
        ):
            self.reported = True
            painted_ms = round((time.time() - self.started_at) * 1000, 1)
            from PySide6 import __version__ as qt_version

            sys.stdout.write(json.dumps({"painted_ms": painted_ms, "qt": qt_version}) + "\n")
            sys.stdout.flush()
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_gui(data_dir: str | None, *, smoke_test: bool = False, started_at: float | None = None) -> int:
    paths = DataPaths.resolve(data_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Prevent Desktop")
    app.setApplicationVersion(__version__)
    probe = None
    if smoke_test:
        probe = _PaintProbe(started_at or time.time())  # on the first window, once it is made (below)
        QTimer.singleShot(20_000, lambda: app.exit(1))
    from prevent_desktop.logs import setup_logging, shutdown_logging
    from prevent_desktop.ui.crash import install_crash_handler

    setup_logging(paths)
    from prevent_desktop.ui.capture import install as install_capture_guard

    # Windows: our windows are left out of screenshots and screen sharing. Kept referenced while the app runs.
    capture_guard = install_capture_guard(app)
    controller = AppController(paths)
    install_crash_handler(controller)
    try:
        first = controller.start()
        if probe is not None:
            # On that window alone: an application-wide Python filter would make every Qt object made before
            # the paint cross into Python, and slow the very start it measures (issue 11).
            first.installEventFilter(probe)
    except KnownError as exc:
        QtWidgets.QMessageBox.critical(None, "Prevent Desktop", str(exc))
        return 1
    code = int(app.exec())
    controller.quit()
    shutdown_logging()
    del capture_guard
    if smoke_test and (probe is None or not probe.reported):
        sys.stderr.write("prevent-desktop: the first window was never painted.\n")
        return 1
    return code
