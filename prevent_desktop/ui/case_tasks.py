"""A case's tasks (the case view's Tasks tab): what is to be done and by when, ticked off with Space or the button;
who ticked it and when are kept. Open tasks due soon or overdue also show on Home.

Self-contained: it needs a session and a case id, and talks to ``services.cases.tasks`` only, so the case page can
place it wherever it likes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import dates
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.tasks import CaseTask
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import tasks as task_service
from prevent_desktop.services.session import Session

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Done", "Task", "Due", "Ticked off")


class TasksModel(QAbstractTableModel):
    """One row per task; the first column is a check box (Space toggles it), saved at once."""

    def __init__(self, parent: Any = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.tasks: list[CaseTask] = []
        self.today = today or dates.today()
        self.toggle: Any = None  # set by the panel: (task) -> None

    def set_tasks(self, tasks: Sequence[CaseTask]) -> None:
        self.beginResetModel()
        self.tasks = list(tasks)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tasks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def _due_text(self, t: CaseTask) -> str:
        shown = uk_date(t.due_on, "—")
        status = t.status(self.today)
        if status is DueStatus.OVERDUE:
            return f"{shown} (overdue)"
        return shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.tasks):
            return None
        t = self.tasks[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if t.done else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return "Done" if t.done else "Open"
            if col == 1:
                return t.text
            if col == 2:
                return self._due_text(t)
            return f"{uk_date(t.done_at[:10])} by {t.done_by}" if t.done else ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or self.toggle is None:
            return False
        self.toggle(self.tasks[index.row()])
        return True


class TaskTable(QTableView):
    """Space ticks the current task off (or reopens it) wherever the cursor is in its row."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            index = self.currentIndex()
            if index.isValid():
                model = self.model()
                first = model.index(index.row(), 0)
                model.setData(first, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
                event.accept()
                return
        super().keyPressEvent(event)


class CaseTasksPanel(QWidget):
    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        layout = QVBoxLayout(self)
        intro = QLabel(
            "What is to be done on this case and by when. Open tasks show on Home from 14 days before they are "
            "due. Space (or the button) ticks the selected task off; who did it and when are kept.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = TasksModel(self)
        self.model.toggle = self._toggle
        self.table = TaskTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Tasks on this case")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 150), (3, 220)):
            header.resizeSection(col, width)
        layout.addWidget(self.table, 1)
        self.toggle_button = QPushButton("&Mark done", self)
        self.toggle_button.clicked.connect(self.toggle_selected)
        row = QHBoxLayout()
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        layout.addLayout(row)
        add = QHBoxLayout()
        what_label = QLabel("&What to do:", self)
        self.what = QLineEdit(self)
        self.what.setPlaceholderText("e.g. Chase the MASH reference")
        self.what.setAccessibleName("What to do")
        what_label.setBuddy(self.what)
        due_label = QLabel("D&ue date:", self)
        self.due = QLineEdit(self)
        self.due.setPlaceholderText("DD/MM/YYYY (optional)")
        self.due.setAccessibleName("Due date")
        self.due.setMaximumWidth(170)
        due_label.setBuddy(self.due)
        self.add_button = QPushButton("Add tas&k", self)
        for w in (what_label, self.what, due_label, self.due, self.add_button):
            add.addWidget(w, 1 if w is self.what else 0)
        layout.addLayout(add)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: #8b0000; font-weight: bold; }")
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.add_task)
        self.what.returnPressed.connect(self.add_task)
        self.due.returnPressed.connect(self.add_task)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.selected()
        keep = select_id if select_id is not None else (current.id if current is not None else None)
        self.model.today = dates.today()
        self.model.set_tasks(task_service.tasks_of_case(self.session, self.case_id))
        rows = [i for i, t in enumerate(self.model.tasks) if t.id == keep]
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], 1))
        self._update_button()

    def selected(self) -> CaseTask | None:
        index = self.table.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.model.tasks):
            return None
        return self.model.tasks[index.row()]

    def _update_button(self) -> None:
        t = self.selected()
        self.toggle_button.setEnabled(t is not None)
        self.toggle_button.setText("&Mark not done" if t is not None and t.done else "&Mark done")

    def _toggle(self, task: CaseTask) -> None:
        try:
            if task.done:
                task_service.reopen_task(self.session, task.id)
            else:
                task_service.complete_task(self.session, task.id)
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.reload(task.id)

    def toggle_selected(self) -> None:
        t = self.selected()
        if t is not None:
            self._toggle(t)

    def add_task(self) -> None:
        try:
            task_id = task_service.add_task(self.session, self.case_id, self.what.text(), self.due.text())
        except KnownError as exc:
            self.error.setText(str(exc))  # what was typed stays in the fields
            return
        self.error.clear()
        self.what.clear()
        self.due.clear()
        self.reload(task_id)
        self.what.setFocus(Qt.FocusReason.OtherFocusReason)
