"""Policies: this policy's metadata and the associated-policy register."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import registry
from prevent_desktop.services.session import Session
from prevent_desktop.storage.policies import AssociatedPolicy
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage

COLUMNS: list[Column[AssociatedPolicy]] = [
    Column("Policy", lambda p: p.name),
    Column("Group", lambda p: "Military" if p.group == "military" else "Training"),
    Column("Last review", lambda p: uk_date(p.last_review, "Not recorded")),
    Column("Review every", lambda p: f"{p.review_interval_months} months"),
    Column("Owner", lambda p: p.owner),
]


class PoliciesPage(TablePage):
    title = "Policies"
    help_text = "This policy's version and review dates, and the associated policies to read alongside it."

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(COLUMNS), parent)
        self.session = session
        v = registry.policy_version(session)
        self.meta_label = QLabel(
            f"{v.title} — version {v.version}   ·   Effective {uk_date(v.effective_date, '—')}   ·   "
            f"Reviewed {uk_date(v.review_date, '—')}   ·   Next review {uk_date(v.next_review, '—')}",
            self,
        )
        self.meta_label.setWordWrap(True)
        self.layout().insertWidget(2, self.meta_label)
        self.model.set_rows(registry.associated_policies(session))
        self.fit_columns()
