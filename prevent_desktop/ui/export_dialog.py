"""The Export dialog: preview a document from memory, then save it (encrypted by default when it holds case data)
or print it. Nothing is written to disk except the file the user chooses to save.

* The PDF is laid out off the UI thread (``workers.run_task``, the general pool: no vault connection there); the
  data is read on the UI thread first, and the export is recorded on the UI thread after the file is written.
* Pages are rendered in memory with pypdfium2 (bytes -> PdfDocument -> bitmap -> QImage): no temporary files.
* Save uses Qt's own file dialog (``DontUseNativeDialog``: no recent-file lists) and scrubs the folder history Qt
  keeps in its settings afterwards.
* Print renders the pages onto the QPrinter with QPainter; the job name is neutral.
* The PDF password is typed here, used once and never stored.
* A referral pack with gaps is a draft: the dialog names each missing item (``DocumentInfo.missing``) once the
  preview is built, before it can be saved or printed.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QListWidgetItem, QWidget

from prevent_desktop.errors import KnownError
from prevent_desktop.services import exports
from prevent_desktop.services.exports import DocumentInfo
from prevent_desktop.ui.forms.ui_export_dialog import Ui_ExportDialog
from prevent_desktop.ui.style import ERROR_STYLE, TITLE_SCALE, scale_font
from prevent_desktop.ui.workers import Task, run_task

PRINT_JOB_NAME = "Prevent Desktop document"
MIN_PASSWORD = exports.MIN_FILE_PASSWORD  # one rule: domain/passwords.py (CLI and GUI)
WARNING_STYLE = (
    "background: #fde2e1; color: #8a1010; border: 2px solid #c0392b; font-weight: bold; padding: 8px;"
)
OK_STYLE = "color: #1e5631;"
DRAFT_STYLE = "background: #fff3cd; color: #5c3c00; border: 1px solid #b7791f; font-weight: bold; padding: 6px;"
_ZOOMS = (None, 0.75, 1.0, 1.5)  # None = fit width

_QIMAGE_FORMATS = {
    "BGR": QImage.Format.Format_BGR888,
    "BGRA": QImage.Format.Format_ARGB32,
    "BGRX": QImage.Format.Format_RGB32,
    "RGB": QImage.Format.Format_RGB888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "L": QImage.Format.Format_Grayscale8,
}


def render_page(document: Any, index: int, scale: float) -> QImage:
    """One page of an open ``pdfium.PdfDocument`` as a QImage (a deep copy: pdfium's buffer is freed here)."""
    page = document[index]
    try:
        bitmap = page.render(scale=scale)
        try:
            fmt = _QIMAGE_FORMATS[bitmap.mode]
            data = bytes(bitmap.buffer)
            return QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        finally:
            bitmap.close()
    finally:
        page.close()


def scrub_file_dialog_history() -> None:
    """Qt's file dialog remembers visited folders in the "QtProject" settings; forget them."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup("FileDialog")
    for key in ("history", "lastVisited"):
        settings.remove(key)
    settings.endGroup()
    settings.sync()


class ExportDialog(QDialog):
    def __init__(
        self, session: Any, kind: str, params: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.params = dict(params or {})
        self.spec = exports.KINDS[kind]
        self.pdf: bytes | None = None
        self.info: DocumentInfo | None = None
        self.page_count = 0
        self._document: Any = None
        self._closed = False
        self.pages_laid_out = 0  # progress reported while the PDF is laid out
        self._pending: tuple[DocumentInfo, bool, dict[str, bool]] | None = None
        self._save_task: Task | None = None
        self.ui = Ui_ExportDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(f"Export — {self.spec.label}")  # the kind of document, never a name
        scale_font(self.ui.titleLabel, TITLE_SCALE, bold=True)
        self.ui.titleLabel.setText(self.spec.label)
        self.ui.statusLabel.assertive = False  # "Saved encrypted as …": told politely
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.ui.warningLabel.setStyleSheet(WARNING_STYLE)
        self.ui.contentLabel.setText(
            "Contains case information (personal data). Marked "
            f"{html.escape(exports.marking_for(session, True))} on every page."
            if self.spec.has_case_data
            else "Contains no case information."
        )
        self.ui.contentLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.ui.missingPanel.hide()
        self.ui.encryptCheck.setChecked(self.spec.has_case_data)
        self.ui.encryptCheck.toggled.connect(self._encrypt_changed)
        self.ui.passwordEdit.textChanged.connect(lambda _t: self.show_error(""))
        self.ui.repeatEdit.textChanged.connect(lambda _t: self.show_error(""))
        self.ui.prevButton.clicked.connect(lambda: self.ui.pageSpin.setValue(self.ui.pageSpin.value() - 1))
        self.ui.nextButton.clicked.connect(lambda: self.ui.pageSpin.setValue(self.ui.pageSpin.value() + 1))
        self.ui.pageSpin.valueChanged.connect(lambda _v: self.show_page())
        self.ui.zoomCombo.currentIndexChanged.connect(lambda _i: self.show_page())
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.printButton.clicked.connect(self.print_document)
        self.ui.closeButton.clicked.connect(self.reject)
        self._encrypt_changed(self.ui.encryptCheck.isChecked())
        self._set_ready(False)
        # The options column is as wide as its widest line needs (large text makes it wider), never narrower.
        scroll_bar = self.ui.optionsScroll.verticalScrollBar().sizeHint().width()
        needed = self.ui.optionsPanel.minimumSizeHint().width() + scroll_bar
        self.ui.sidePanel.setMaximumWidth(max(self.ui.sidePanel.maximumWidth(), needed + 8))
        self.ui.sidePanel.setMinimumWidth(max(self.ui.sidePanel.minimumWidth(), needed))
        self.resize(1060, 760)  # shrunk to the screen if it is smaller (ui/a11y.py)

    # ------------------------------------------------------------------------------------------ building

    def start(self) -> None:
        """Read the data now (may raise ``KnownError``), lay the PDF out off the UI thread."""
        builder = exports.prepare_document(self.session, self.kind, **self.params)
        self.ui.previewStatusLabel.setText("Preparing the preview…")
        run_task(lambda report: exports.build_with_progress(builder, report), self._built, self._failed,
                 receiver=self, on_progress=self._laid_out)

    def _laid_out(self, pages: int) -> None:
        """Progress while a long document is laid out: a 100-page case file takes about a second."""
        self.pages_laid_out = pages
        if not self._closed and self.pdf is None:
            self.ui.previewStatusLabel.setText(f"Preparing the preview… {pages} page{'s' if pages != 1 else ''} "
                                               "laid out")

    def _built(self, result: tuple[bytes, DocumentInfo]) -> None:
        if self._closed:
            return
        self.pdf, self.info = result
        self._document = pdfium.PdfDocument(self.pdf)
        self.page_count = len(self._document)
        self.ui.pageSpin.setMaximum(max(self.page_count, 1))
        self.ui.pageCountLabel.setText(f"of {self.page_count}")
        self.ui.previewStatusLabel.setText(
            f"Preview: {self.page_count} page{'s' if self.page_count != 1 else ''}. Nothing has been saved."
        )
        if self.spec.draft_when_incomplete:
            self.show_missing(self.info.missing)
        self._set_ready(True)
        self.show_page()

    def show_missing(self, missing: Sequence[str]) -> None:
        """Name each item the referral still needs (the pack is marked DRAFT until there are none)."""
        self.ui.missingList.clear()
        count = len(missing)
        if count:
            self.ui.missingLabel.setStyleSheet(DRAFT_STYLE)
            self.ui.missingLabel.setText(
                f"DRAFT — incomplete: {count} item{'s' if count != 1 else ''} the national form needs "
                f"{'are' if count != 1 else 'is'} missing. Every page is marked DRAFT until "
                f"{'they are' if count != 1 else 'it is'} filled in (referral wizard):"
            )
            for label in missing:
                self.ui.missingList.addItem(QListWidgetItem(label))
        else:
            self.ui.missingLabel.setStyleSheet(OK_STYLE)
            self.ui.missingLabel.setText("Complete: nothing the national form needs is missing.")
        self.ui.missingList.setVisible(bool(count))
        self.ui.missingPanel.show()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        message = str(exc) if isinstance(exc, KnownError) else "The document could not be built (a bug)."
        self.ui.previewStatusLabel.setText("No preview.")
        self.show_error(message)

    def _set_ready(self, ready: bool) -> None:
        for w in (self.ui.saveButton, self.ui.printButton, self.ui.prevButton, self.ui.nextButton,
                  self.ui.pageSpin, self.ui.zoomCombo):
            w.setEnabled(ready)
        if ready:
            self._update_nav()

    # ------------------------------------------------------------------------------------------- preview

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.ui.zoomCombo.currentIndex() == 0:  # fit width follows the window
            self.show_page()

    def _scale(self) -> float:
        zoom = _ZOOMS[self.ui.zoomCombo.currentIndex()] if self.ui.zoomCombo.currentIndex() >= 0 else None
        if zoom is not None:
            return zoom * self.logicalDpiX() / 72.0
        width_pt = self._document[0].get_width() if self._document is not None else 595.0
        available = max(self.ui.previewScroll.viewport().width() - 24, 200)
        return float(available) / float(width_pt)

    def show_page(self) -> None:
        if self._document is None or self.page_count == 0:
            return
        index = self.ui.pageSpin.value() - 1
        image = render_page(self._document, index, self._scale())
        pixmap = QPixmap.fromImage(image)
        self.ui.pageLabel.setPixmap(pixmap)
        self.ui.pageLabel.resize(pixmap.size())
        self.ui.pageLabel.setAccessibleDescription(f"Page {index + 1} of {self.page_count}")
        self._update_nav()

    def _update_nav(self) -> None:
        page = self.ui.pageSpin.value()
        self.ui.prevButton.setEnabled(page > 1)
        self.ui.nextButton.setEnabled(page < self.page_count)

    # ----------------------------------------------------------------------------------------- encryption

    def _encrypt_changed(self, on: bool) -> None:
        for w in (self.ui.passwordLabel, self.ui.passwordEdit, self.ui.repeatLabel, self.ui.repeatEdit,
                  self.ui.passwordHintLabel):
            w.setVisible(on)
        self.ui.warningLabel.setVisible(not on)
        if not on:
            self.ui.passwordEdit.clear()
            self.ui.repeatEdit.clear()

    def password(self) -> str | None:
        """The typed password, or None when not encrypting; raises ``KnownError`` if it is not usable."""
        if not self.ui.encryptCheck.isChecked():
            return None
        first = self.ui.passwordEdit.text()
        problem = exports.file_password_problem(first, "PDF password")
        if problem:
            raise KnownError(problem)
        if first != self.ui.repeatEdit.text():
            raise KnownError("The two passwords differ.")
        return first

    def show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.setVisible(bool(message))

    # ---------------------------------------------------------------------------------------------- save

    def choose_path(self, suggested: str) -> str | None:
        """Ask where to save (Qt's own dialog, no OS recent-file lists); None if cancelled."""
        dialog = QFileDialog(self, "Save the PDF")
        dialog.setOptions(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter("PDF files (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.setHistory([])
        dialog.selectFile(suggested)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return str(dialog.selectedFiles()[0])
        finally:
            dialog.setHistory([])
            dialog.deleteLater()
            scrub_file_dialog_history()

    def save(self) -> None:
        if self.pdf is None or self.info is None:
            return
        try:
            password = self.password()
        except KnownError as exc:
            self.show_error(str(exc))
            self.ui.passwordEdit.setFocus()
            return
        self.show_error("")
        path = self.choose_path(self.info.filename)
        if not path:
            return
        pdf, info = self.pdf, self.info
        encrypted = password is not None
        self.ui.statusLabel.setText("Saving…")
        self._set_ready(False)
        written = {"ok": False}

        def work() -> None:  # off the UI thread: encrypt + atomic write, no database access
            exports.write_document(pdf, path, password)
            written["ok"] = True

        self._pending = (info, encrypted, written)
        self._save_task = run_task(work, lambda _r: self._saved(path, encrypted), self._save_failed, receiver=self)

    def _record_pending(self) -> None:
        """Record a finished write exactly once (on the UI thread, the connection's only user)."""
        if self._pending is None:
            return
        info, encrypted, written = self._pending
        if written["ok"]:
            self._pending = None
            exports.record_export(self.session, info, encrypted)

    def _saved(self, path: str, encrypted: bool) -> None:
        self._record_pending()
        if self._closed:
            return
        self._set_ready(True)
        self.ui.passwordEdit.clear()
        self.ui.repeatEdit.clear()
        self.ui.statusLabel.setStyleSheet(OK_STYLE)
        self.ui.statusLabel.setText(
            f"Saved {'encrypted' if encrypted else 'UNENCRYPTED'} as {os.path.basename(path)}."
        )

    def _save_failed(self, exc: BaseException) -> None:
        self._pending = None
        if self._closed:
            return
        self._set_ready(True)
        self.ui.statusLabel.setText("")
        self.show_error(str(exc) if isinstance(exc, KnownError) else "The PDF could not be saved (a bug).")

    # --------------------------------------------------------------------------------------------- print

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(PRINT_JOB_NAME)
        printer.setCreator(PRINT_JOB_NAME)
        if self._document is not None and self.page_count:
            page = self._document[0]
            landscape = page.get_width() > page.get_height()
            page.close()
            from PySide6.QtGui import QPageLayout

            printer.setPageOrientation(
                QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            )
        return printer

    def print_document(self) -> None:
        """The system's print dialog (not blocking the event loop); a printer that writes a file (Print to PDF,
        XPS, OneNote) is warned about first, as for the recovery sheet (``ui/printing.py``)."""
        if self._document is None:
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("exportPrintDialog")
        dialog.setWindowTitle("Print")
        dialog.setMinMax(1, self.page_count)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._print_chosen(printer))
        self.print_dialog, self._printer = dialog, printer  # kept alive while the dialog is open
        dialog.show()

    def _print_chosen(self, printer: QPrinter) -> None:
        from prevent_desktop.ui.printing import ask_before_file, printer_destination

        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count
        where = printer_destination(printer)
        if where is None:  # paper
            self.print_to(printer, first, last)
            return
        self.file_warning = ask_before_file(
            self, "this document", where, lambda: self._print_to_file(printer, where, first, last)
        )

    def _print_to_file(self, printer: QPrinter, where: str, first: int, last: int) -> None:
        """Qt's own PDF output is made in memory and written atomically (0600, never through a link), like every
        file the app writes; a driver that asks for the file itself gets the pages."""
        from prevent_desktop.ui.printing import render_pdf

        if not where:
            self.print_to(printer, first, last)
            return
        if os.path.isdir(where):
            self.show_error(f"{where} is a folder: print again and give a file name.")
            return
        size = printer.pageLayout().pageSize()
        try:
            pdf = render_pdf(lambda device: self.print_to(device, first, last, recorded=False), size)
            exports.write_document(pdf, where, None)
        except KnownError as exc:
            self.show_error(f"The document was not saved: {exc}")
            return
        exports.record_print(self.session, self.kind, **self._record_params())
        self.ui.statusLabel.setStyleSheet(ERROR_STYLE)
        self.ui.statusLabel.setText(f"Saved, NOT encrypted, as {where}. Print it, then delete the file.")

    def print_to(self, printer: Any, first: int = 1, last: int | None = None, *, recorded: bool = True) -> int:
        """Paint pages ``first``..``last`` (1-based) onto ``printer`` (a ``QPrinter``, or any paged device) from
        memory; returns the pages printed."""
        if self._document is None or self.info is None:
            return 0
        last = min(last or self.page_count, self.page_count)
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            self.show_error("The printer could not be started.")
            return 0
        printed = 0
        try:
            for number in range(first, last + 1):
                if printed:
                    printer.newPage()
                image = render_page(self._document, number - 1, dpi / 72.0)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.save()
                painter.setViewport(target.x(), target.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.restore()
                printed += 1
        finally:
            painter.end()
        if not recorded:
            return printed
        exports.record_print(self.session, self.kind, **self._record_params())
        self.ui.statusLabel.setStyleSheet(OK_STYLE)
        self.ui.statusLabel.setText(f"Sent {printed} page{'s' if printed != 1 else ''} to the printer.")
        return printed

    def _record_params(self) -> dict[str, Any]:
        assert self.info is not None
        out: dict[str, Any] = {}
        if self.info.case_id is not None:
            out["case_id"] = self.info.case_id
        if self.info.person_id is not None:
            out["person_id"] = self.info.person_id
        if self.info.variant:
            out["variant"] = self.info.variant
        return out

    # --------------------------------------------------------------------------------------------- close

    def done(self, result: int) -> None:
        if self._pending is not None and self._save_task is not None:
            # Closing (or locking) mid-save: wait for this dialog's own write (not the whole pool) and record it
            # while the vault is still open.
            self._save_task.wait(30_000)
            self._record_pending()
        self._closed = True
        self.ui.passwordEdit.clear()
        self.ui.repeatEdit.clear()
        self.ui.pageLabel.clear()
        if self._document is not None:
            self._document.close()
            self._document = None
        self.pdf = None
        super().done(result)
