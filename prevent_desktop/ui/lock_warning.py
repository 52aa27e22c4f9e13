"""The warning a minute before the idle auto-lock: "Locking in 60 s — your work is saved".

``LockWarner`` belongs to the ``AppController``: ``arm(idle_ms)`` whenever the idle timer starts, ``user_input()``
on every key, click or mouse movement (the controller's ``IdleWatcher`` calls it; it hides the warning and starts
the countdown to the next one again), ``disarm()`` at lock and quit. The warning is a small window over the main
window that never takes the focus (so a key meant for a field still reaches it), counts down each second and is
announced to screen readers once when it appears.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from prevent_desktop.ui import a11y

LEAD_MS = 60_000  # how long before the lock the warning shows (half the idle time when that is shorter)
WARNING_STYLE = (
    "QFrame#lockWarning { background: #fff4ce; border: 2px solid #8a6100; border-radius: 6px; }"
    "QLabel { color: #3d2c00; }"
)


def warning_text(seconds: int) -> str:
    return f"Locking in {seconds} s — your work is saved."


class LockWarning(QFrame):
    """The notice itself: bold countdown, what to do to stay unlocked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setObjectName("lockWarning")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(WARNING_STYLE)
        self.setWindowTitle("Prevent Desktop — locking soon")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.countdown = QLabel(self)
        self.countdown.setObjectName("lockCountdown")
        font = self.countdown.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.countdown.setFont(font)
        self.hint = QLabel("Press any key or move the mouse to keep the vault open.", self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.countdown)
        layout.addWidget(self.hint)
        self.cursor_at_show = QPoint()

    def set_seconds(self, seconds: int) -> None:
        self.countdown.setText(warning_text(seconds))

    def text(self) -> str:
        return f"{self.countdown.text()} {self.hint.text()}"

    def place(self) -> None:
        """Centred near the top of the window it warns about."""
        self.adjustSize()
        parent = self.parentWidget()
        owner = parent.window() if parent is not None else None
        if owner is not None:
            top_left = owner.mapToGlobal(QPoint(0, 0))
            x = top_left.x() + (owner.width() - self.width()) // 2
            self.move(x, top_left.y() + 48)


class LockWarner(QObject):
    """Shows the warning ``LEAD_MS`` before ``idle_timer`` fires; see the module docstring."""

    def __init__(self, idle_timer: QTimer, window: Callable[[], QWidget | None], parent: QObject | None = None):
        super().__init__(parent)
        self.idle_timer = idle_timer
        self.window = window  # the window to show the warning over (the main window), or None when locked
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.warn)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._update)
        self.notice: LockWarning | None = None

    def arm(self, idle_ms: int) -> None:
        lead = min(LEAD_MS, idle_ms // 2)
        self.timer.start(idle_ms - lead)
        self.dismiss()

    def disarm(self) -> None:
        self.timer.stop()
        self.dismiss()

    def user_input(self) -> None:
        """Any user input: hide the warning and count down to the next one again (the idle timer restarts)."""
        if self.timer.interval() > 0 and self.idle_timer.isActive():
            self.timer.start()
        self.dismiss()

    def is_showing(self) -> bool:
        return self.notice is not None and self.notice.isVisible()

    def moved_since_shown(self) -> bool:
        """Whether the pointer really moved (a window appearing under it makes Qt report a "move" to the same
        place; that must not dismiss the warning it caused)."""
        return self.notice is None or QCursor.pos() != self.notice.cursor_at_show

    def seconds_left(self) -> int:
        return max(0, math.ceil(self.idle_timer.remainingTime() / 1000)) if self.idle_timer.isActive() else 0

    def warn(self) -> LockWarning | None:
        window = self.window()
        if window is None or not self.idle_timer.isActive():
            return None
        if self.notice is None:
            self.notice = LockWarning(window)
            self.notice.destroyed.connect(self._gone)
        self.notice.set_seconds(self.seconds_left())
        self.notice.place()
        self.notice.cursor_at_show = QCursor.pos()
        self.notice.show()
        self.notice.raise_()
        self.tick.start()
        a11y.announce(self.notice.countdown, self.notice.text())
        return self.notice

    def dismiss(self) -> None:
        self.tick.stop()
        if self.notice is not None and self.notice.isVisible():
            self.notice.hide()

    def _update(self) -> None:
        if self.notice is None or not self.notice.isVisible():
            self.tick.stop()
            return
        self.notice.set_seconds(self.seconds_left())

    def _gone(self) -> None:
        self.notice = None
        self.tick.stop()
