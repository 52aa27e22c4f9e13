"""The Export dialog with a real vault: preview from memory, encrypt by default for case data, the unencrypted
warning, save (atomic, encrypted, recorded), print onto a QPrinter from memory, and the hook pages call."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from prevent_desktop.reports import samples
from prevent_desktop.reports.referral_pack import build_referral_pack
from prevent_desktop.services import exports
from prevent_desktop.services.cases import referral_draft
from prevent_desktop.storage import audit
from prevent_desktop.ui.export_dialog import PRINT_JOB_NAME, ExportDialog
from prevent_desktop.ui.export_hooks import request_export
from prevent_desktop.ui.workers import wait_for_all
from tests import factories

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(widget: QWidget, name: str) -> None:
    """Refresh docs/screenshots only when asked (PREVENT_DESKTOP_SCREENSHOTS=1), so a test run leaves git clean;
    the grab itself always runs, so painting is exercised."""
    image = widget.grab()
    assert not image.isNull()
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SCREENSHOTS / name))


def open_dialog(qtbot: Any, session: Any, kind: str, **params: Any) -> ExportDialog:
    dialog = ExportDialog(session, kind, params)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
    return dialog


def test_a_long_document_shows_its_progress_while_it_is_laid_out(qtbot: Any, session: Any) -> None:
    from prevent_desktop.services.cases import actions as case_actions
    from tests import factories

    case_id = factories.log_case(session)
    for n in range(60):
        case_actions.add_note(session, case_id, f"Synthetic note {n}: " + "words of the note " * 30)
    person_id = session.conn.execute("SELECT person_id FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
    seen: list[str] = []
    dialog = ExportDialog(session, "case-file", {"person_id": person_id})
    qtbot.addWidget(dialog)
    original = dialog._laid_out

    def laid_out(pages: int) -> None:  # what the status line says after each page (on the UI thread)
        original(pages)
        seen.append(dialog.ui.previewStatusLabel.text())

    dialog._laid_out = laid_out  # type: ignore[method-assign]
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
    assert dialog.page_count >= 5
    assert dialog.pages_laid_out == dialog.page_count
    assert seen[0] == "Preparing the preview… 1 page laid out"
    assert seen[-1] == f"Preparing the preview… {dialog.page_count} pages laid out"
    assert dialog.ui.previewStatusLabel.text().startswith(f"Preview: {dialog.page_count} pages.")


def test_preview_renders_pages_and_navigates(qtbot: Any, session: Any) -> None:
    dialog = open_dialog(qtbot, session, "action-plan")
    assert dialog.windowTitle() == "Export — Action plan"
    assert dialog.page_count == len(PdfReader(io.BytesIO(dialog.pdf or b"")).pages) >= 2
    pixmap = dialog.ui.pageLabel.pixmap()
    assert not pixmap.isNull() and pixmap.width() > pixmap.height()  # landscape page
    assert dialog.ui.pageCountLabel.text() == f"of {dialog.page_count}"
    assert not dialog.ui.prevButton.isEnabled() and dialog.ui.nextButton.isEnabled()
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    assert dialog.ui.pageSpin.value() == 2
    assert dialog.ui.pageLabel.accessibleDescription() == f"Page 2 of {dialog.page_count}"
    fit_width = dialog.ui.pageLabel.pixmap().width()
    dialog.ui.zoomCombo.setCurrentIndex(3)  # 150%: bigger than the view, scrollable
    assert dialog.ui.pageLabel.width() > fit_width
    assert dialog.ui.previewScroll.horizontalScrollBar().maximum() > 0
    dialog.ui.zoomCombo.setCurrentIndex(0)
    dialog.ui.pageSpin.setValue(1)
    # a document without case data: not encrypted by default, so the warning shows
    assert not dialog.ui.encryptCheck.isChecked()
    assert dialog.ui.warningLabel.isVisible() and "UNENCRYPTED" in dialog.ui.warningLabel.text()
    screenshot(dialog, "export-dialog-action-plan-unencrypted.png")


def test_encrypted_save_is_atomic_and_recorded(qtbot: Any, session: Any, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, session, "contacts-card", variant="fold")
    dialog.ui.encryptCheck.setChecked(True)
    assert not dialog.ui.warningLabel.isVisible() and dialog.ui.passwordEdit.isVisible()
    target = tmp_path / "out" / "card.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def choose(suggested: str) -> str:
        asked.append(suggested)
        return str(target)

    dialog.choose_path = choose  # type: ignore[method-assign]
    # too short, then different: refused with a message, nothing written
    qtbot.keyClicks(dialog.ui.passwordEdit, "short")
    qtbot.keyClicks(dialog.ui.repeatEdit, "short")
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "at least 8" in dialog.ui.errorLabel.text() and not asked
    dialog.ui.passwordEdit.setText("good password 1")
    dialog.ui.repeatEdit.setText("good password 2")
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.ui.errorLabel.text() and not asked
    dialog.ui.repeatEdit.setText("good password 1")
    screenshot(dialog, "export-dialog-contacts-card-encrypt.png")
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in dialog.ui.statusLabel.text(), timeout=20000)
    assert asked and asked[0].startswith("contacts-card-fold-") and asked[0].endswith(".pdf")
    assert os.listdir(target.parent) == ["card.pdf"]
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="good password 1") as pdf:
        assert pdf.encryption.R == 6
    assert dialog.ui.passwordEdit.text() == "" and dialog.ui.repeatEdit.text() == ""  # not kept
    entry = audit.entries(session.conn, limit=1)[0]
    assert entry.action == "export.pdf" and entry.detail == "kind=contacts-card encrypted=yes variant=fold"


def test_unencrypted_save(qtbot: Any, session: Any, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, session, "policy-register")
    target = tmp_path / "register.pdf"
    dialog.choose_path = lambda suggested: str(target)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in dialog.ui.statusLabel.text(), timeout=20000)
    assert "UNENCRYPTED" in dialog.ui.statusLabel.text()
    assert len(PdfReader(str(target)).pages) >= 1
    assert audit.entries(session.conn, limit=1)[0].detail == "kind=policy-register encrypted=no"


def test_cancelled_save_writes_nothing(qtbot: Any, session: Any, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, session, "action-plan")
    before = len(audit.entries(session.conn))
    dialog.choose_path = lambda suggested: None  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    wait_for_all()
    assert len(audit.entries(session.conn)) == before


def test_print_renders_from_memory_with_a_neutral_job_name(qtbot: Any, session: Any, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, session, "action-plan")
    printer = dialog.make_printer()
    assert printer.docName() == PRINT_JOB_NAME
    assert "spool" in dialog.ui.printNoteLabel.text()
    # Stand-in for a real printer in the test: Qt's PDF print engine (the product never sets an output file).
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(72)
    assert dialog.print_to(printer) == dialog.page_count
    assert len(PdfReader(str(out)).pages) == dialog.page_count
    entry = audit.entries(session.conn, limit=1)[0]
    assert (entry.action, entry.detail) == ("print.pdf", "kind=action-plan")


def test_case_document_dialog_defaults_to_encryption(qtbot: Any, session: Any) -> None:
    dialog = ExportDialog(session, "referral-pack", {"case_id": 1})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.encryptCheck.isChecked()
    assert dialog.ui.passwordEdit.isVisible() and not dialog.ui.warningLabel.isVisible()
    assert "OFFICIAL-SENSITIVE" in dialog.ui.contentLabel.text()
    # Until the cases work is wired, feed the dialog the synthetic pack the report tests use.
    pack = build_referral_pack(samples.referral_pack(), organisation="MKC Training Services Ltd",
                               generated_at=datetime(2026, 11, 26, 14, 5), demo=True)
    missing = tuple(m.label for m in samples.referral_pack().missing)
    dialog._built((pack, exports.DocumentInfo("referral-pack", "Referral pack", "referral-pack-PD-2026-0001.pdf",
                                              True, case_id=1, missing=missing)))
    assert dialog.page_count >= 5
    dialog.ui.pageSpin.setValue(3)
    qtbot.keyClicks(dialog.ui.passwordEdit, "correct horse")
    qtbot.keyClicks(dialog.ui.repeatEdit, "correct horse")
    screenshot(dialog, "export-dialog-referral-pack.png")
    dialog.ui.encryptCheck.setChecked(False)
    assert dialog.ui.warningLabel.isVisible()
    assert dialog.ui.passwordEdit.text() == ""  # unticking forgets what was typed


def list_items(dialog: ExportDialog) -> list[str]:
    return [dialog.ui.missingList.item(i).text() for i in range(dialog.ui.missingList.count())]


@pytest.mark.usefixtures("clock")
def test_dialog_names_each_missing_item_of_an_incomplete_referral(qtbot: Any, session: Any) -> None:
    case_id = factories.log_case(session, age=16, referral=True)
    gaps = [g.label for g in referral_draft.gaps(session, case_id)]
    dialog = open_dialog(qtbot, session, "referral-pack", case_id=case_id)
    dialog.resize(1366, 768)
    # before anything is saved or printed: the list is there as soon as the preview is
    assert dialog.ui.saveButton.isEnabled() and dialog.ui.missingPanel.isVisible()
    assert dialog.ui.missingList.isVisible() and list_items(dialog) == gaps
    label = dialog.ui.missingLabel
    assert label.text().startswith(f"DRAFT — incomplete: {len(gaps)} items the national form needs are missing")
    assert label.buddy() is dialog.ui.missingList and label.accessibleName() in ("", label.text())
    assert dialog.ui.missingList.accessibleName() == "Missing items"
    assert "DRAFT — incomplete" in PdfReader(io.BytesIO(dialog.pdf or b"")).pages[0].extract_text()
    screenshot(dialog, "export-dialog-referral-pack-draft.png")
    dialog.reject()

    complete = open_dialog(qtbot, session, "referral-pack", case_id=factories.complete_referral(session))
    assert complete.ui.missingPanel.isVisible() and not complete.ui.missingList.isVisible()
    assert complete.ui.missingLabel.text() == "Complete: nothing the national form needs is missing."
    complete.reject()

    plan = open_dialog(qtbot, session, "action-plan")
    assert not plan.ui.missingPanel.isVisible()  # no completeness to speak of


def test_request_export_hook(qtbot: Any, session: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = request_export(parent, session, "contacts-card", variant="a4")
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.page_count == 1, timeout=20000)
    dialog.reject()
    box = request_export(parent, session, "referral-pack", case_id=999)
    assert isinstance(box, QMessageBox) and "case" in box.text()
    box.close()
    with pytest.raises(ValueError):
        request_export(parent, session, "poster")


def test_export_kinds_match_the_hook() -> None:
    from prevent_desktop.ui.export_hooks import DOCUMENT_KINDS

    assert tuple(exports.KINDS) == DOCUMENT_KINDS


def test_closing_mid_save_still_records_the_export(qtbot: Any, session: Any, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, session, "action-plan")
    target = tmp_path / "plan.pdf"
    dialog.choose_path = lambda suggested: str(target)  # type: ignore[method-assign]
    before = len(audit.entries(session.conn))
    qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
    dialog.reject()  # e.g. the app locking: the dialog closes before the worker reports back
    assert target.exists()
    assert len(audit.entries(session.conn)) == before + 1
    qtbot.wait(50)  # the queued "done" arrives later and must not record twice
    assert len(audit.entries(session.conn)) == before + 1


def print_to_file(qtbot: Any, dialog: ExportDialog, target: Path) -> Any:
    from tests.helpers.printing import print_to_file as choose_file_printer

    return choose_file_printer(qtbot, dialog, dialog.ui.printButton, "exportPrintDialog", target)


def test_printing_a_document_to_a_file_warns_first_and_cancel_writes_nothing(
    qtbot: Any, session: Any, tmp_path: Path
) -> None:
    """Regression: Print… to "Print to PDF" wrote the referral pack unencrypted with no word of warning, even with
    Encrypt ticked."""
    from PySide6.QtWidgets import QMessageBox

    dialog = open_dialog(qtbot, session, "action-plan")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "plan.pdf"
    box = print_to_file(qtbot, dialog, target)
    assert "NOT encrypted" in box.text() and str(target) in box.text()
    assert not target.exists()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not any((tmp_path / "out").iterdir())


def test_printing_a_document_to_a_file_writes_it_only_when_confirmed(qtbot: Any, session: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = open_dialog(qtbot, session, "action-plan")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "plan.pdf"
    box = print_to_file(qtbot, dialog, target)
    save = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.exists() and target.stat().st_mode & 0o777 == 0o600
    assert len(PdfReader(str(target)).pages) == dialog.page_count
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.pdf"]
    assert "NOT encrypted" in dialog.ui.statusLabel.text()
    entry = audit.entries(session.conn, limit=1)[0]
    assert (entry.action, entry.detail) == ("print.pdf", "kind=action-plan")
