"""ActionPlanModel: the Annex A grid as an editable table model over the plan service.

Every edit goes through ``services.plan`` (one transaction, history, audit). A RAG change is not applied by
``setData`` directly: the model emits ``ragChangeRequested`` so the page can ask for a reason first (after the
editor has closed), then calls ``apply_rag``. Colour is never the only signal: RAG and due cells carry text too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.plan import PlanRow, Rag, parse_when, row_due
from prevent_desktop.errors import KnownError
from prevent_desktop.services import plan
from prevent_desktop.services.session import Session

Index = QModelIndex | QPersistentModelIndex

COL_NO, COL_AREA, COL_ACTION, COL_WHO, COL_WHEN, COL_DUE, COL_RAG, COL_EVIDENCE = range(8)
HEADERS = (
    "No.",
    "Potential Prevent vulnerability",
    "Action required / evidence if in place",
    "Who",
    "When",
    "Due",
    "RAG",
    "Evidence",
)
FIELDS = {COL_AREA: "area", COL_ACTION: "action", COL_WHO: "who", COL_WHEN: "when_text", COL_RAG: "rag"}

RAG_BACKGROUND = {
    Rag.RED: QColor("#F4C7C3"),
    Rag.AMBER: QColor("#FCE8B2"),
    Rag.GREEN: QColor("#C8E6C9"),
    Rag.NONE: QColor("#E6E6E6"),
}
RAG_FOREGROUND = {
    Rag.RED: QColor("#7A0000"),
    Rag.AMBER: QColor("#5A3E00"),
    Rag.GREEN: QColor("#0B4F12"),
    Rag.NONE: QColor("#333333"),
}
DUE_BACKGROUND = {DueStatus.OVERDUE: QColor("#F4C7C3"), DueStatus.DUE_SOON: QColor("#FCE8B2")}
DUE_FOREGROUND = {DueStatus.OVERDUE: QColor("#7A0000"), DueStatus.DUE_SOON: QColor("#5A3E00")}

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ActionPlanModel(QAbstractTableModel):
    ragChangeRequested = Signal(int, str, str)  # row id, old value, new value
    editRejected = Signal(str)  # a plain message for the status line
    changed = Signal()  # anything saved (the header's "date last updated" moves)

    def __init__(self, session: Session, parent: Any = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today  # the clock the Due column is worked out by
        self.include_retired = False
        self._rows: list[PlanRow] = []
        self._definitions: dict[Rag, str] = {}
        self.reload()

    # -- loading ---------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self._rows = plan.rows(self.session, include_retired=self.include_retired, today=self.today())
        self._definitions = plan.rag_definitions(self.session)
        self.endResetModel()

    def set_include_retired(self, value: bool) -> None:
        self.include_retired = value
        self.reload()

    def row_record(self, row: int) -> PlanRow:
        return self._rows[row]

    def row_of(self, row_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == row_id:
                return i
        return -1

    def _refresh_row(self, row_id: int) -> None:
        i = self.row_of(row_id)
        if i < 0:
            return
        self._rows[i] = plan.row(self.session, row_id, today=self.today())
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))

    # -- Qt model API ----------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_RAG:
                return "\n".join(f"{r.shown}: {d}" for r, d in self._definitions.items())
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        record = self._rows[index.row()]
        if index.column() in FIELDS and not record.retired_at:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _text(self, r: PlanRow, column: int) -> str:
        if column == COL_NO:
            return f"{r.no}" + (" (retired)" if r.retired_at else "")
        if column == COL_AREA:
            return r.area
        if column == COL_ACTION:
            return r.action
        if column == COL_WHO:
            return r.who
        if column == COL_WHEN:
            try:
                return parse_when(r.when_text).shown
            except ValueError:
                return r.when_text
        if column == COL_DUE:
            return DueStatus(r.due_status).label
        if column == COL_RAG:
            return Rag(r.rag).shown
        if column == COL_EVIDENCE:
            return f"{r.evidence_count} item" + ("" if r.evidence_count == 1 else "s") if r.evidence_count else ""
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_WHEN:
                try:
                    return parse_when(r.when_text).editable
                except ValueError:
                    return r.when_text
            if col in FIELDS:
                return str(getattr(r, FIELDS[col]))
            return self._text(r, col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(r, col)
            if col == COL_RAG:
                return f"RAG {text}: {self._definitions.get(Rag(r.rag), '')}"
            return text or "empty"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == COL_RAG:
                return QBrush(RAG_BACKGROUND[Rag(r.rag)])
            if col == COL_DUE and DueStatus(r.due_status) in DUE_BACKGROUND:
                return QBrush(DUE_BACKGROUND[DueStatus(r.due_status)])
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.retired_at:
                return QBrush(QColor("#6B6B6B"))
            if col == COL_RAG:
                return QBrush(RAG_FOREGROUND[Rag(r.rag)])
            if col == COL_DUE and DueStatus(r.due_status) in DUE_FOREGROUND:
                return QBrush(DUE_FOREGROUND[DueStatus(r.due_status)])
            return None
        if role == Qt.ItemDataRole.FontRole:
            if col == COL_RAG or (col == COL_DUE and r.due_status == DueStatus.OVERDUE.value):
                font = QFont()
                font.setBold(r.rag != "" or col == COL_DUE)
                font.setItalic(col == COL_RAG and r.rag == "")
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_NO:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == ROW_ID_ROLE:
            return r.id
        return None

    def _tooltip(self, r: PlanRow, col: int) -> str | None:
        if col == COL_RAG:
            return f"{Rag(r.rag).shown}: {self._definitions.get(Rag(r.rag), '')}"
        if col in (COL_WHEN, COL_DUE) and r.when_text:
            try:
                due = row_due(r.when_text, r.last_reviewed)
            except ValueError:
                return None
            if due is None:
                return None
            reviewed = uk_date(r.last_reviewed, "never")
            return "Never reviewed: overdue" if due.never else f"Due {due.shown} (last reviewed {reviewed})"
        if col in (COL_ACTION, COL_AREA) and r.action:
            return self._text(r, col)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in FIELDS:
            return False
        r = self._rows[index.row()]
        field = FIELDS[index.column()]
        text = "" if value is None else str(value)
        if field == "rag":
            try:
                new = Rag.parse(text).value
            except ValueError:
                self.editRejected.emit(f"{text!r} is not Red, Amber, Green or Not yet rated.")
                return False
            if new != r.rag:
                self.ragChangeRequested.emit(r.id, r.rag, new)
            return False  # applied by apply_rag once a reason is given
        try:
            changed = plan.update_row(self.session, r.id, field, text)
        except KnownError as exc:
            self.editRejected.emit(str(exc))
            return False
        if changed:
            self._refresh_row(r.id)
            self.changed.emit()
        return changed

    def apply_rag(self, row_id: int, new: str, reason: str) -> bool:
        try:
            changed = plan.update_row(self.session, row_id, "rag", new, reason=reason)
        except KnownError as exc:
            self.editRejected.emit(str(exc))
            return False
        if changed:
            self._refresh_row(row_id)
            self.changed.emit()
        return changed

    def refresh_row(self, row_id: int) -> None:
        self._refresh_row(row_id)
