"""The case page (issue 15): header, next step, the status rule after each record, NFA asked first, reopen with a
reason, addenda and files on a closed case, and the keyboard / screen-reader / 200 %-text rules, through the real
``CaseView`` on a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabBar,
    QWidget,
)

from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import attachments as case_files
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.cases import tasks as case_tasks
from prevent_desktop.ui.case_view import AttachDialog, CaseView, RecordDialog
from prevent_desktop.ui.file_viewer import FileViewer
from tests import factories
from tests.helpers.clock import TODAY

pytestmark = pytest.mark.usefixtures("clock")


def _case(session: Any, age: int = 16, role: str = "learner", **over: Any) -> int:
    return factories.log_case(session, age=age, forenames="Ada", surname="Testperson", subject_role=role,
                              concern_date=factories.uk(TODAY - timedelta(days=3)), **over)


def _view(qtbot: Any, session: Any, case_id: int) -> CaseView:
    view = CaseView(session, case_id)
    qtbot.addWidget(view)
    return view


def _record(view: CaseView, dialog: RecordDialog | None, choice: str = "", when: str = "", text: str = "") -> None:
    assert dialog is not None
    if choice:
        dialog.choice.setCurrentIndex(dialog.choice.findData(choice))
    dialog.date.setText(when)
    dialog.text.setPlainText(text)
    dialog.save()


# -- the header --------------------------------------------------------------------------------------------------
def test_header_says_reference_person_age_status_and_next_step(qtbot: Any, session: Any) -> None:
    case_id = _case(session, age=16)
    view = _view(qtbot, session, case_id)
    ui = view.ui
    detail = case_queries.case_detail(session, case_id)
    assert ui.refLabel.text() == detail.ref
    assert ui.personLabel.text() == "Ada Testperson · Learner (non-military) · aged 16 at the concern"
    assert ui.ageBadge.isVisibleTo(view) and ui.ageBadge.text() == "UNDER 18"  # words, not a colour only
    assert ui.statusBadge.text() == "Status: Concern logged"
    assert ui.nextStepLabel.text() == "Next step: Record a decision."
    assert view.next_button.text() == "&Next step: Record a decision…"
    view.next_button.click()
    assert view.record_dialog.windowTitle() == "Record a decision"
    view.record_dialog.reject()

    adult = _view(qtbot, session, _case(session, age=30, role="staff"))
    assert not adult.ui.ageBadge.isVisibleTo(adult)
    assert "aged 30 at the concern" in adult.ui.personLabel.text()


def test_next_step_chases_the_police_answer_by_a_date(qtbot: Any, session: Any, clock: Any) -> None:
    view = _view(qtbot, session, _case(session))
    decided = TODAY - timedelta(days=4)
    _record(view, view.add_decision(), "police_prevent", factories.uk(decided), "Discussed with the police")
    chase = decided + timedelta(days=14)  # the chase-days setting's default
    assert view.ui.statusBadge.text() == "Status: Referred (awaiting answer)"
    assert view.ui.nextStepLabel.text() == f"Next step: Chase the police answer by {chase.day} {chase:%b}."
    view.next_button.click()  # the next step's button opens the outcome
    assert view.record_dialog.windowTitle() == "Record an outcome"
    view.record_dialog.reject()
    clock.set(chase + timedelta(days=1))
    view.refresh()
    assert view.ui.nextStepLabel.text() == f"Next step: Chase the police answer: it was due by {chase.day} {chase:%b}."


def test_recording_an_outcome_moves_the_status_on(qtbot: Any, session: Any) -> None:
    case_id = _case(session, decision="police_prevent")
    view = _view(qtbot, session, case_id)
    _record(view, view.add_outcome(), "gateway_accepted", factories.uk(TODAY))
    assert case_queries.case_detail(session, case_id).status == "assessment"
    assert view.ui.statusBadge.text() == "Status: Accepted for police assessment"
    assert view.ui.outcomesContent.itemAt(0).widget().text().endswith("Police gateway: accepted for assessment")
    assert "Record a decision" not in view.ui.nextStepLabel.text()
    _record(view, view.add_outcome(), "exit", factories.uk(TODAY), "Support ended")
    assert view.ui.statusBadge.text() == "Status: Monitoring (reviews due)"
    assert view.review_button.isEnabled()


# -- NFA, closed, reopened ---------------------------------------------------------------------------------------
def test_no_further_action_asks_first_and_cancel_records_nothing(qtbot: Any, session: Any) -> None:
    case_id = _case(session, age=30, role="visitor")
    view = _view(qtbot, session, case_id)
    dialog = view.add_decision()
    _record(view, dialog, "nfa", "", "False alarm: a film quote")
    box = dialog.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "closes the case" in box.text() and "reopened" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter does not close the case
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert case_queries.case_detail(session, case_id).decisions == ()
    assert dialog.isVisible() and dialog.text.toPlainText() == "False alarm: a film quote"  # nothing lost
    _record(view, dialog, "nfa", "", "False alarm: a film quote")
    dialog.question.findChild(QPushButton, "recordNfaButton").click()
    assert case_queries.case_detail(session, case_id).status == "closed"
    assert view.ui.statusBadge.text() == "Status: Closed"
    assert view.closed_note.isVisibleTo(view) and "Reopen it with a reason" in view.closed_note.text()
    assert not view.decision_button.isEnabled() and view.note_button.isEnabled()
    # another decision kind is recorded straight away (no question)
    other = _view(qtbot, session, _case(session, age=30, role="visitor"))
    signposted = other.add_decision()
    _record(other, signposted, "signposted", "", "To the counselling service")
    assert signposted.question is None and other.detail.status == "signposted"


def test_a_closed_case_is_reopened_with_a_reason_and_audited(qtbot: Any, session: Any) -> None:
    case_id = _case(session, age=30, role="visitor", decision="nfa")
    view = _view(qtbot, session, case_id)
    assert view.close_button.text() == "Reopen c&losed case…"
    assert view.ui.nextStepLabel.text().startswith("Next step: ")
    dialog = view.close_or_reopen()
    assert dialog.windowTitle() == "Reopen the case"
    _record(view, dialog, text="")
    assert "Reason for reopening" in dialog.error.text()
    assert case_queries.case_detail(session, case_id).status == "closed"
    _record(view, dialog, text="New information from the tutor (quasar)")
    assert case_queries.case_detail(session, case_id).status == "reopened"
    assert view.ui.statusBadge.text() == "Status: Reopened (decision needed)"
    assert view.ui.nextStepLabel.text() == f"Next step: Reopened on {TODAY.day} {TODAY:%b}: record a decision."
    assert view.decision_button.isEnabled() and view.close_button.text() == "C&lose case…"
    texts = [view.chron_model.entry(r).text for r in range(view.chron_model.rowCount())]
    assert "Case reopened. Reason: New information from the tutor (quasar)" in texts
    audit = session.conn.execute(
        "SELECT action, entity_id, detail FROM audit_log WHERE action = 'case.reopen'").fetchall()
    assert [(a, e) for a, e, _d in audit] == [("case.reopen", str(case_id))]
    assert all("quasar" not in (d or "") for _a, _e, d in audit)  # ids only: the reason stays in the vault


def test_a_closed_case_still_takes_addenda_notes_and_files(qtbot: Any, session: Any, tmp_path: Path) -> None:
    case_id = _case(session, age=30, role="visitor", decision="nfa")
    view = _view(qtbot, session, case_id)
    view.chron_table.selectRow(0)
    _record(view, view.add_addendum(), text="Late information: the quote was from a 1990s film")
    _record(view, view.add_note(), text="Parent phoned to thank the college")
    kinds = [view.chron_model.entry(r).kind for r in range(view.chron_model.rowCount())]
    assert "addendum" in kinds and "note" in kinds
    assert case_queries.case_detail(session, case_id).status == "closed"  # still closed, nothing lost


def test_attach_a_file_list_it_and_view_it_from_memory(qtbot: Any, session: Any, tmp_path: Path) -> None:
    case_id = _case(session)
    view = _view(qtbot, session, case_id)
    statement = tmp_path / "statement.txt"
    statement.write_bytes(b"Synthetic statement by the tutor.\n")
    view.attach_button.click()
    dialog = view.record_dialog
    assert isinstance(dialog, AttachDialog)
    dialog.path.setText(str(statement))
    dialog.note.setPlainText("Written on the day")
    dialog.save()
    assert not dialog.isVisible()
    statement.unlink()  # the vault holds its own encrypted copy
    rows = [view.documents.record(r) for r in range(view.documents.rowCount())]
    files = [d for d in rows if d.kind == "File"]
    assert [(d.title, d.note) for d in files] == [("statement.txt (34 bytes)", "Written on the day")]
    assert case_files.attachments_of(session, case_id)[0].filename == "statement.txt"
    view.documents_table.selectRow(rows.index(files[0]))
    viewer = view.view_selected()
    assert isinstance(viewer, FileViewer) and viewer.data == b"Synthetic statement by the tutor.\n"
    viewer.reject()
    # a bad path says so in words and attaches nothing
    view.attach_button.click()
    bad = view.record_dialog
    assert isinstance(bad, AttachDialog)
    bad.path.setText(str(tmp_path / "missing.txt"))
    bad.save()
    assert bad.isVisible() and bad.error.text()
    assert len(case_files.attachments_of(session, case_id)) == 1
    bad.keeper.finish()
    bad.close()


def test_enter_in_the_tasks_due_field_adds_an_open_task(qtbot: Any, session: Any) -> None:
    """The page is no form: Enter adds the task and presses no other button (it used to tick the new task off)."""
    case_id = _case(session)
    view = _shown_view(qtbot, session, case_id)
    panel = view.tasks
    qtbot.keyClicks(panel.what, "Chase the MASH reference")
    qtbot.keyClicks(panel.due, factories.uk(TODAY + timedelta(days=2)))
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert [(t.text, t.done_at) for t in case_tasks.tasks_of_case(session, case_id)] == [
        ("Chase the MASH reference", "")]


# -- keyboard, screen readers, large text ------------------------------------------------------------------------
def _shown(window: QWidget) -> Iterator[QWidget]:
    for w in window.findChildren(QWidget):
        if w.window() is window and w.isVisibleTo(window):
            yield w


def _name(w: QWidget, which: QAccessible.Text = QAccessible.Text.Name) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return " ".join(iface.text(which).split()) if iface is not None else ""


def _mnemonic(text: str) -> str:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else ""


def _shown_view(qtbot: Any, session: Any, case_id: int) -> CaseView:
    view = _view(qtbot, session, case_id)
    view.resize(1366, 740)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    return view


def test_the_chronology_is_within_two_tabs_of_the_first_control(qtbot: Any, session: Any) -> None:
    view = _shown_view(qtbot, session, _case(session))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.next_button)  # the first control has the focus
    reached = []
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert view.chron_table in reached
    assert view.chron_table.currentIndex().isValid()  # it shows a current entry, read in full below
    qtbot.keyClick(view.chron_table, Qt.Key.Key_Tab)  # and Tab leaves it (arrow keys move within)
    assert QApplication.focusWidget() is not view.chron_table
    # Tab follows the reading order (the chronology's buttons, the page's tabs, the page from the top) and comes
    # back round to the first control after every stop once (it used to loop from the last button to the tabs)
    order = [QApplication.focusWidget()]
    for _ in range(60):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        if QApplication.focusWidget() is view.next_button:
            break
        order.append(QApplication.focusWidget())
    assert QApplication.focusWidget() is view.next_button, [type(w).__name__ for w in order]
    assert len(order) == len(set(order))
    assert order.index(view.tabs.tabBar()) == order.index(view.addendum_button) + 1
    assert view.file_button in order and view.category_button in order


def test_every_control_is_named_labels_read_as_shown_and_mnemonics_are_unique(qtbot: Any, session: Any) -> None:
    view = _shown_view(qtbot, session, _case(session, referral=True))
    for closed in (False, True):
        if closed:
            _record(view, view.add_decision(), "internal_support", "", "Mentoring")
            _record(view, view.close_case(), text="Support finished")
        controls = [w for w in _shown(view) if isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit
                                                            | QAbstractItemView | QScrollArea)
                    or (w.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(w, QTabBar))]
        unnamed = [f"{type(w).__name__}({w.objectName()!r})" for w in controls
                   if not _name(w) and type(w).__name__ not in ("QScrollBar", "QHeaderView")
                   and not isinstance(w.parentWidget(), QTabBar)]
        assert unnamed == []
        hidden = [label.text() for label in _shown(view) if isinstance(label, QLabel) and label.text().strip()
                  and " ".join(label.text().replace("&", "").split()) not in _name(label)]
        assert hidden == []
        letters: dict[str, list[str]] = {}
        for w in _shown(view):
            if isinstance(w, QAbstractButton) and not isinstance(w.parentWidget(), QTabBar):
                texts = [w.text()]
            elif isinstance(w, QLabel) and w.buddy() is not None:
                texts = [w.text()]
            elif isinstance(w, QGroupBox):
                texts = [w.title()]
            elif isinstance(w, QTabBar):
                texts = [w.tabText(i) for i in range(w.count())]
            else:
                continue
            for text in texts:
                if letter := _mnemonic(text):
                    letters.setdefault(letter, []).append(text)
        assert {k: v for k, v in letters.items() if len(v) > 1} == {}


def test_record_dialogs_have_no_mnemonic_clash(qtbot: Any, session: Any) -> None:
    view = _view(qtbot, session, _case(session))
    for dialog in (view.add_decision(), view.add_outcome(), view.add_note()):
        labels = [w.text() for w in dialog.findChildren(QLabel)
                  if w.buddy() is not None and w.buddy().isVisibleTo(dialog)]
        letters = [_mnemonic(t) for t in labels if _mnemonic(t)]
        assert len(letters) == len(set(letters)), labels
        dialog.reject()


@pytest.fixture
def text_200(qapp: QApplication) -> Iterator[None]:
    font = QFont(qapp.font())
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(bigger)
    yield
    qapp.setFont(font)


def _inside(w: QWidget, window: QWidget) -> QRect:
    return QRect(w.mapTo(window, w.rect().topLeft()), w.size())


@pytest.mark.usefixtures("text_200")
def test_at_200_percent_text_every_button_fits_a_1366x768_screen(qtbot: Any, session: Any) -> None:
    case_id = _case(session, referral=True)
    case_actions.add_note(session, case_id, "A note")
    view = _shown_view(qtbot, session, case_id)
    need = view.minimumSizeHint()
    assert need.width() <= 1366 and need.height() <= 740, need
    area = view.ui.caseScroll
    problems = []
    for button in (b for b in _shown(view) if isinstance(b, QPushButton)):
        if button.width() < button.minimumSizeHint().width():
            problems.append(f"{button.text()!r} squeezed")
        rect = _inside(button, view)
        if rect.right() > view.width() or rect.left() < 0:
            problems.append(f"{button.text()!r} outside the window at {rect.getRect()}")
        if area.isAncestorOf(button):  # the page scrolls down only: nothing may stick out on the right
            right = button.mapTo(area.widget(), button.rect().topRight()).x()
            if right >= area.viewport().width():
                problems.append(f"{button.text()!r} cut off on the right of the page")
    assert problems == []
