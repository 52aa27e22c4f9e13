"""Where pages ask for a document (PDF) to be exported, previewed or printed.

Pages only ever call ``request_export``, so they do not depend on how exports are built. ``kind`` is one of:
"referral-pack", "case-file", "action-plan", "contacts-card", "policy-register", "annual-summary"; ``params``
carry e.g. ``case_id`` or ``person_id`` or ``variant`` ("a4"/"fold") or ``year`` ("2025/26").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from prevent_desktop.errors import KnownError

DOCUMENT_KINDS = ("referral-pack", "case-file", "action-plan", "contacts-card", "policy-register", "annual-summary")


def request_export(parent: QWidget, session: Any, kind: str, **params: Any) -> Any:
    """Open the Export dialog (preview, save, print) for ``kind`` (window-modal, non-blocking) and return it.

    If the document cannot be made (e.g. the case documents before the cases work lands), a message box says why
    and is returned instead.
    """
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    from prevent_desktop.ui.export_dialog import ExportDialog  # imported on first use: keeps start-up lean

    dialog = ExportDialog(session, kind, params, parent)
    try:
        dialog.start()
    except KnownError as exc:
        dialog.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Information, "Export", str(exc), QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    dialog.setModal(True)
    dialog.open()
    return dialog
