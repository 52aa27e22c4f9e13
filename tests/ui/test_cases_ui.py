"""The cases flow through real widgets: log a concern, the wizard for a learner under 18, a soldier and a member of
staff, autosaved drafts that survive kill -9, completeness, decision, outcome, addendum, search, the lazy model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QWizard

from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.services import exports
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import guidance
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.ui.case_models import CaseListModel
from prevent_desktop.ui.case_view import CaseView
from prevent_desktop.ui.pages.cases import CasesPage
from prevent_desktop.ui.wizard import ReferralWizard, SectionPage
from tests import factories
from tests.conftest import PASSPHRASE, ROOT
from tests.helpers.clock import TODAY

# Every test here runs on the clock's day (tests/helpers/clock.py): dates built from TODAY mean the same to the app
# whatever the real date is.
pytestmark = pytest.mark.usefixtures("clock")


def make_case(session: Any, role: str, raised_by: str = "staff", age: int = 16, **over: Any) -> int:
    values: dict[str, Any] = {
        "surname": "Testperson", "subject_role": role, "raised_by_role": raised_by, "raiser_name": "Sam Tutor",
        "what_happened": "Said violence against a group was justified.", **over,
    }
    return factories.log_case(session, age=age, **values)


def test_log_a_concern_keyboard_first_danger(qtbot: Any, session: Any) -> None:
    page = CasesPage(session)
    qtbot.addWidget(page)
    page.new_button.click()
    dialog = page.concern_dialog
    # immediate danger is the first thing asked; Yes shows "Call 999 now" with the police numbers
    assert not dialog.danger.call_999.isVisibleTo(dialog)
    dialog.danger.yes.click()
    assert dialog.danger.call_999.isVisibleTo(dialog)
    assert "999" in dialog.danger.call_999.text() and "101" in dialog.danger.call_999.text()
    dialog.danger.no.click()
    qtbot.keyClicks(dialog.forenames, "Lukasz")
    dialog.forenames.setText("Łukasz")  # QTest types ASCII only; Unicode goes in directly
    qtbot.keyClicks(dialog.surname, "<b>Nowak</b>")
    qtbot.keyClicks(dialog.dob, (TODAY - timedelta(days=17 * 365)).strftime("%d/%m/%Y"))
    qtbot.keyClicks(dialog.raiser, "Sam Tutor")
    qtbot.keyClicks(dialog.what, "Posted threats ")
    dialog.what.insertPlainText("👋 مرحبا")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    view = page.case_view
    qtbot.addWidget(view)
    assert "<b>Nowak</b>" in view.ui.personLabel.text()  # plain text, exactly as typed
    assert page.model.rowCount() == 1


def test_bad_input_shows_a_message_and_keeps_the_text(qtbot: Any, session: Any) -> None:
    page = CasesPage(session)
    qtbot.addWidget(page)
    page.new_button.click()
    dialog = page.concern_dialog
    dialog.save()
    assert "immediate-danger" in dialog.error.text()
    dialog.danger.no.click()
    dialog.forenames.setText("Ann")
    dialog.surname.setText("Lee")
    dialog.dob.setText((TODAY + timedelta(days=5)).strftime("%d/%m/%Y"))
    dialog.what.setPlainText("Something")
    dialog.save()
    assert "future" in dialog.error.text()
    assert dialog.what.toPlainText() == "Something"
    dialog.reject()


def test_repeat_concern_is_offered_for_linking(qtbot: Any, session: Any) -> None:
    make_case(session, "learner", forenames="Zoë", surname="Al-Saʼdi")
    page = CasesPage(session)
    qtbot.addWidget(page)
    page.new_button.click()
    dialog = page.concern_dialog
    dialog.forenames.setText("Zoe")
    dialog.surname.setText("Al-Sa'di")
    dialog.check_matches()
    assert dialog.match.count() == 2 and dialog.match_note.isVisibleTo(dialog)
    dialog.reject()


def _wizard(qtbot: Any, session: Any, case_id: int) -> ReferralWizard:
    wizard = ReferralWizard(session, case_id)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _section(wizard: ReferralWizard, section_id: str) -> SectionPage:
    return next(p for p in wizard.sections if p.section.id == section_id)


def test_wizard_routing_and_fields_differ_by_person(qtbot: Any, session: Any) -> None:
    learner = _wizard(qtbot, session, make_case(session, "learner", age=16))
    text = learner.safety.routing.text()
    contacts = learner.safety.contacts.text()
    assert "under 18" in text and "Designated Safeguarding Officer" in text and "MASH" in text
    assert "Multi-Agency" in contacts
    assert not _section(learner, "family").editor("parent_carer_details").widget.isHidden()
    assert _section(learner, "individual").editor("service_number").widget.isHidden()

    soldier = _wizard(qtbot, session, make_case(session, "soldier", age=22, forenames="Kai"))
    text = soldier.safety.routing.text()
    assert "Military chain of command" in text and "PRECEDENCE" in text
    assert "Supervisory Care" in soldier.safety.contacts.text() or "NCO" in soldier.safety.contacts.text()
    soldier.next()
    assert not _section(soldier, "individual").editor("service_number").widget.isHidden()
    assert _section(soldier, "family").editor("parent_carer_details").widget.isHidden()

    staff = _wizard(qtbot, session, make_case(session, "staff", age=40, forenames="Priya"))
    text = staff.safety.routing.text()
    assert "HR Advisor" in text and "Military" not in text
    assert text != learner.safety.routing.text()
    for w in (learner, soldier, staff):
        w.reject()


def test_full_flow_draft_complete_decide_outcome_addendum_search(qtbot: Any, session: Any) -> None:
    case_id = make_case(session, "learner", age=16)
    wizard = _wizard(qtbot, session, case_id)
    wizard.next()  # Individual's details
    addresses = _section(wizard, "individual").editor("addresses").widget
    assert isinstance(addresses, QPlainTextEdit)
    addresses.setFocus()
    qtbot.keyClicks(addresses, "1 Synthetic Road (current)")
    qtbot.waitUntil(lambda: case_queries.case_detail(session, case_id).answers.get("addresses")
                    == "1 Synthetic Road (current)", timeout=3000)  # saved by the timer, within a second
    assert "Draft saved" in wizard.last_status
    # go to the completeness page: each gap is a link back to its page
    while wizard.currentPage() is not wizard.complete:
        wizard.next()
    buttons = wizard.complete.gap_buttons
    assert buttons and any("point 10" in b.text() for b in buttons)
    parent_gap = next(b for b in buttons if "Parent / carer details" in b.text())
    parent_gap.click()
    assert wizard.currentPage() is _section(wizard, "family")
    family = _section(wizard, "family").editor("parent_carer_details").widget
    assert isinstance(family, QPlainTextEdit)
    family.setPlainText("Mother: synthetic contact")
    while wizard.currentPage() is not wizard.complete:
        wizard.next()
    assert not any("Parent / carer details" in b.text() for b in wizard.complete.gap_buttons)
    wizard.mark_ready()
    assert "reason" in wizard.complete.result.text()
    wizard.complete.reason.setPlainText("Police will gather the rest")
    wizard.mark_ready()
    assert "ready" in wizard.complete.result.text()
    wizard.accept()
    assert case_queries.case_detail(session, case_id).status == "ready"

    view = CaseView(session, case_id)
    qtbot.addWidget(view)
    dialog = view.add_decision()
    dialog.choice.setCurrentIndex(dialog.choice.findData("police_prevent"))
    dialog.save()
    assert "required" in dialog.error.text()
    dialog.text.setPlainText("Discussed with Kent Police Prevent Team")
    dialog.save()
    assert view.detail.status == "referred"
    dialog = view.add_outcome()
    dialog.choice.setCurrentIndex(dialog.choice.findData("gateway_accepted"))
    dialog.date.setText(TODAY.strftime("%d/%m/%Y"))
    dialog.save()
    assert [o.kind for o in view.detail.outcomes] == ["gateway_accepted"]
    view.tabs.setCurrentIndex(1)
    view.chron_table.setCurrentIndex(view.chron_model.index(0, 0))
    dialog = view.add_addendum()
    assert dialog is not None
    dialog.text.setPlainText("Correction: the remark was made on Tuesday (quasar)")
    dialog.save()
    kinds = [view.chron_model.index(r, 4).data() for r in range(view.chron_model.rowCount())]
    assert "Addendum to No. 1" in kinds
    # In the pack the correction of the concern as logged is printed with the answer it corrects: in section 2,
    # before the points (and again in the chronology, under the entry)
    pdf = exports.build_document(session, "referral-pack", case_id=case_id)[0]
    read = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True)
    text = " ".join(read.stdout.decode().split())
    fix = "Correction: the remark was made on Tuesday (quasar)"
    section2 = text.index("2. Describe concerns")
    assert section2 < text.index("Corrections to section 2", section2) < text.index(fix, section2) < text.index(
        "The 13 points", section2)

    page = CasesPage(session)
    qtbot.addWidget(page)
    page.search.setText("quasar")
    page.apply_filter()
    assert page.model.rowCount() == 1 and page.model.case_id(0) == case_id


def test_nfa_case_is_kept_listed_searchable_and_read_only(qtbot: Any, session: Any) -> None:
    case_id = make_case(session, "visitor", age=30, what_happened="Quoted a film line (false alarm)")
    view = CaseView(session, case_id)
    qtbot.addWidget(view)
    dialog = view.add_decision()
    dialog.choice.setCurrentIndex(dialog.choice.findData("nfa"))
    dialog.text.setPlainText("False alarm: film quote")
    dialog.save()
    assert dialog.question is not None  # asked first (tests/ui/test_case_page.py covers the question)
    dialog.question.findChild(QPushButton, "recordNfaButton").click()
    assert view.detail.read_only and view.closed_note.isVisibleTo(view)
    assert view.note_button.isEnabled() and not view.decision_button.isEnabled()  # notes stay possible (3.13)
    page = CasesPage(session)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    page.search.setText("film")
    page.apply_filter()
    assert page.model.rowCount() == 1
    page.status.setCurrentIndex(page.status.findData("closed"))
    assert page.model.rowCount() == 1
    wizard = _wizard(qtbot, session, case_id)
    assert all(w.isReadOnly() for w in wizard.findChildren(QLineEdit))
    wizard.reject()


def test_two_windows_saving_the_same_case(qtbot: Any, session: Any) -> None:
    case_id = make_case(session, "learner", age=16)
    one = _wizard(qtbot, session, case_id)
    two = _wizard(qtbot, session, case_id)
    _section(one, "individual").editor("gender").widget.setText("window one")  # type: ignore[attr-defined]
    assert one.save_now()
    _section(two, "individual").editor("gender").widget.setText("window two")  # type: ignore[attr-defined]
    assert not two.save_now()
    assert "another window" in two.last_status
    assert _section(two, "individual").editor("gender").value() == "window two"  # nothing lost on screen
    assert case_queries.case_detail(session, case_id).answers["gender"] == "window one"
    one.reject()
    two.reject()


def test_draft_survives_kill_9(tmp_path: Path, session: Any) -> None:
    case_id = make_case(session, "learner", age=16)
    root = session.vault.paths.root
    session.close()
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from prevent_desktop.paths import DataPaths
        from prevent_desktop.services.vault_service import open_session
        from prevent_desktop.storage.vault import Secret
        from prevent_desktop.ui.wizard import ReferralWizard
        app = QApplication([])
        s = open_session(DataPaths(Path({str(root)!r})), Secret.passphrase({PASSPHRASE!r}))
        w = ReferralWizard(s, {case_id})
        w.show()
        w.next()
        page = next(p for p in w.sections if p.section.id == "individual")
        page.editor("addresses").widget.setPlainText("typed before the crash")
        deadline = time.time() + 10
        while (w._dirty or "Draft saved" not in getattr(w, "last_status", "")) and time.time() < deadline:
            app.processEvents()
            time.sleep(0.02)
        page.editor("gender").widget.setText("still typing")
        print("SAVED", flush=True)
        while True:
            app.processEvents()
            time.sleep(0.05)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SAVED"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    from prevent_desktop.services.vault_service import open_session
    from prevent_desktop.storage.vault import Secret

    reopened = open_session(session.vault.paths, Secret.passphrase(PASSPHRASE))
    try:
        answers = case_queries.case_detail(reopened, case_id).answers
        assert answers["addresses"] == "typed before the crash"
        assert reopened.vault.check() == []
    finally:
        reopened.close()


def fetch_page_by_page(model: CaseListModel, total: int) -> None:
    """The first page is FIRST_PAGE rows, the next one PAGE more, and fetching on gives all ``total``."""
    root = model.index(0, 0).parent()
    assert model.rowCount() == CaseListModel.FIRST_PAGE and model.canFetchMore(root)
    model.fetchMore(root)
    assert model.rowCount() == CaseListModel.FIRST_PAGE + CaseListModel.PAGE
    while model.canFetchMore(root):
        model.fetchMore(root)
    assert model.rowCount() == total


def test_case_list_model(qtmodeltester: Any, demo_session: Any) -> None:
    from prevent_desktop.services.demo import fill_demo

    fill_demo(demo_session, 450, seed=3)
    model = CaseListModel(demo_session)
    model.set_filter(CaseFilter())
    fetch_page_by_page(model, 450)
    dates = [model.row_record(r).opened_at for r in range(450)]
    assert dates == sorted(dates, reverse=True)
    assert len({model.case_id(r) for r in range(450)}) == 450
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole).startswith("PV-")


def test_the_first_page_is_a_screenful_and_a_tall_list_fetches_the_rest_itself(qtbot: Any, demo_session: Any) -> None:
    """The list's first page is small (it is read while the DSO waits, at unlock and at each search), so a window
    taller than it shows must fetch the next page by itself: no blank space under the last row."""
    from prevent_desktop.services.demo import fill_demo

    fill_demo(demo_session, 300, seed=4)
    page = CasesPage(demo_session)
    qtbot.addWidget(page)
    assert page.model.rowCount() == CaseListModel.FIRST_PAGE  # built: one small page, not the old 200
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    assert page.model.rowCount() == CaseListModel.FIRST_PAGE, "a laptop-sized list needs no second page"
    row_height = page.table.rowHeight(0)
    page.table.setMinimumHeight(row_height * (CaseListModel.FIRST_PAGE + 10))  # taller than the first page
    page.resize(900, row_height * (CaseListModel.FIRST_PAGE + 30))
    qtbot.waitUntil(lambda: page.model.rowCount() == CaseListModel.FIRST_PAGE + CaseListModel.PAGE)
    last = page.table.rowAt(page.table.viewport().height() - 2)
    assert 0 <= last < page.model.rowCount() - 1, "the viewport is filled with rows to its bottom"


def test_case_list_model_fetches_search_results_a_page_at_a_time(
    qtbot: Any, qtmodeltester: Any, demo_session: Any
) -> None:
    from prevent_desktop.services.demo import fill_demo

    fill_demo(demo_session, 450, seed=3)
    model = CaseListModel(demo_session)
    model.set_filter(CaseFilter(query="PV"))  # every case's reference: 450 matches, read a page at a time
    fetch_page_by_page(model, 450)
    ids = [model.case_id(r) for r in range(450)]
    assert ids == [r.id for r in case_queries.search(demo_session, "PV", limit=1000)]
    qtmodeltester.check(model, force_py=True)
    # The page's count stops at the cap instead of counting every match on the UI thread.
    page = CasesPage(demo_session)
    qtbot.addWidget(page)
    page.model.COUNT_CAP = 100
    page.search.setText("PV")
    page.apply_filter()
    assert page.model.rowCount() == CaseListModel.FIRST_PAGE  # the rows at once; the count a turn later
    qtbot.waitUntil(lambda: page.count_label.text() == "100+ cases match, most recently written first")
    page.search.setText("PV-2099")
    page.apply_filter()
    qtbot.waitUntil(lambda: page.count_label.text() == "0 case(s) match")
    page.search.clear()
    page.apply_filter()
    qtbot.waitUntil(lambda: page.count_label.text() == "450 case(s)")


def test_wizard_covers_every_form_section_and_13_points(qtbot: Any, session: Any) -> None:
    wizard = _wizard(qtbot, session, make_case(session, "learner", age=15))
    form = guidance.referral_form(session)
    assert [p.section.id for p in wizard.sections] == [s.id for s in form.sections]
    assert len(wizard.points.points) + len(wizard.points.shared) == 13
    assert sorted(wizard.points.shared) == [8, 10, 11]  # asked once, as fields of the form
    assert wizard.button(QWizard.WizardButton.NextButton) is not None
    for page in [wizard.safety, *wizard.sections, wizard.points, wizard.complete]:
        assert page.good.text().startswith("Good content:")  # type: ignore[attr-defined]
    wizard.reject()


def test_home_shows_chase_prompts_and_pdf_buttons_ask_for_exports(qtbot: Any, session: Any, monkeypatch: Any) -> None:
    from prevent_desktop.ui import export_hooks
    from prevent_desktop.ui.pages.home import HomePage

    case_id = make_case(session, "learner", age=16, concern_date=(TODAY - timedelta(days=40)).strftime("%d/%m/%Y"))
    v = case_queries.case_detail(session, case_id).version
    case_actions.record_decision(session, case_id, v, "channel", "Police advised Channel",
                            (TODAY - timedelta(days=30)).strftime("%d/%m/%Y"))
    home = HomePage(session)
    qtbot.addWidget(home)
    home.show()  # Home works its list out when shown
    texts = [i.text for group in home.model.items for i in group]
    assert any("chase it" in t for t in texts)
    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(export_hooks, "request_export", lambda parent, s, kind, **p: calls.append((kind, p)))
    view = CaseView(session, case_id)
    qtbot.addWidget(view)
    view.pack_button.click()
    view.file_button.click()
    person_id = case_queries.case_detail(session, case_id).person.id
    assert calls == [("referral-pack", {"case_id": case_id}), ("case-file", {"person_id": person_id})]


def test_log_a_concern_with_the_keyboard_only(qtbot: Any, session: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from prevent_desktop.ui.log_concern import LogConcernDialog

    dialog = LogConcernDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    # Tab order: the danger question, then every field in reading order, then the buttons.
    chain: list[QWidget] = []
    w: QWidget = dialog.danger.no
    while len(chain) < 9:
        w = w.nextInFocusChain()
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(dialog):
            chain.append(w)
    assert chain == [dialog.forenames, dialog.surname, dialog.dob, dialog.role, dialog.match, dialog.raised_by,
                     dialog.raiser, dialog.when, dialog.what]
    qtbot.keyClick(dialog.danger.no, Qt.Key.Key_Space)
    assert dialog.danger.no.isChecked()
    qtbot.keyClicks(dialog.forenames, "Kai")
    qtbot.keyClicks(dialog.surname, "Keyboard")
    qtbot.keyClicks(dialog.dob, (TODAY - timedelta(days=20 * 365)).strftime("%d/%m/%Y"))
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # the next role in the list
    qtbot.keyClicks(dialog.raiser, "Sam Tutor")
    qtbot.keyClicks(dialog.what, "Said something worrying in class.")
    qtbot.keyClick(dialog.raiser, Qt.Key.Key_Return)  # Enter in a line edit = Save (the default button)
    assert dialog.case_id is not None
    d = case_queries.case_detail(session, dialog.case_id)
    assert d.person.surname == "Keyboard" and d.person.role == "apprentice"
