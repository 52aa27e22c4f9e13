"""Screen-capture exclusion (Windows-only call) tested through a fake user32."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from prevent_desktop.ui.capture import WDA_EXCLUDEFROMCAPTURE, CaptureGuard, exclude_from_capture, install


class FakeUser32:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def SetWindowDisplayAffinity(self, hwnd: int, affinity: int) -> int:
        self.calls.append((hwnd, affinity))
        return 1


def test_every_top_level_window_is_excluded_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    fake = FakeUser32()
    guard = CaptureGuard(fake)
    QApplication.instance().installEventFilter(guard)
    try:
        window = QWidget()
        qtbot.addWidget(window)
        child = QWidget(window)
        window.show()
        dialog = QDialog(window)
        dialog.show()
        window.hide()
        window.show()
        hwnds = [h for h, _ in fake.calls]
        assert int(window.winId()) in hwnds and int(dialog.winId()) in hwnds
        assert hwnds.count(int(window.winId())) == 1
        assert int(child.winId()) not in hwnds or child.isWindow()
        assert all(a == WDA_EXCLUDEFROMCAPTURE for _, a in fake.calls)
        dialog.close()
    finally:
        QApplication.instance().removeEventFilter(guard)


def test_not_installed_off_windows(qtbot) -> None:  # type: ignore[no-untyped-def]
    if sys.platform != "win32":
        assert install(QApplication.instance()) is None
        assert exclude_from_capture(QWidget()) is False
