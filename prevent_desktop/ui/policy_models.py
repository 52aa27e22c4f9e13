"""Table models of the Policies page: the associated-policy register (status as text and colour, sortable by real
dates) with its filter, and the column sets of the summary of changes and the version history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from prevent_desktop.domain.dates import uk_date, uk_datetime
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.policies import GROUPS, AssociatedPolicy, PolicyChange, PolicyVersion
from prevent_desktop.services import policies
from prevent_desktop.services.session import Session
from prevent_desktop.ui.models import Column

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_BACKGROUND = {"overdue": QColor("#F4C7C3"), "due": QColor("#FCE8B2"), "ok": QColor("#C8E6C9")}
STATUS_FOREGROUND = {"overdue": QColor("#7A0000"), "due": QColor("#5A3E00"), "ok": QColor("#0B4F12")}
HEADERS = ("Policy", "Group", "Owner", "Last review", "Review every", "Next review due", "Status")
COL_LAST, COL_INTERVAL, COL_NEXT, COL_STATUS = 3, 4, 5, 6
STATUS_ORDER = {DueStatus.OVERDUE.value: 0, DueStatus.DUE_SOON.value: 1, DueStatus.OK.value: 2}


class PolicyRegisterModel(QAbstractTableModel):
    """The associated-policy register; read-only cells (edit through the dialog), sortable by real dates.

    Statuses are the service's, worked out for ``today()`` by ``domain.due``: the words Home and the PDF use."""

    def __init__(self, session: Session, parent: Any = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.include_retired = False
        self._rows: list[AssociatedPolicy] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = policies.register(self.session, include_retired=self.include_retired, today=self.today())
        self.endResetModel()

    def record(self, row: int) -> AssociatedPolicy:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _text(self, p: AssociatedPolicy, col: int) -> str:
        return (
            p.name + (" (retired)" if p.retired_at else ""),
            GROUPS.get(p.group, p.group),
            p.owner,
            uk_date(p.last_review, "Not recorded"),
            f"{p.review_interval_months} months",
            uk_date(p.next_review, "—"),
            p.status_text,
        )[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(p, col)
        if role == SORT_ROLE:
            if col == COL_LAST:
                return p.last_review or "0000"
            if col == COL_NEXT:
                return p.next_review or "0000"
            if col == COL_INTERVAL:
                return p.review_interval_months
            if col == COL_STATUS:
                return STATUS_ORDER.get(p.status, 3)
            return self._text(p, col).lower()
        if col == COL_STATUS and p.status in STATUS_BACKGROUND:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(STATUS_BACKGROUND[p.status])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(STATUS_FOREGROUND[p.status])
            if role == Qt.ItemDataRole.FontRole and p.overdue:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_NEXT, COL_STATUS):
            if p.never_reviewed:
                return "No review has been recorded: record the last review date."
            return f"Last review + {p.review_interval_months} months = {p.due.shown}"
        return None


class RegisterFilter(QSortFilterProxyModel):
    """Text (any column), group and status filters (status "none": no review date recorded)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.group = ""
        self.status = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_group(self, group: str) -> None:
        self._refilter(lambda: setattr(self, "group", group))

    def set_status(self, status: str) -> None:
        self._refilter(lambda: setattr(self, "status", status))

    def _refilter(self, change: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter() is deprecated from 6.10
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PolicyRegisterModel)
        p = model.record(source_row)
        if self.group and p.group != self.group:
            return False
        if self.status == "none" and not p.never_reviewed:
            return False
        if self.status == "attention" and p.status == DueStatus.OK.value:
            return False
        if self.status not in ("", "none", "attention", p.status):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


CHANGE_COLUMNS: list[Column[PolicyChange]] = [
    Column("Serial", lambda c: str(c.serial)),
    Column("Issue", lambda c: c.issue),
    Column("Date", lambda c: uk_date(c.date)),
    Column("Summary of changes", lambda c: c.summary, lambda c: c.summary),
]
VERSION_COLUMNS: list[Column[PolicyVersion]] = [
    Column("Version", lambda v: v.version),
    Column("Effective", lambda v: uk_date(v.effective_date, "—")),
    Column("Reviewed", lambda v: uk_date(v.review_date, "—")),
    Column("Next review", lambda v: uk_date(v.next_review, "—")),
    Column("Note", lambda v: v.note),
    Column("Recorded", lambda v: uk_datetime(v.recorded_at) if v.recorded_at else ""),
    Column("By", lambda v: v.recorded_by),
]
