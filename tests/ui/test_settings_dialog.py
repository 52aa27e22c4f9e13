"""The Settings dialog, through the real main window and controller: fields come from the one declaration,
auto-lock 0 means off (defect 10b), a bad value is refused and nothing is saved."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from prevent_desktop.services import settings
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.settings_dialog import SettingsDialog
from tests.conftest import PASSPHRASE, ROOT
from tests.helpers.unlocking import wait_for_main


def open_main(qtbot, controller: AppController) -> MainWindow:  # type: ignore[no-untyped-def]
    window = controller.start()
    window.ui.passphraseEdit.clear()
    qtbot.keyClicks(window.ui.passphraseEdit, PASSPHRASE)
    qtbot.keyClick(window.ui.passphraseEdit, Qt.Key.Key_Return)
    return wait_for_main(qtbot, controller)  # type: ignore[no-any-return]


def in_settings_dialog(qtbot, main: MainWindow, act: Callable[[SettingsDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """Vault → Settings… from the real menu action (a modal dialog), then ``act`` on it."""
    problems: list[BaseException] = []

    def drive() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        try:
            act(dialog)
        except BaseException as exc:  # never leave a modal dialog open: the test would hang
            problems.append(exc)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, drive)
    main.ui.actionSettings.trigger()
    if problems:
        raise problems[0]


def save(dialog: SettingsDialog) -> None:
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def type_into(qtbot, dialog: SettingsDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = dialog.fields[key]
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_auto_lock_zero_turns_the_idle_lock_off(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    assert controller.idle_timer.isActive() and controller.idle_timer.interval() == 5 * 60_000

    def set_zero(dialog: SettingsDialog) -> None:
        assert "0 (off)" in dialog.fields["autolock_minutes"].toolTip()
        type_into(qtbot, dialog, "autolock_minutes", "0")
        save(dialog)
        assert not dialog.ui.errorLabel.isVisible(), dialog.ui.errorLabel.text()
        assert dialog.changed == ["autolock_minutes"]

    in_settings_dialog(qtbot, main, set_zero)
    assert settings.get(controller.session, settings.AUTOLOCK_MINUTES) == 0
    assert not controller.idle_timer.isActive()  # off: nothing will lock this window for idling
    qtbot.keyClick(main.ui.navList, Qt.Key.Key_Down)  # user input does not start it again
    assert not controller.idle_timer.isActive()

    # Still off after a lock and unlock; back on with a number.
    main.ui.actionLock.trigger()
    main = open_main(qtbot, controller)
    assert not controller.idle_timer.isActive()

    def set_two(dialog: SettingsDialog) -> None:
        assert dialog.fields["autolock_minutes"].text() == "0"
        type_into(qtbot, dialog, "autolock_minutes", "2")
        save(dialog)

    in_settings_dialog(qtbot, main, set_two)
    assert controller.idle_timer.isActive() and controller.idle_timer.interval() == 2 * 60_000


def test_a_bad_value_is_refused_with_its_range_and_nothing_is_saved(qtbot, controller, session) -> None:  # type: ignore[no-untyped-def]
    session.close()
    main = open_main(qtbot, controller)
    before = settings.current(controller.session)

    def bad(dialog: SettingsDialog) -> None:
        type_into(qtbot, dialog, "contact_stale_months", "6")
        type_into(qtbot, dialog, "cases.chase_days", "0")
        save(dialog)
        assert dialog.isVisible() and dialog.ui.errorLabel.isVisible()
        assert "use a whole number from 1 to 365" in dialog.ui.errorLabel.text()
        if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS"):
            dialog.grab().save(str(ROOT / "docs" / "screenshots" / "settings-refused.png"))

    in_settings_dialog(qtbot, main, bad)
    assert settings.current(controller.session) == before


def test_fields_follow_the_declarations(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    editable = [s for s in settings.SETTINGS if s.editable]
    assert sorted([*dialog.fields, *dialog.switches]) == sorted(s.key for s in editable)
    for spec in editable:
        widget = dialog.fields.get(spec.key) or dialog.switches[spec.key]
        assert widget.accessibleName() == spec.label
        assert widget.toolTip() == spec.describe()
    assert dialog.switches["auto_backup"].isChecked() and not dialog.switches["lock_on_minimise"].isChecked()
    assert "demo" not in dialog.fields and "demo" not in dialog.switches  # recorded by the app, not a choice


def test_screenshot(qtbot, session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.grab()
    assert image.width() > 300
    target = ROOT / "docs" / "screenshots" / "settings.png" if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") else (
        tmp_path / "settings.png"
    )
    assert image.save(str(target))
