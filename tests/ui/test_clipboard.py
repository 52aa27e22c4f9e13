"""Clipboard: sensitive text tagged, cleared after the timeout only if unchanged, and on lock."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from prevent_desktop.ui.clipboard import ClipboardGuard


def test_sensitive_copy_is_tagged_and_cleared_after_timeout(qtbot) -> None:  # type: ignore[no-untyped-def]
    g = ClipboardGuard()
    g.copy("01634 000000 case contact", sensitive=True, clear_after_s=0.1)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat("x-kde-passwordManagerHint")
    assert g.holds_sensitive
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3000)


def test_not_cleared_if_user_copied_something_else(qtbot) -> None:  # type: ignore[no-untyped-def]
    g = ClipboardGuard()
    g.copy("case text", sensitive=True, clear_after_s=0.1)
    QGuiApplication.clipboard().setText("the user's own text")
    qtbot.wait(300)
    assert QGuiApplication.clipboard().text() == "the user's own text"
    assert g.clear_if_ours() is False


def test_public_line_is_not_cleared(qtbot) -> None:  # type: ignore[no-untyped-def]
    g = ClipboardGuard()
    g.copy("999", sensitive=False)
    assert not g.timer.isActive()
    assert g.clear_if_ours() is False
    assert QGuiApplication.clipboard().text() == "999"
