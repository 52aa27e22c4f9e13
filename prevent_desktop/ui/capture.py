"""Windows: keep our windows out of screenshots and screen sharing (KeePassXC's WDA_EXCLUDEFROMCAPTURE).

Behind a platform check; the logic is tested on Linux through a fake ``user32`` (see packaging/README.md).
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

WDA_EXCLUDEFROMCAPTURE = 0x00000011


def exclude_from_capture(widget: QWidget, user32: Any = None) -> bool:
    """Ask Windows to leave this top-level window out of captures. True if the call succeeded."""
    if user32 is None:
        if sys.platform != "win32":
            return False
        import ctypes

        user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]  # Windows only
    return bool(user32.SetWindowDisplayAffinity(int(widget.winId()), WDA_EXCLUDEFROMCAPTURE))


class CaptureGuard(QObject):
    """Application event filter: every top-level window is excluded from capture as it is first shown."""

    def __init__(self, user32: Any = None) -> None:
        super().__init__()
        self.user32 = user32
        self.excluded: set[int] = set()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            key = id(obj)
            if key not in self.excluded and exclude_from_capture(obj, self.user32):
                self.excluded.add(key)
        return False


def install(app: Any) -> CaptureGuard | None:
    if sys.platform != "win32":
        return None
    guard = CaptureGuard()
    app.installEventFilter(guard)
    return guard
