"""Where pages ask for a document (PDF) to be exported, previewed or printed.

The exports work replaces ``request_export`` with the real export dialog; pages only ever call this function, so
they do not depend on how exports are built. ``kind`` is one of: "referral-pack", "case-file", "action-plan",
"contacts-card", "policy-register"; ``params`` carry e.g. ``case_id`` or ``person_id`` or ``variant``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

DOCUMENT_KINDS = ("referral-pack", "case-file", "action-plan", "contacts-card", "policy-register")


def request_export(parent: QWidget, session: Any, kind: str, **params: Any) -> None:
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    QMessageBox.information(parent, "Export", "PDF export is not available in this build yet.")
