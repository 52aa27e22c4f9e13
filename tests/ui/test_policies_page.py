"""The policies page through real widgets: metadata, new version kept as history, register sorting, filtering,
overdue flags as text and colour, add/edit/retire; the register model passes qtmodeltester."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from prevent_desktop.services import policies
from prevent_desktop.ui.pages import policies as page_module
from prevent_desktop.ui.pages.policies import COL_STATUS, PoliciesPage, PolicyDialog, PolicyRegisterModel, VersionDialog

TODAY = date(2026, 11, 26)


def make_page(qtbot, session) -> PoliciesPage:  # type: ignore[no-untyped-def]
    page = PoliciesPage(session, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def texts(page: PoliciesPage, col: int) -> list[str]:
    return [page.proxy.index(r, col).data() for r in range(page.proxy.rowCount())]


def test_register_model_passes_qtmodeltester(qtmodeltester, session) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(PolicyRegisterModel(session), force_py=True)


def test_overdue_flagged_as_text_and_colour_sort_and_filter(clock, qtbot, session) -> None:  # type: ignore[no-untyped-def]
    reg = policies.register(session)
    policies.update_policy(session, reg[1].id, last_review=(clock.today - timedelta(days=10)).isoformat())
    page = make_page(qtbot, session)
    assert page.proxy.rowCount() == 16
    status = texts(page, COL_STATUS)
    assert status[0] == "Overdue" and status[1] == "On track" and status[-1] == "Overdue (never reviewed)"
    red = page.proxy.index(0, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole).color().name()
    green = page.proxy.index(1, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert red != green
    assert page.meta["next"].text() == "Dec 2024  — Overdue"
    # Sort by last review (real dates, not text): the oldest first.
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert texts(page, 0)[:4] == [
        "Chatham Station Directives – Supervisory Care Directive",
        "Army Apprentice and Functional Skills Safeguarding",
        "Code of practice for trainers",
        "Data Protection policy",
    ]
    page.group_filter.setCurrentIndex(page.group_filter.findData("military"))
    assert page.proxy.rowCount() == 3
    page.group_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("ok"))
    assert texts(page, 0) == ["Quality Policy"]
    page.status_filter.setCurrentIndex(page.status_filter.findData("none"))
    assert set(texts(page, 0)) == {
        "Chatham Station Directives – Supervisory Care Directive",
        "Army Apprentice and Functional Skills Safeguarding",
        "Code of practice for trainers",
    }
    assert set(texts(page, COL_STATUS)) == {"Overdue (never reviewed)"}
    page.status_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.filter, "whistle")
    assert texts(page, 0) == ["Combined Whistleblowing policy"]


def test_add_edit_mark_reviewed_retire(qtbot, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    dialog = PolicyDialog(session, None, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Lone Working policy")
    qtbot.keyClicks(dialog.owner, "HR Advisor")
    qtbot.keyClicks(dialog.last_review, "01/2020")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page._reload()
    row = texts(page, 0).index("Lone Working policy")
    assert page.proxy.index(row, 3).data() == "Jan 2020"
    assert page.proxy.index(row, 5).data() == "Jan 2021"
    assert page.proxy.index(row, COL_STATUS).data() == "Overdue"
    page.table.selectRow(row)
    page.mark_reviewed()
    assert page.proxy.index(row, COL_STATUS).data() == "On track"
    bad = PolicyDialog(session, page.model.record(row), page)
    qtbot.addWidget(bad)
    bad.last_review.setText("someday")
    bad.save()
    assert "Last review" in bad.message.text() and bad.result() != QDialog.DialogCode.Accepted
    monkeypatch.setattr(page_module.QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectRow(row)
    page.retire_policy()
    assert "Lone Working policy" not in texts(page, 0)


def test_new_version_keeps_the_old_one(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    dialog = VersionDialog(session, page)
    qtbot.addWidget(dialog)
    assert dialog.version.text() == "4"
    qtbot.keyClicks(dialog.summary, "Annual review: contacts re-verified.")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    page.refresh_policy()
    assert page.meta["version"].text() == "4"
    assert [page.versions_model.index(r, 0).data() for r in range(page.versions_model.rowCount())] == ["4", "3"]
    assert page.changes_model.rowCount() == 2
    assert page.changes_model.index(1, 3).data() == "Annual review: contacts re-verified."
    assert not page.meta["next"].text().endswith("Overdue")
