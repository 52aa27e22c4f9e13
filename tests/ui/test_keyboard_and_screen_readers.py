"""The keyboard and screen-reader points of issue 15 one by one, through the real app (the walk's controller and
main window, tests/helpers/windows.py): the shortcuts and the F1 help, the tables Tab used to be trapped in, the
action-plan grid's current cell, scroll areas that took the focus with no name, the clear buttons, labels whose
short names hid what they say, announcements, and the warning before the auto-lock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QTableView, QToolButton, QWidget

from prevent_desktop.ui import a11y
from prevent_desktop.ui.help import help_source
from prevent_desktop.ui.lock_warning import LEAD_MS
from prevent_desktop.ui.main_window import AREAS, SHORTCUTS
from tests.helpers.windows import SCREENS, Walk, screenshot

BY_ID = {s.id: s for s in SCREENS}


def name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the user's focus is (so window shortcuts are matched as for a real key)."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def main_window(walk: Walk) -> Any:
    return walk.open(BY_ID["main: Home"])


# -- shortcuts and help ------------------------------------------------------------------------------------------
def test_ctrl_1_to_5_go_to_the_areas(walk: Walk) -> None:
    main = main_window(walk)
    for number, (title, _factory) in reversed(list(enumerate(AREAS, start=1))):
        press(walk.qtbot, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert main.current_area() == title


def test_ctrl_n_logs_a_concern_from_any_area(walk: Walk) -> None:
    main = main_window(walk)
    main.show_area("Contacts")
    press(walk.qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main.current_area() == "Cases"
    dialog = main.pages["Cases"].concern_dialog
    walk.qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Log a concern"
    dialog.reject()


@pytest.mark.parametrize(("area", "box"), [("Cases", "search"), ("Contacts", "filter"), ("Policies", "filter")])
def test_ctrl_f_goes_to_the_search_box_of_the_area(walk: Walk, area: str, box: str) -> None:
    main = main_window(walk)
    page = main.show_area(area)
    if area == "Contacts":
        page.tabs.setCurrentIndex(1)  # from "Who do I call": back to the directory's search
    main.ui.navList.setFocus()
    press(walk.qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is getattr(page, box)


def test_ctrl_f_says_so_where_an_area_has_no_search_box(walk: Walk) -> None:
    main = main_window(walk)
    main.show_area("Action plan")
    press(walk.qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main.statusBar().currentMessage() == "Action plan has no search box."


def test_f1_opens_the_offline_help_with_every_area_and_every_shortcut(walk: Walk) -> None:
    main = main_window(walk)
    press(walk.qtbot, Qt.Key.Key_F1)
    dialog = main.help_dialog
    walk.qtbot.waitUntil(dialog.isVisible)
    text = dialog.text()
    for title, _factory in AREAS:
        assert title in text
    registered = {a.shortcut().toString() for a in main.findChildren(type(main.ui.actionLock))
                  if not a.shortcut().isEmpty()}
    assert {s.keys for s in SHORTCUTS} <= registered
    listed = {keys for keys, _what in main.shortcut_table()}
    assert listed == registered  # the page lists what is registered: no more, no less
    for keys in registered:
        assert keys in text
    for keys, what in main.pages["Action plan"].keys:
        assert keys in text and what in text
    assert "http" not in text and not dialog.browser.openLinks()  # offline: nothing to follow
    screenshot(dialog, "help.png")


def test_the_help_text_has_a_section_for_every_area() -> None:
    source = help_source()
    for title, _factory in AREAS:
        assert f'id="area-{title.lower().replace(" ", "-")}"' in source


def test_the_go_menu_is_the_shortcut_table(walk: Walk) -> None:
    main = main_window(walk)
    go = [(a.text(), a.shortcut().toString()) for a in main.menu_go.actions() if a.text()]
    assert go == [(s.text, s.keys) for s in SHORTCUTS if s.menu == "go"]


# -- tables ------------------------------------------------------------------------------------------------------
def _leaves(walk: Walk, table: QTableView) -> bool:
    table.setFocus(Qt.FocusReason.TabFocusReason)
    assert table.hasFocus()
    assert table.currentIndex().isValid() or table.model().rowCount() == 0  # where the focus is, shown
    press(walk.qtbot, Qt.Key.Key_Tab)
    return QApplication.focusWidget() is not table


def test_tab_leaves_the_tables_it_was_trapped_in(walk: Walk) -> None:
    """Home, Cases, associated policies, summary of changes and the audit log wrapped Tab from cell to cell, so the
    buttons after them could not be reached (the chronology: test_tab_leaves_the_chronology)."""
    main = main_window(walk)
    trapped = []
    for area, table_name in (("Home", "table"), ("Cases", "table"), ("Policies", "table"),
                             ("Policies", "changes_table")):
        table = getattr(main.show_area(area), table_name)
        if not _leaves(walk, table):
            trapped.append(f"{area} {table_name}")
    audit = walk.open(BY_ID["vault: audit log"])
    if not _leaves(walk, audit.table):
        trapped.append("audit log")
    assert trapped == []


def test_tab_leaves_the_chronology(walk: Walk) -> None:
    view = walk.open(BY_ID["case view: summary"])
    view.chron_table.setFocus(Qt.FocusReason.TabFocusReason)
    press(walk.qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view.chron_table


def test_the_chronology_is_one_or_two_tabs_from_the_case_views_first_control(walk: Walk) -> None:
    view = walk.open(BY_ID["case view: summary"])
    first = QApplication.focusWidget()
    if first is None or first.window() is not view:  # the page opens with its first control focused
        view.focusNextChild()
        first = QApplication.focusWidget()
    assert first is view.next_button
    order = [first]
    for _ in range(2):
        press(walk.qtbot, Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert view.chron_table in order[1:]


def test_the_action_plan_grid_shows_its_current_cell_and_its_focus(walk: Walk) -> None:
    """The grid showed no current cell: after a reload (the model reset) Tab into it left nothing marked."""
    main = main_window(walk)
    page = main.show_area("Action plan")
    page.table.setCurrentIndex(page.model.index(2, 1))
    page.model.reload()  # as after any edit: the current cell is gone
    assert not page.table.currentIndex().isValid()
    page.show_retired.setFocus(Qt.FocusReason.TabFocusReason)
    unfocused = page.table.grab().toImage()
    press(walk.qtbot, Qt.Key.Key_Tab)  # the grid is next after "Show retired rows"
    assert QApplication.focusWidget() is page.table
    current = page.table.currentIndex()
    assert current.isValid() and page.table.selectionModel().isSelected(current)
    focused = page.table.grab().toImage()
    assert _differs(unfocused, focused)  # the grid looks different with the focus: a border, the current cell
    screenshot(main, "plan-grid-keyboard-focus.png")


def _differs(a: QImage, b: QImage) -> bool:
    return a.size() != b.size() or a.constBits().tobytes() != b.constBits().tobytes()


def test_every_item_view_in_the_app_has_tab_key_navigation_off(walk: Walk) -> None:
    """The rule is applied to every table, tree and list as it is made (ui/a11y.py), not remembered per view."""
    from PySide6.QtWidgets import QAbstractItemView

    main = main_window(walk)
    for title in main.pages:
        main.show_area(title)
    loose = QTableView()  # a table made anywhere, once polished
    walk.qtbot.addWidget(loose)
    loose.show()
    views = [v for v in main.findChildren(QAbstractItemView) if v.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert views and all(not v.tabKeyNavigation() for v in [*views, loose])


def test_a_long_vault_path_never_makes_the_main_window_wider_than_the_screen(qapp: QApplication, walk: Walk) -> None:
    """The status bar's "Vault unlocked — <path>" set the window's minimum width: with a long data folder at 200 %
    text the main window could not fit a 1366-pixel screen."""
    from PySide6.QtGui import QFont

    main = main_window(walk)
    path = "Vault unlocked — C:\\Users\\a.very.long.name.of.a.dso\\AppData\\Local\\Prevent Desktop\\" * 3
    normal = QFont(qapp.font())
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * 2)
    main.vault_label.setFont(big)
    main.vault_label.setText(path)
    try:
        assert main.minimumSizeHint().width() < 1366
        assert name(main.vault_label) == path and main.vault_label.toolTip() == path  # all of it, still
    finally:
        main.vault_label.setFont(normal)


# -- focus stops and names ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("screen", ["main: Contacts directory", "main: Who do I call", "wizard: safety",
                                    "wizard: family", "wizard: points", "wizard: complete"])
def test_scroll_areas_take_the_focus_only_with_a_name(walk: Walk, screen: str) -> None:
    """The contacts detail, "Who do I call" and every wizard page took the focus as a nameless scroll pane."""
    window = walk.open(BY_ID[screen])
    areas = [a for a in window.findChildren(QScrollArea) if a.isVisibleTo(window)]
    assert areas
    for area in areas:
        assert area.focusPolicy() == Qt.FocusPolicy.NoFocus or name(area), area.objectName()


@pytest.mark.parametrize(("area", "box"), [("Cases", "search"), ("Contacts", "filter"), ("Policies", "filter")])
def test_the_clear_buttons_of_search_boxes_are_named(walk: Walk, area: str, box: str) -> None:
    page = main_window(walk).show_area(area)
    edit: QLineEdit = getattr(page, box)
    buttons = [b for b in edit.findChildren(QToolButton)]
    assert buttons and all(name(b) == a11y.CLEAR_BUTTON_NAME for b in buttons)


def test_error_and_warning_labels_are_read_as_they_read(walk: Walk) -> None:
    """"Wrong passphrase…" reached a screen reader only as "Error message", the UNENCRYPTED warning only as
    "Unencrypted warning"."""
    unlock = walk.open(BY_ID["unlock: wrong passphrase"])
    assert name(unlock.ui.errorLabel).startswith("Wrong passphrase.")
    export = walk.open(BY_ID["export: unencrypted"])
    assert "UNENCRYPTED" in name(export.ui.warningLabel)


def test_the_wizards_routing_guidance_is_read_as_it_reads(walk: Walk) -> None:
    wizard = walk.open(BY_ID["wizard: safety"])
    assert wizard.safety.routing.text().split("\n")[0] in name(wizard.safety.routing)


# -- announcements -----------------------------------------------------------------------------------------------
@pytest.fixture
def announced(window_policy: a11y.WindowPolicy) -> Iterator[list[str]]:
    """What the app tells a screen reader during the test."""
    said: list[str] = []

    def hear(_widget: object, text: str) -> None:
        said.append(text)

    window_policy.announced.connect(hear)
    yield said
    window_policy.announced.disconnect(hear)


def test_errors_and_warnings_are_announced(walk: Walk, announced: list[str]) -> None:
    walk.open(BY_ID["unlock: wrong passphrase"])
    walk.qtbot.waitUntil(lambda: any(t.startswith("Wrong passphrase.") for t in announced))
    export = walk.open(BY_ID["export: referral pack"])
    export.ui.encryptCheck.setChecked(False)
    walk.qtbot.waitUntil(lambda: any("UNENCRYPTED" in t for t in announced))
    export.ui.encryptCheck.setChecked(True)
    export.ui.passwordEdit.setText("short")
    export.ui.saveButton.click()
    walk.qtbot.waitUntil(lambda: any("PDF password" in t for t in announced))
    settings = walk.open(BY_ID["settings: error"])
    walk.qtbot.waitUntil(lambda: settings.ui.errorLabel.text() in announced)


def test_an_announcement_is_an_assertive_accessibility_event(qapp: QApplication) -> None:
    label = a11y.AlertLabel("x")
    event = a11y.announce(label, "Wrong passphrase.")
    if hasattr(event, "politeness"):  # Qt 6.8+: QAccessibleAnnouncementEvent
        assert event.message() == "Wrong passphrase."
        assert event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
    else:  # pragma: no cover - older Qt: an alert on the label
        assert event.type() == QAccessible.Event.Alert


# -- the warning before the auto-lock ----------------------------------------------------------------------------
def _warn_now(walk: Walk, seconds_left: int | None = None) -> Any:
    """The warning timer firing now; with ``seconds_left``, as if the vault had been left alone until that long
    before the lock (the idle timer is started with that much to run)."""
    controller = walk.controller
    if seconds_left is not None:
        controller.idle_timer.start(seconds_left * 1000)
    controller.lock_warner.timer.stop()  # it has fired
    controller.lock_warner.warn()
    walk.qtbot.waitUntil(lambda: controller.lock_warning is not None and controller.lock_warning.isVisible())
    return controller.lock_warning


def test_the_warning_is_armed_a_minute_before_the_auto_lock(walk: Walk) -> None:
    controller = walk.controller
    assert controller.idle_timer.interval() == 5 * 60_000  # the default setting
    assert controller.lock_warner.timer.isActive()
    assert controller.lock_warner.timer.interval() == 5 * 60_000 - LEAD_MS


def test_a_minute_before_the_auto_lock_a_warning_says_so_and_is_announced(walk: Walk, announced: list[str]) -> None:
    main_window(walk)
    warning = _warn_now(walk, seconds_left=60)
    assert re.fullmatch(r"Locking in (5[89]|6[0-3]) s — your work is saved\.", warning.countdown.text())
    assert any(t.startswith("Locking in 6") for t in announced)
    assert not warning.isActiveWindow() and QApplication.focusWidget() is not None  # the focus stayed put
    assert not walk.controller.is_locked
    screenshot(warning, "lock-warning.png", over=walk.main)


def test_any_key_dismisses_the_warning_and_restarts_the_idle_timer(walk: Walk) -> None:
    main = main_window(walk)
    warning = _warn_now(walk)
    main.ui.navList.setFocus()
    press(walk.qtbot, Qt.Key.Key_Down)
    assert not warning.isVisible()
    warner = walk.controller.lock_warner
    assert warner.timer.isActive() and warner.timer.remainingTime() > 4 * 60_000 - LEAD_MS - 5_000  # counting again
    assert walk.controller.idle_timer.remainingTime() > 4 * 60_000  # the idle timer at its full five minutes
    assert not walk.controller.is_locked


def test_moving_the_mouse_dismisses_the_warning_but_the_warning_appearing_does_not(walk: Walk) -> None:
    from PySide6.QtGui import QCursor

    main = main_window(walk)
    QCursor.setPos(main.mapToGlobal(QPoint(400, 300)))
    warning = _warn_now(walk)
    walk.qtbot.mouseMove(main, main.mapFromGlobal(QCursor.pos()))  # where it already was: Qt's own "move"
    assert warning.isVisible()
    walk.qtbot.mouseMove(main, QPoint(420, 320))
    assert not warning.isVisible()
    assert walk.controller.lock_warner.timer.isActive()


def test_with_no_input_after_the_warning_the_vault_locks(walk: Walk) -> None:
    main_window(walk)
    _warn_now(walk, seconds_left=0)
    walk.qtbot.waitUntil(lambda: walk.controller.is_locked, timeout=5000)
    assert walk.controller.lock_warning is None or not walk.controller.lock_warning.isVisible()


def test_a_short_auto_lock_warns_halfway(walk: Walk) -> None:
    from prevent_desktop.services import settings

    settings.change(walk.session, settings.AUTOLOCK_MINUTES, "1")
    walk.controller.restart_idle_timer()
    assert walk.controller.lock_warner.timer.interval() == 30_000


def test_no_warning_when_auto_lock_is_off(walk: Walk) -> None:
    from prevent_desktop.services import settings

    settings.change(walk.session, settings.AUTOLOCK_MINUTES, "0")
    walk.controller.restart_idle_timer()
    assert not walk.controller.idle_timer.isActive() and not walk.controller.lock_warner.timer.isActive()
