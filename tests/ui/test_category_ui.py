"""Concern categories through real widgets: the picker in Log a concern (and its draft), the Cases page filter and
column, the change-category dialog the case page calls, and the annual summary's year choice -> Export dialog."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from prevent_desktop.domain.cases import ConcurrencyError
from prevent_desktop.services import drafts
from prevent_desktop.services.cases import categories
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.ui.annual_summary_dialog import SummaryYearDialog, choose_year_and_export
from prevent_desktop.ui.category_picker import CategoryPicker, ChangeCategoryDialog, change_category
from prevent_desktop.ui.export_dialog import ExportDialog
from prevent_desktop.ui.log_concern import LogConcernDialog
from prevent_desktop.ui.pages.cases import CasesPage
from tests import factories
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("clock")
SCREENSHOTS = ROOT / "docs" / "screenshots"


def screenshot(widget: QWidget, name: str) -> None:
    """Refresh docs/screenshots only when asked (PREVENT_DESKTOP_SCREENSHOTS=1); the grab itself always runs."""
    image = widget.grab()
    assert not image.isNull()
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SCREENSHOTS / name))


def offered(picker: CategoryPicker) -> list[str]:
    return [str(picker.combo.itemData(i)) for i in range(picker.combo.count())]


def choose(picker: CategoryPicker, category_id: str, qtbot: Any) -> None:
    """By keyboard, as a DSO would: focus the choice (its label's mnemonic), then arrow down to the category."""
    picker.combo.setFocus()
    for _ in range(picker.combo.count()):
        if picker.value() == category_id:
            return
        qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    raise AssertionError(f"{category_id} is not offered")


def fill_concern(qtbot: Any, dialog: LogConcernDialog) -> None:
    dialog.danger.no.click()
    qtbot.keyClicks(dialog.forenames, "Ann")
    qtbot.keyClicks(dialog.surname, "Example")
    qtbot.keyClicks(dialog.what, "Drew far-right symbols on a workbook.")


def test_log_a_concern_with_its_type(qtbot: Any, session: Any) -> None:
    page = CasesPage(session)
    qtbot.addWidget(page)
    page.new_button.click()
    dialog = page.concern_dialog
    picker = dialog.category
    assert picker.label.buddy() is picker.combo and picker.label.text() == "&Type of concern:"
    assert picker.combo.accessibleName() == "Type of concern"
    assert offered(picker)[0] == "" and picker.combo.itemText(0) == "Not recorded"
    assert "mixed-unclear-unstable" not in offered(picker)  # retired: not offered for a new concern
    fill_concern(qtbot, dialog)
    choose(picker, "extreme-right-wing", qtbot)
    assert "right-wing ideology" in picker.description.text()
    assert picker.combo.accessibleDescription() == picker.description.text()
    dialog.show()
    assert dialog.sizeHint().height() <= 768 - 60  # fits a 1366x768 screen with its title bar
    screenshot(dialog, "log-concern-type-of-concern.png")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.addWidget(page.case_view)
    assert case_queries.case_detail(session, dialog.case_id).category == "extreme-right-wing"


def test_the_type_follows_what_happened_in_the_tab_order(qtbot: Any, session: Any) -> None:
    dialog = LogConcernDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    w: QWidget = dialog.what  # the next Tab stop after "What happened" (the chain as test_cases_ui walks it)
    while True:
        w = w.nextInFocusChain()
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(dialog):
            break
    assert w is dialog.category.combo


def test_the_type_chosen_is_kept_in_the_concerns_draft(qtbot: Any, session: Any) -> None:
    dialog = LogConcernDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_concern(qtbot, dialog)
    choose(dialog.category, "school-massacre", qtbot)
    assert dialog.keeper.save_now()
    [summary] = drafts.pending(session)
    draft = summary.draft
    assert draft.values["category"] == "school-massacre"
    dialog.keeper.close_for_lock()
    resumed = LogConcernDialog(session)
    qtbot.addWidget(resumed)
    resumed.resume(draft)
    assert resumed.category.value() == "school-massacre"


def test_the_cases_page_filters_by_type_and_shows_it(qtbot: Any, session: Any) -> None:
    factories.log_case(session, category="islamist", surname="Alpha")
    factories.log_case(session, category="islamist", surname="Bravo")
    factories.log_case(session, category="incel", surname="Charlie")
    factories.log_case(session, surname="Delta")
    categories.retire_category(session, "incel")
    page = CasesPage(session)
    qtbot.addWidget(page)
    combo = page.category
    assert combo.itemText(0) == "Any type" and combo.itemData(0) is None
    assert page.model.rowCount() == 4
    column = page.model.columnCount() - 1
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Type of concern"
    shown = {page.model.index(r, column).data() for r in range(4)}
    assert shown == {"Islamist", "Incel (retired)", "Not recorded"}
    combo.setCurrentIndex(combo.findData("islamist"))
    assert page.model.rowCount() == 2
    qtbot.waitUntil(lambda: page.count_label.text() == "2 case(s) match")  # the count follows the rows
    combo.setCurrentIndex(combo.findData(""))
    assert page.model.rowCount() == 1 and page.model.index(0, 1).data().endswith("Delta")
    combo.setCurrentIndex(combo.findData("incel"))  # a retired type can still be looked for
    assert page.model.rowCount() == 1
    combo.setCurrentIndex(0)
    assert page.model.rowCount() == 4
    qtbot.waitUntil(lambda: page.count_label.text() == "4 case(s)")
    page.resize(1366, 768)
    screenshot(page, "cases-type-of-concern-filter.png")


def test_the_change_dialog_saves_and_calls_back(qtbot: Any, session: Any) -> None:
    case_id = factories.log_case(session, category="islamist")
    parent = QWidget()
    qtbot.addWidget(parent)
    reloaded: list[bool] = []
    dialog = change_category(parent, session, case_id, lambda: reloaded.append(True))
    assert isinstance(dialog, ChangeCategoryDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Change the type of concern"
    assert dialog.picker.value() == "islamist"
    choose(dialog.picker, "conflicted", qtbot)
    screenshot(dialog, "change-type-of-concern.png")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert reloaded == [True] and not dialog.isVisible()
    detail = case_queries.case_detail(session, case_id)
    assert detail.category == "conflicted"
    assert detail.chronology[-1].text == "Type of concern changed from Islamist to Conflicted."


def test_a_retired_type_stays_offered_to_the_case_that_has_it(qtbot: Any, session: Any) -> None:
    case_id = factories.log_case(session, category="incel")
    categories.retire_category(session, "incel")
    dialog = ChangeCategoryDialog(session, case_id)
    qtbot.addWidget(dialog)
    assert dialog.picker.value() == "incel"
    assert dialog.picker.combo.currentText() == "Incel (retired)"
    dialog.save()  # saved as it is: kept, nothing refused
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert case_queries.case_detail(session, case_id).category == "incel"


def test_a_change_made_in_another_window_is_not_overwritten(qtbot: Any, session: Any) -> None:
    case_id = factories.log_case(session)
    dialog = ChangeCategoryDialog(session, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    version = case_queries.case_detail(session, case_id).version
    categories.set_category(session, case_id, version, "other")  # another window saved first
    choose(dialog.picker, "islamist", qtbot)
    dialog.save()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert str(ConcurrencyError()) == dialog.error.text()
    assert case_queries.case_detail(session, case_id).category == "other"


def test_the_annual_summary_year_is_chosen_then_previewed(qtbot: Any, session: Any) -> None:
    factories.log_case(session, category="islamist", concern_date="10/10/2024")
    page = CasesPage(session)
    qtbot.addWidget(page)
    page.summary_button.click()
    dialog = page.summary_dialog
    assert isinstance(dialog, SummaryYearDialog)
    labels = [dialog.year.itemData(i) for i in range(dialog.year.count())]
    assert labels == ["2025/26", "2024/25"]  # the clock's day is in 2025/26; the first concern in 2024/25
    assert dialog.chosen_year() == "2024/25"  # the last year that has ended
    assert "to date" in dialog.year.itemText(0)
    screenshot(dialog, "annual-summary-year.png")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    exports = [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog) and w.isVisible()]
    assert len(exports) == 1
    export = exports[0]
    qtbot.addWidget(export)
    qtbot.waitUntil(lambda: export.page_count > 0, timeout=20000)
    assert export.windowTitle() == "Export — Annual Prevent summary"
    assert export.info is not None and export.info.year == "2024/25"
    assert export.ui.contentLabel.text() == "Contains no case information."
    export.reject()


def test_choose_year_and_export_opens_window_modal(qtbot: Any, session: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = choose_year_and_export(parent, session)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal and dialog.isVisible()
    assert dialog.year.count() == 1  # an empty vault: the year today is in
    dialog.reject()


def cases_at_default_size(qtbot: Any, session: Any, settings: Any) -> tuple[Any, Any]:
    """The main window at its default size for a 1366×768 laptop (1180 px wide), showing Cases."""
    from prevent_desktop.ui.main_window import MainWindow

    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.resize(1180, 740)
    window.show()
    qtbot.waitExposed(window)
    return window, window.show_area("Cases")


def test_the_cases_page_fits_the_main_window_at_its_default_size(qtbot: Any, session: Any, settings: Any) -> None:
    """On main the type-of-concern filter was as wide as its longest label ("Vulnerability present but no
    ideology…"): the Cases page needed 1,038 px, the main window's default (1180 px, for a 1366×768 laptop)
    leaves it ~970, and the whole page scrolled sideways with "Annual summary…" off the edge."""
    factories.log_case(session, category="islamist", surname="Alpha")
    window, page = cases_at_default_size(qtbot, session, settings)
    holder = window._holders["Cases"]
    qtbot.waitUntil(lambda: page.isVisible())
    assert holder.horizontalScrollBar().maximum() == 0, "the page fits its area: no sideways scrolling"
    button = page.summary_button
    assert holder.viewport().rect().contains(button.geometry().translated(page.pos()))
    # The filters' lists still show every label whole.
    widest = max(page.category.fontMetrics().horizontalAdvance(page.category.itemText(i))
                 for i in range(page.category.count()))
    page.category.showPopup()
    popup = page.category.view()
    qtbot.waitUntil(popup.isVisible)
    assert popup.viewport().width() >= widest
    page.category.hidePopup()


def test_the_cases_table_shows_every_column_at_the_main_windows_default_size(
    qtbot: Any, session: Any, settings: Any
) -> None:
    """The columns' set widths (760 px before "Next review") left the last column, Type of concern, ~85 px of
    the table's ~940 at the main window's default size for a 1366×768 laptop: the table scrolled sideways and
    every type was cut ("Vulnerability present but n…")."""
    factories.log_case(session, category="vulnerability-no-ideology", surname="Alpha")
    window, page = cases_at_default_size(qtbot, session, settings)
    qtbot.waitUntil(lambda: page.isVisible() and page.model.rowCount() == 1)
    table = page.table
    assert table.horizontalScrollBar().maximum() == 0, "every column inside the table: no sideways scrolling"
    header = table.horizontalHeader()
    for col in range(page.model.columnCount()):
        title = str(page.model.headerData(col, Qt.Orientation.Horizontal))
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title), title
    last = page.model.columnCount() - 1
    longest_word = max(header.fontMetrics().horizontalAdvance(w) for w in "Vulnerability present".split())
    assert header.sectionSize(last) >= 2 * longest_word  # a type wraps onto two lines, not one word a line
    screenshot(window, "cases-columns-default-size.png")
