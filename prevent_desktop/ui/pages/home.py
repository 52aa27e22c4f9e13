"""Home: what needs attention today."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prevent_desktop.services.home import AttentionItem, attention_items
from prevent_desktop.services.session import Session
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage

SEVERITY = {"overdue": "Overdue", "due": "Due", "info": "Note"}

COLUMNS: list[Column[AttentionItem]] = [
    Column("Status", lambda i: SEVERITY.get(i.severity, i.severity)),
    Column("Area", lambda i: i.area),
    Column("What needs attention", lambda i: i.text),
]


class HomePage(TablePage):
    title = "Home"
    help_text = "What needs your attention today: reviews, outcomes to chase, ratings, policies and contacts."

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(COLUMNS), parent)
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(attention_items(self.session))
        self.fit_columns()
