"""Printing that may end up in a file: tell the DSO before anything is written.

With no printer (or with a "print to PDF" driver chosen) Qt's print dialog writes a PDF file, unencrypted, to a
path the DSO may not notice. ``file_destination`` tells paper from file; ``ask_before_file`` shows the warning
(what, NOT encrypted, where) and calls back only on "Save the unencrypted file". Where Qt itself would write the
file (its own "Print to File (PDF)" printer), ``render_pdf`` paints the pages in memory and the caller saves them
atomically (``services.exports.write_document``), like every other file the app writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPagedPaintDevice, QPageSize, QPdfWriter
from PySide6.QtWidgets import QMessageBox, QWidget

NEUTRAL_TITLE = "Prevent Desktop document"  # the job / document name: never a name or a case
# Printer drivers that write a file rather than paper (Windows: "Microsoft Print to PDF", "Microsoft XPS Document
# Writer", "OneNote"; CUPS: "PDF", "Print to File"); they ask for the file name themselves.
FILE_DRIVERS = re.compile(r"pdf|xps|onenote|document writer|print to file", re.IGNORECASE)


def file_destination(printer_name: str, output_file: str) -> str | None:
    """None for paper; the path for Qt's own file output; "" for a driver that asks where to save later."""
    if output_file:
        return output_file
    if FILE_DRIVERS.search(printer_name or ""):
        return ""
    return None


def printer_destination(printer: Any) -> str | None:
    """``file_destination`` of a ``QPrinter`` after its dialog was accepted."""
    return file_destination(printer.printerName(), printer.outputFileName())


def ask_before_file(parent: QWidget, what: str, where: str, on_confirm: Callable[[], None]) -> QMessageBox:
    """A non-blocking warning: ``what`` is going to a file, not encrypted, at ``where`` ("" = the driver asks).
    ``on_confirm`` runs only if the DSO chooses to save; Cancel (the default, and Esc) writes nothing."""
    place = f"It will be written to:\n{where}" if where else "The printer driver will ask where to save it next."
    box = QMessageBox(QMessageBox.Icon.Warning, "Print to a file?", "", parent=parent)
    box.setObjectName("printToFileWarning")
    box.setText(f"The printer chosen writes a file, not paper: {what} will be saved NOT encrypted.\n\n{place}")
    box.setInformativeText(
        "Anyone who can read that file can use it. Print on paper if you can; otherwise print the file, then "
        "delete it (and empty the recycle bin), and never keep it on this computer or a shared drive."
    )
    save = box.addButton("&Save the unencrypted file", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def clicked(button: Any) -> None:
        if button is save:
            on_confirm()

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def render_pdf(paint: Callable[[QPagedPaintDevice], object], page_size: QPageSize | None = None) -> bytes:
    """Paint onto an in-memory PDF (A4 unless ``page_size``) and return its bytes: nothing touches the disk."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(NEUTRAL_TITLE)
    writer.setCreator(NEUTRAL_TITLE)
    writer.setPageSize(page_size or QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    paint(writer)
    del writer  # the PDF is finished when the writer goes
    data = bytes(buffer.data().data())
    buffer.close()
    return data
