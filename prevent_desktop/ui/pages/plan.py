"""Action plan: the Annex A grid."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import registry
from prevent_desktop.services.session import Session
from prevent_desktop.storage.plan import PlanRow
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage

RAG_TEXT = {"red": "Red", "amber": "Amber", "green": "Green", "": "Not yet rated"}

COLUMNS: list[Column[PlanRow]] = [
    Column("No.", lambda r: str(r.no)),
    Column("Potential Prevent vulnerability", lambda r: r.area),
    Column("Action required / evidence if in place", lambda r: r.action),
    Column("Who", lambda r: r.who),
    Column("When", lambda r: r.when_text),
    Column("RAG", lambda r: RAG_TEXT.get(r.rag, r.rag)),
]


class PlanPage(TablePage):
    title = "Action plan"
    help_text = (
        "The Prevent Action Plan (Annex A): each area's action or evidence, who, when and its RAG rating."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(COLUMNS), parent)
        self.session = session
        h = registry.plan_header(session)
        self.header_label = QLabel(
            f"Organisation: {h.organisation}   ·   Safeguarding contact: {h.safeguarding_contact}   ·   "
            f"Last updated: {uk_date(h.date_last_updated, '—')}   ·   "
            f"Actions to be reviewed: {uk_date(h.date_actions_to_be_reviewed, '—')}   ·   "
            f"Next review due: {uk_date(h.next_review_due, '—')}",
            self,
        )
        self.header_label.setWordWrap(True)
        self.layout().insertWidget(2, self.header_label)
        self.model.set_rows(registry.plan_rows(session))
        self.fit_columns()
