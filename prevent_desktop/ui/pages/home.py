"""Home: what needs attention today, most urgent first; Enter or double-click opens the area."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from prevent_desktop.domain.attention import AttentionItem
from prevent_desktop.services.home import attention_items
from prevent_desktop.services.session import Session
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage

SEVERITY = {"overdue": "Overdue", "due": "Due", "info": "Note"}
SEVERITY_COLOUR = {"overdue": "#f4cccc", "due": "#fff2cc", "info": "#ffffff"}

COLUMNS: list[Column[AttentionItem]] = [
    Column("Status", lambda i: SEVERITY.get(i.severity, i.severity)),
    Column("Area", lambda i: i.area),
    Column("What needs attention", lambda i: i.text),
]


class AttentionModel(RecordTableModel[AttentionItem]):
    """Status shown as a word and a tint (never colour alone)."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and index.column() == 0:
            return QBrush(QColor(SEVERITY_COLOUR.get(self.record(index.row()).severity, "#ffffff")))
        return super().data(index, role)


class HomePage(TablePage):
    title = "Home"
    help_text = (
        "What needs your attention today: reviews, outcomes to chase, ratings, policies and contacts. "
        "Press Enter or double-click an item to open its area."
    )
    area_requested = Signal(str)
    case_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(AttentionModel(COLUMNS), parent)
        self.session = session
        self.summary = self.help  # the summary line replaces the help text once there is something to count
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.refresh()

    def refresh(self) -> None:
        items = attention_items(self.session)
        self.model.set_rows(items)
        counts = Counter(i.area for i in items)
        if items:
            parts = ", ".join(f"{area}: {n}" for area, n in counts.items())
            self.summary.setText(f"{len(items)} things need attention ({parts}). {self.help_text.split('. ')[-1]}")
        else:
            self.summary.setText("Nothing needs your attention today.")
        self.fit_columns()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            item = self.model.record(self.proxy.mapToSource(index).row())
            if item.case_id is not None:
                self.case_requested.emit(item.case_id)
            else:
                self.area_requested.emit(item.area)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.session.vault.is_open:  # a window being torn down at lock may still get a show event
            self.refresh()
