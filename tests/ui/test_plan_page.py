"""The action-plan page through real widgets: in-place editing, RAG by keyboard with a reason, history, evidence
(attach a small file, view it from memory), review, duties coverage; the model passes qtmodeltester."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QPlainTextEdit, QWidget

from prevent_desktop.domain.plan import Rag
from prevent_desktop.services import plan
from prevent_desktop.ui.pages.plan import PlanPage
from prevent_desktop.ui.plan_dialogs import EvidenceDialog, EvidenceViewer, HistoryDialog, ReviewDialog, pdf_pages
from prevent_desktop.ui.plan_model import COL_ACTION, COL_DUE, COL_RAG, COL_WHEN, ActionPlanModel


def make_page(qtbot, session) -> PlanPage:  # type: ignore[no-untyped-def]
    page = PlanPage(session)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def select(page: PlanPage, row: int, col: int) -> None:
    page.table.setFocus()
    page.table.selectionModel().setCurrentIndex(
        page.model.index(row, col), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def open_editor(page: PlanPage):  # type: ignore[no-untyped-def]
    """The cell editor the view has open (searching the viewport when the window has no focus widget)."""
    assert page.table.state() == QAbstractItemView.State.EditingState
    widget = QApplication.focusWidget()
    if widget is not None and widget is not page.table:
        return widget
    editors = [w for w in page.table.viewport().findChildren(QWidget) if w.isVisible() and w.parent()
               is page.table.viewport()]
    assert len(editors) == 1
    return editors[0]


def test_model_passes_qtmodeltester(qtmodeltester, session) -> None:  # type: ignore[no-untyped-def]
    model = ActionPlanModel(session)
    qtmodeltester.check(model, force_py=True)
    model.set_include_retired(True)
    qtmodeltester.check(model, force_py=True)


def test_grid_shows_annex_a_with_rag_as_text_and_colour(clock, qtbot, session) -> None:  # type: ignore[no-untyped-def]
    rows = plan.rows(session)
    for row, rag in zip(rows[:3], ("red", "amber", "green"), strict=True):
        plan.update_row(session, row.id, "rag", rag, reason="set up")
    page = make_page(qtbot, session)
    m = page.model
    assert m.rowCount() == 12
    assert [m.index(i, COL_RAG).data() for i in range(4)] == ["Red", "Amber", "Green", "Needs rating"]
    colours = {m.index(i, COL_RAG).data(Qt.ItemDataRole.BackgroundRole).color().name() for i in range(4)}
    assert len(colours) == 4
    assert "Action not started" in m.index(0, COL_RAG).data(Qt.ItemDataRole.ToolTipRole)
    assert m.index(0, COL_DUE).data() == "Overdue"  # "Annual", last looked at Dec 2023
    assert page.rag_labels[Rag.RED].text() == "Red — Action not started or risk not controlled"
    assert page.header_edits["organisation"].text() == "MKC Training Services Ltd"


def test_edit_a_cell_in_place(clock, qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    select(page, 4, COL_ACTION)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = open_editor(page)
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Risk-assess external speakers")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan.rows(session)[4].action == "Risk-assess external speakers"
    assert page.model.index(4, COL_ACTION).data() == "Risk-assess external speakers"
    assert page.last_updated.text().startswith(clock.today.strftime("%-d "))
    # A bad "When" is refused with a message; the cell keeps its value.
    assert not page.model.setData(page.model.index(4, COL_WHEN), "whenever")
    assert "not a date" in page.status.text()
    assert page.model.setData(page.model.index(4, COL_WHEN), "Termly")
    assert page.model.index(4, COL_WHEN).data() == "Termly"


def test_set_rag_by_keyboard_asks_for_a_reason_and_keeps_history(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    select(page, 2, COL_RAG)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    combo = open_editor(page)
    assert combo.accessibleName() == "RAG rating"
    # The order is Red, Amber, Green, Not yet rated; the cell starts at Not yet rated.
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # Green
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # Amber
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.reason_dialog is not None and page.reason_dialog.isVisible())
    dialog = page.reason_dialog
    assert dialog is not None
    assert "Needs rating → Amber" in dialog.prompt.text()
    qtbot.keyClicks(dialog.reason, "Assessment booked for January")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.reason_dialog is None)
    assert page.model.index(2, COL_RAG).data() == "Amber"
    entry = plan.history(session, plan.rows(session)[2].id)[0]
    assert (entry.field, entry.old_value, entry.new_value, entry.reason, entry.changed_by) == (
        "rag", "", "amber", "Assessment booked for January", "Test DSO",
    )
    # Typing a letter on the RAG cell opens the editor too; cancelling the reason leaves the rating alone.
    select(page, 2, COL_RAG)
    qtbot.keyClicks(page.table, "r")
    qtbot.keyClick(open_editor(page), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.reason_dialog is not None and page.reason_dialog.isVisible())
    page.reason_dialog.reject()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.reason_dialog is None)
    assert page.model.index(2, COL_RAG).data() == "Amber"
    assert "reason is needed" in page.status.text()
    # History is one click away.
    select(page, 2, COL_ACTION)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, HistoryDialog)
    assert page.dialog.model.index(0, 5).data() == "Assessment booked for January"
    assert page.dialog.model.index(0, 4).data() == "Amber"
    page.dialog.close()


def test_attach_evidence_and_view_it_from_memory(qtbot, session, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    select(page, 0, COL_ACTION)
    qtbot.mouseClick(page.evidence_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, EvidenceDialog)
    small = tmp_path / "training-matrix.txt"
    small.write_text("All staff trained: 42/42", encoding="utf-8")
    monkeypatch.setattr(EvidenceDialog, "choose_file", staticmethod(lambda parent: str(small)))
    qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Attached training-matrix.txt."
    assert dialog.model.rowCount() == 1
    big = tmp_path / "huge.bin"
    with big.open("wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    assert not dialog.attach_path(big)
    assert "at most 10 MB" in dialog.message.text()
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.view_button, Qt.MouseButton.LeftButton)
    viewer = dialog.viewer
    assert isinstance(viewer, EvidenceViewer) and viewer.kind == "text"
    assert viewer.findChild(QPlainTextEdit).toPlainText() == "All staff trained: 42/42"
    viewer.close()
    assert not (session.vault.paths.root / "viewing").exists()  # nothing written to disk to view it
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.index(0, 7).data() == "1 item")


def test_viewer_renders_pdf_and_image_from_memory_and_other_files_via_private_folder(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Evidence page")
    c.showPage()
    c.save()
    assert len(pdf_pages(buf.getvalue())) == 1
    viewer = EvidenceViewer(session, "policy.pdf", "application/pdf", buf.getvalue())
    qtbot.addWidget(viewer)
    assert viewer.kind == "pdf"
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    data = QByteArray()
    out = QBuffer(data)
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(out, "PNG")
    viewer = EvidenceViewer(session, "photo.png", "image/png", bytes(data.data()))
    qtbot.addWidget(viewer)
    assert viewer.kind == "image"
    viewer = EvidenceViewer(session, "minutes.docx", "application/vnd.openxmlformats", b"PK\x03\x04")
    qtbot.addWidget(viewer)
    assert viewer.kind == "external"
    path = plan.write_private_temp(session.vault.paths, viewer.name, viewer.data)  # what "Open" writes
    assert path.parent == session.vault.paths.root / "viewing"
    assert plan.wipe_private_temp(session.vault.paths) == 1


def test_review_the_plan(clock, qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    assert page.model.index(0, COL_DUE).data() == "Overdue"
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ReviewDialog)
    qtbot.keyClicks(dialog.notes, "Walked through every row with the director")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: page.reviews_model.rowCount() == 1)
    assert page.reviews_model.index(0, 1).data() == "Test DSO"
    assert page.model.index(0, COL_DUE).data() == "On track"
    assert plan.header(session).date_last_updated == clock.today.isoformat()


def test_add_move_retire_rows(qtbot, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    select(page, 0, COL_ACTION)
    qtbot.mouseClick(page.add_below_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 13
    assert page.model.row_record(1).area == "Awareness"
    assert page.current_row_id() == page.model.row_record(1).id
    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert page.model.row_record(0).action == ""
    new_id = page.current_row_id()
    dialog = page.retire()
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Duplicate")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page.model.rowCount() == 12
    page.show_retired.setChecked(True)
    assert page.model.rowCount() == 13
    retired_row = page.model.row_of(new_id)  # type: ignore[arg-type]
    assert page.model.index(retired_row, 0).data().endswith("(retired)")
    assert not page.model.flags(page.model.index(retired_row, COL_ACTION)) & Qt.ItemFlag.ItemIsEditable
    page.select_row_id(new_id)  # type: ignore[arg-type]
    assert page.restore_button.isVisible() and page.restore_button.isEnabled()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    page.show_retired.setChecked(False)
    assert page.model.rowCount() == 13
    assert [e.field for e in plan.history(session, new_id)][:2] == ["retired", "retired"]


def test_private_viewing_folder_is_wiped_when_the_page_goes(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = PlanPage(session)
    folder = session.vault.paths.root / "viewing"
    plan.write_private_temp(session.vault.paths, "minutes.docx", b"PK")
    assert folder.exists()
    page.deleteLater()  # what lock does to the main window and its pages
    qtbot.waitUntil(lambda: not folder.exists())


def test_when_and_who_by_keyboard(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session)
    select(page, 4, COL_WHEN)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    combo = open_editor(page)
    line = combo.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "31/03/2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.index(4, COL_WHEN).data() == "31 Mar 2027")
    assert plan.rows(session)[4].when_text == "2027-03-31"
    select(page, 4, 3)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    combo = open_editor(page)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Unit Welfare Officer")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: plan.rows(session)[4].who == "Unit Welfare Officer")
    assert plan.rows(session)[4].who_contact_id == "unit-welfare-officer"
