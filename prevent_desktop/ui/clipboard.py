"""Copy to the clipboard the careful way (after KeePassXC's Clipboard.cpp).

Sensitive text (anything from a case, or a contact attached to a case) is tagged so clipboard managers and
Windows clipboard history skip it, and is cleared after a timeout and on lock/quit, but only if the clipboard
still holds what we put there (never wipe something the user copied since).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

DEFAULT_CLEAR_SECONDS = 10
# Windows: skipped by clipboard history and cloud clipboard. KDE/Klipper: "x-kde-passwordManagerHint".
EXCLUDE_FORMATS = {
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "application/x-qt-windows-mime;value=\"ExcludeClipboardContentFromMonitorProcessing\"": b"1",
    "x-kde-passwordManagerHint": b"secret",
}


class ClipboardGuard(QObject):
    """One per application. ``copy`` puts text on the clipboard; ``clear_if_ours`` wipes it if unchanged."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str, *, sensitive: bool, clear_after_s: float = DEFAULT_CLEAR_SECONDS) -> None:
        clipboard = QGuiApplication.clipboard()
        mime = QMimeData()
        mime.setText(text)
        if sensitive:
            for fmt, value in EXCLUDE_FORMATS.items():
                mime.setData(fmt, value)
        clipboard.setMimeData(mime)
        if sensitive:
            self._ours = text
            if clear_after_s > 0:
                self.timer.start(int(clear_after_s * 1000))
        else:
            self._ours = None
            self.timer.stop()

    @property
    def holds_sensitive(self) -> bool:
        return self._ours is not None and QGuiApplication.clipboard().text() == self._ours

    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds the sensitive text we copied; True if it was cleared."""
        self.timer.stop()
        if self._ours is None:
            return False
        clipboard = QGuiApplication.clipboard()
        cleared = clipboard.text() == self._ours
        if cleared:
            clipboard.clear()
        self._ours = None
        return cleared


_guard: ClipboardGuard | None = None


def guard() -> ClipboardGuard:
    """The application's clipboard guard (created on first use, parented to the QApplication)."""
    global _guard
    app = QGuiApplication.instance()
    if _guard is None or _guard.parent() is not app:
        _guard = ClipboardGuard(app)
    return _guard
