"""The contacts panel driven through real widgets on a real vault: search, who to call, edit with history,
retire, copy (tagged and cleared), verify, import/export, print hook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from prevent_desktop.services import home
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.ui.pages.contacts import ContactsPage

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def clean_clipboard(qapp):  # type: ignore[no-untyped-def]
    """Leave the clipboard empty: PySide6 crashes at interpreter exit (SIGSEGV) if the clipboard still holds a
    QMimeData made in Python (pre-existing; see docs/notes/contacts.md)."""
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture
def page(qtbot, session):  # type: ignore[no-untyped-def]
    p = ContactsPage(session)
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    qtbot.waitExposed(p)
    return p


def shown_ids(page: ContactsPage) -> list[str]:
    return [
        page.model.record(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).id for r in range(page.proxy.rowCount())
    ]


def test_panel_lists_groups_in_policy_order(qtbot, page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    assert page.model.rowCount() == 17
    groups = list(dict.fromkeys(page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())))
    assert groups == [
        "Designated Prevent Officer – MKC Training",
        "Department for Education",
        "Military soldier safeguarding / Prevent concerns",
        "Other learner and apprentice safeguarding / Prevent concerns",
        "Emergency and reporting lines",
        "Reporting Prevent Referrals",
    ]
    assert page.selected().id == "dpo"
    assert page.detail.title.text() == "Dr John Dynes"
    assert page.detail.channels_model.index(0, 1).data() == "01634 822386"
    assert page.detail.channels_model.index(0, 2).data() == "01634 822 386"
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS"):
        page.select("dfe-coordinator")
        qtbot.wait(50)
        page.grab().save(str(SHOTS / "contacts-panel.png"))


def test_keyboard_search_is_instant_across_fields_and_digit_runs(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.activateWindow()
    assert page.focus_search()  # Ctrl+F in the main window (tests/ui/test_accessibility.py drives the key)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "822386")
    assert shown_ids(page) == ["dpo"]
    assert page.count_label.text() == "1 of 17 match"
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)  # Enter goes to the results
    assert page.table.hasFocus() and page.selected().id == "dpo"
    page.filter.setFocus()
    page.filter.clear()
    qtbot.keyClicks(page.filter, "0800789")
    assert shown_ids(page) == ["police-0800"]
    page.filter.clear()
    qtbot.keyClicks(page.filter, "welfare")
    assert shown_ids(page) == ["unit-welfare-officer", "military-out-of-hours-welfare", "emergency-999"]
    assert page.selected().id == "unit-welfare-officer"
    page.filter.clear()
    qtbot.keyClicks(page.filter, "Medway Council")
    assert shown_ids(page) == ["medway-mash"]
    page.filter.clear()
    assert len(shown_ids(page)) == 17


def test_who_do_i_call_for_a_soldier_out_of_hours(qtbot, page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)
    who = page.who
    labels = who.situation_model.stringList()
    # Issue 15: one in/out-of-hours control, no situation whose own label says "in hours" or "out of hours".
    assert "A concern about a soldier" in labels
    assert not any("hours" in label for label in labels)
    assert who.in_hours.isChecked() and not who.out_of_hours.isChecked()
    who.situations.setFocus()
    who.select("soldier")
    qtmodeltester.check(who.model)
    assert who.title.text() == "A concern about a soldier — in hours"
    assert [who.model.index(r, 3).data() for r in range(who.model.rowCount())] == [
        "Telephone: 0785 507 9207",
        "Telephone: 01634 822966",
        "Telephone: 01634 822442",
    ]
    assert [who.model.index(r, 0).data() for r in range(who.model.rowCount())] == ["1", "2", "3"]
    qtbot.keyClick(who.out_of_hours, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # the one control, by keyboard
    qtbot.waitUntil(who.out_of_hours.isChecked)
    assert who.title.text() == "A concern about a soldier — out of hours"
    assert [who.model.index(r, 1).data() for r in range(who.model.rowCount())] == [
        "Out of hours welfare support",
        "Duty Supervisory Care NCO",
    ]
    assert [who.model.index(r, 0).data() for r in range(who.model.rowCount())] == ["1", "2"]
    assert who.model.index(0, 4).data() == "0 1 6 3 4 · 8 2 2 · 4 4 2"
    assert "Supervisor Care Directive takes precedence" in who.precedence.text()
    assert who.precedence.isVisible()
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS"):
        qtbot.wait(50)  # let the layout settle before the grab
        page.grab().save(str(SHOTS / "contacts-who-to-call-soldier-ooh.png"))
    who.select("staff")  # no separate out-of-hours list: said once, the heading stays the situation's own
    assert who.title.text() == "A concern about a member of staff"
    assert "no separate out-of-hours contacts" in who.when_note.text() and who.when_note.isVisibleTo(who)
    # numbered 1, 2, 3 per row (the DfE coordinator's desk and mobile are two steps)
    who.select("dfe-advice", out_of_hours=False)
    assert [who.model.index(r, 0).data() for r in range(who.model.rowCount())] == ["1", "2", "3"]
    who.select("immediate-danger", out_of_hours=False)
    assert who.model.index(0, 3).data() == "Emergency: 999"
    # copying from who-to-call: 999 is a public line, never cleared
    who.table.setFocus()
    qtbot.keyClick(who.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "999"
    assert "cleared" not in who.feedback.text()


def test_who_do_i_call_shows_a_party_with_no_number_as_one_to_add(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)
    who = page.who
    who.select("staff", out_of_hours=False)
    rows = [(who.model.index(r, 1).data(), who.model.index(r, 3).data()) for r in range(who.model.rowCount())]
    assert rows[0] == ("HR Advisor", "Number not yet recorded — add it")
    assert rows[1][1] == "Telephone: 01634 822386"


def test_copy_number_is_tagged_and_cleared_after_the_setting(qtbot, page, session) -> None:  # type: ignore[no-untyped-def]
    session.vault.set_setting(contact_settings.SETTING_CLEAR_SECONDS, "1")
    page.select("dfe-coordinator")
    page.detail.channels.select_row(1)
    qtbot.mouseClick(page.detail.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "07901 384401"
    assert QGuiApplication.clipboard().mimeData().hasFormat("x-kde-passwordManagerHint")
    assert "cleared in 1 seconds" in page.detail.feedback.text()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=4000)
    # Ctrl+C in the main table copies the selected contact's first number
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "02045 666324"
    page.select("police-0800")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "0800 789 321"
    assert not QGuiApplication.clipboard().mimeData().hasFormat("x-kde-passwordManagerHint")
    qtbot.mouseClick(page.detail.aloud_button, Qt.MouseButton.LeftButton)
    assert page.detail._dialog is not None
    assert page.detail._dialog.aloud.text() == "0 8 0 0 · 7 8 9 · 3 2 1"
    page.detail._dialog.close()


def test_edit_with_history_and_bad_values_refused(qtbot, page, session, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page.select("unit-welfare-officer")
    editor = page.edit_selected()
    assert editor is not None and editor.isVisible()
    editor.ui.phonesEdit.setPlainText("Telephone: 01634 8229")
    qtbot.mouseClick(editor.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "phone 1: not a valid UK telephone number" in editor.ui.errorLabel.text()
    assert contact_directory.get_contact(session, "unit-welfare-officer").phones == (("Telephone", "01634 822966"),)
    editor.ui.phonesEdit.setPlainText("Telephone: 01634 822967")
    editor.ui.emailsEdit.setPlainText("welfare@")
    qtbot.mouseClick(editor.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "email 1: not a valid email address" in editor.ui.errorLabel.text()
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS"):
        qtbot.wait(50)
        editor.grab().save(str(SHOTS / "contacts-editor-refused.png"))
    editor.ui.emailsEdit.setPlainText("")
    qtbot.keyClicks(editor.ui.reasonEdit, "new extension")
    qtbot.mouseClick(editor.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert page.selected().id == "unit-welfare-officer"
    assert page.detail.channels_model.index(0, 1).data() == "01634 822967"
    h = page.detail.history_model
    qtmodeltester.check(h)
    qtmodeltester.check(page.detail.channels_model)
    assert h.rowCount() == 1
    assert [h.index(0, c).data() for c in range(2, 6)] == [
        "Numbers",
        "Telephone: 01634 822966",
        "Telephone: 01634 822967",
        "new extension",
    ]
    assert h.index(0, 1).data() == "Test DSO"


def test_add_then_retire_and_restore(qtbot, page, session) -> None:  # type: ignore[no-untyped-def]
    editor = page.add_contact()
    ui = editor.ui
    ui.groupCombo.setCurrentIndex(ui.groupCombo.findData("other-learners"))
    qtbot.keyClicks(ui.roleEdit, "Early Help Team")
    qtbot.keyClicks(ui.organisationEdit, "Example Council")
    ui.phonesEdit.setPlainText("Desk: 020 7946 0123")
    qtbot.keyClicks(ui.lastVerifiedEdit, "2026-01-05")
    qtbot.mouseClick(ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not editor.isVisible(), ui.errorLabel.text()
    assert page.selected().id == "example-council-early-help-team"
    assert page.model.rowCount() == 18
    page.confirm = lambda *_: True
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 17
    assert "example-council-early-help-team" not in shown_ids(page)
    page.show_retired.setChecked(True)
    page.select("example-council-early-help-team")
    assert page.model.index(page.model.row_of("example-council-early-help-team"), 6).data().startswith("Retired")
    assert "RETIRED" in page.detail.flags.text()
    assert page.detail.history_model.index(0, 2).data() == "Retired"
    assert page.retire_button.text() == "&Restore"
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert contact_directory.get_contact(session, "example-council-early-help-team").retired_at is None


def test_stale_flag_and_mark_verified(clock, qtbot, page, session) -> None:  # type: ignore[no-untyped-def]
    # Every seeded contact was last verified Dec 2023: stale from Dec 2024 with the default 12 months.
    page.select("dpo")
    assert page.model.index(0, 6).data() == "⚠ Check it"
    assert page.model.index(0, 6).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Not verified in 12 months" in page.detail.verified.text()
    assert any(i.area == "Contacts" and "Dr John Dynes" in i.text for i in home.attention_items(session))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.model.index(0, 6).data() == "OK"
    assert page.detail.history_model.index(0, 2).data() == "Last verified"
    assert not any("Dr John Dynes" in i.text for i in home.attention_items(session))


def test_import_export_and_print(qtbot, page, session, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.vcf"
    assert page.export_to(out)
    text = out.read_text("utf-8").replace("01634 822966", "01634 822967")
    edited = tmp_path / "edited.vcf"
    edited.write_text(text, encoding="utf-8")
    asked: list[str] = []
    page.confirm = lambda _p, _t, message: asked.append(message) or True
    done = page.import_file(edited)
    assert done is not None and list(done.changed) == ["unit-welfare-officer"]
    assert "0 to add, 1 to change, 16 unchanged" in asked[0]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"group,role,phones\r\ndfe,X,12345\r\n")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: warnings.append(message))
    assert page.import_file(bad) is None
    assert "Row 2, field phone 1" in warnings[0]
    calls: list[tuple[str, dict[str, str]]] = []
    monkeypatch.setattr(
        "prevent_desktop.ui.pages.contacts.request_export", lambda _p, _s, kind, **params: calls.append((kind, params))
    )
    page.print_card("a4")
    page.print_card("fold")
    assert calls == [("contacts-card", {"variant": "a4"}), ("contacts-card", {"variant": "fold"})]
