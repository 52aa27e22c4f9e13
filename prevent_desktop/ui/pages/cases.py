"""Cases: every concern, referral and outcome (the cases work fills in the wizard and case view)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases
from prevent_desktop.storage.cases import CaseRow
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage

COLUMNS: list[Column[CaseRow]] = [
    Column("Reference", lambda c: c.ref),
    Column("Person", lambda c: c.person),
    Column("Role", lambda c: c.role.capitalize()),
    Column("Status", lambda c: c.status.replace("_", " ").capitalize()),
    Column("Opened", lambda c: uk_date(c.opened_at[:10])),
]


class CasesPage(TablePage):
    title = "Cases"
    help_text = (
        "Every Prevent concern, referral, action and outcome is kept here, even a false alarm (policy 3.13)."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(COLUMNS), parent)
        self.session = session
        self.model.set_rows(cases.list_cases(session.conn))
        self.fit_columns()
