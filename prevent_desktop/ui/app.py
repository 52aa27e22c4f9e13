"""The GUI's controller: first run or unlock, the main window, lock (Ctrl+L) and idle auto-lock."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from prevent_desktop import APP_NAME, __version__
from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths

DEFAULT_AUTOLOCK_MINUTES = 5
_USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def app_settings() -> QSettings:
    """Window geometry only: nothing personal, no paths, no recent files (see ARCHITECTURE.md)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class IdleWatcher(QObject):
    """Restarts the auto-lock timer on any user input anywhere in the application."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT and self.timer.isActive():
            self.timer.start()
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
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.idle_watcher = IdleWatcher(self.idle_timer)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle_watcher)

    # -- screens -------------------------------------------------------------------------------------------
    def start(self) -> QWidget:
        if self.paths.exists():
            return self.show_unlock()
        return self.show_setup()

    def show_unlock(self) -> QWidget:
        from prevent_desktop.ui.unlock import UnlockWindow

        window = UnlockWindow(self.paths)
        window.unlocked.connect(self._open_with_key)
        self._swap(window)
        return window

    def show_setup(self) -> QWidget:
        from prevent_desktop.ui.setup import SetupWindow

        window = SetupWindow(self.paths, kdf=self.kdf)
        window.created.connect(self.show_main)
        self._swap(window)
        return window

    def _swap(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        window.show()
        if old is not None and old is not window:
            old.close()
            old.deleteLater()

    def _open_with_key(self, key: bytes, kind: str) -> None:
        from prevent_desktop.services.session import Session
        from prevent_desktop.services.vault_service import record_unlock
        from prevent_desktop.storage.vault import Vault

        try:
            session = Session(Vault.open(self.paths, key))
            record_unlock(session, kind)
        except KnownError as exc:
            if self.window is not None and hasattr(self.window, "show_error"):
                self.window.show_error(str(exc))
            return
        self.show_main(session)

    def show_main(self, session: Any) -> QWidget:
        from prevent_desktop.ui.main_window import MainWindow

        self.session = session
        window = MainWindow(session, self.settings)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        self.main_window = window
        self._swap(window)
        self.restart_idle_timer()
        return window

    # -- locking -------------------------------------------------------------------------------------------
    def autolock_minutes(self) -> float:
        if self.session is None:
            return DEFAULT_AUTOLOCK_MINUTES
        try:
            return max(
                0.0, float(self.session.vault.setting("autolock_minutes", str(DEFAULT_AUTOLOCK_MINUTES)))
            )
        except ValueError:
            return DEFAULT_AUTOLOCK_MINUTES

    def restart_idle_timer(self) -> None:
        minutes = self.autolock_minutes()
        if minutes > 0:
            self.idle_timer.start(int(minutes * 60_000))
        else:
            self.idle_timer.stop()

    @property
    def is_locked(self) -> bool:
        return self.session is None

    def lock(self) -> None:
        """Drop the key and close every window holding vault data, then show the unlock screen."""
        self.idle_timer.stop()
        if self.main_window is not None:
            for child in self.main_window.findChildren(QWidget):
                if child.isWindow() and child.isVisible():
                    child.close()
            self.main_window.close_for_lock()
            self.main_window.deleteLater()
            self.main_window = None
        if self.session is not None:
            self.session.close()
            self.session = None
        from prevent_desktop.ui.clipboard import guard

        guard().clear_if_ours()
        self.window = None
        self.show_unlock()

    def quit(self) -> None:
        self.idle_timer.stop()
        from prevent_desktop.ui.clipboard import guard

        guard().clear_if_ours()
        if self.session is not None:
            self.session.close()
            self.session = None
        app = QApplication.instance()
        if app is not None:
            app.quit()


class _PaintProbe(QObject):
    """Smoke test: report the first paint of the first window, then quit."""

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
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Prevent Desktop")
    app.setApplicationVersion(__version__)
    probe = None
    if smoke_test:
        probe = _PaintProbe(started_at or time.time())
        app.installEventFilter(probe)
        QTimer.singleShot(20_000, lambda: app.exit(1))
    controller = AppController(paths)
    try:
        controller.start()
    except KnownError as exc:
        QMessageBox.critical(None, "Prevent Desktop", str(exc))
        return 1
    code = int(app.exec())
    controller.quit()
    if smoke_test and (probe is None or not probe.reported):
        sys.stderr.write("prevent-desktop: the first window was never painted.\n")
        return 1
    return code
