"""Ctrl+L locks from whichever window has the keyboard: the main window, and a dialog over it (modal or not)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from prevent_desktop.ui.unlock import UnlockWindow
from tests.ui.test_shell import open_main


def log_a_concern(qtbot: Any, controller: Any, session: Any) -> tuple[Any, Any]:
    """Unlocked, the main window with the Log a concern dialog open over it (Ctrl+N's path): (main, dialog)."""
    session.close()
    main = open_main(qtbot, controller)
    page = main.show_area("Cases")
    page.log_concern()
    dialog = page.concern_dialog
    qtbot.waitExposed(dialog)
    return main, dialog


def test_ctrl_l_in_the_log_a_concern_dialog_locks(qtbot: Any, controller: Any, session: Any) -> None:
    _main, dialog = log_a_concern(qtbot, controller, session)
    dialog.activateWindow()
    qtbot.keyClicks(dialog.forenames, "Ann")
    focus = QApplication.focusWidget() or dialog.forenames
    qtbot.keyClick(focus, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.is_locked, timeout=3000)
    assert isinstance(controller.window, UnlockWindow)


def test_ctrl_l_in_a_blocking_dialog_locks_and_keeps_what_was_typed(
    qtbot: Any, controller: Any, session: Any
) -> None:
    """Settings runs its own event loop (``exec``): Ctrl+L there locks too, and the concern typed in the dialog
    under it is kept as a draft (nothing lost), found again after the next unlock."""
    from PySide6.QtCore import QTimer

    from prevent_desktop.services import drafts
    from prevent_desktop.services.vault_service import Secret, open_session
    from tests.conftest import PASSPHRASE

    main, dialog = log_a_concern(qtbot, controller, session)
    qtbot.keyClicks(dialog.forenames, "Ann")
    qtbot.keyClicks(dialog.surname, "Example")
    pressed: list[str] = []

    def press() -> None:
        modal = QApplication.activeModalWidget()
        pressed.append(type(modal).__name__)
        qtbot.keyClick(modal.focusWidget() or modal, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    def give_up() -> None:  # (on main the key did nothing: close the dialog so the test fails, not hangs)
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.reject()

    QTimer.singleShot(300, press)
    QTimer.singleShot(3000, give_up)
    main.open_settings()  # returns when the lock has closed it
    assert pressed == ["SettingsDialog"]
    qtbot.waitUntil(lambda: controller.is_locked, timeout=3000)
    assert isinstance(controller.window, UnlockWindow) and controller.main_window is None
    with open_session(controller.paths, Secret.passphrase(PASSPHRASE)) as reopened:
        kept = [d.draft.values for d in drafts.pending(reopened)]
    assert any(v.get("surname") == "Example" for v in kept), kept

