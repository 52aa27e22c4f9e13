"""Driving the real print dialog in tests: its "Print to File (PDF)" printer (the only one on a machine with no
printer installed), a file name, then the app's print-to-file warning (``ui/printing.ask_before_file``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget


def print_to_file(qtbot: Any, window: QWidget, button: QWidget, dialog_name: str, target: Path) -> QMessageBox:
    """Click ``button`` (Print…), choose the file printer in the dialog named ``dialog_name`` with ``target`` as
    its file, accept: returns the warning box, which must be showing."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QPrintDialog, dialog_name)
    assert dialog is not None and dialog.isVisible()
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
    dialog.findChild(QLineEdit, "filename").setText(str(target))
    dialog.accept()
    box = window.findChild(QMessageBox, "printToFileWarning")
    assert box is not None and box.isVisible()
    return box
