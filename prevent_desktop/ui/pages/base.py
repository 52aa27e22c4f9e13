"""A page with a heading, a one-line explanation, a filter box and a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

FIT_SAMPLE_ROWS = 200  # rows fit_columns measures; a longer list keeps one line per row (full text in tooltips)


class PageHeading(QLabel):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(text)


class TablePage(QWidget):
    """Heading, help line, filter field (instant, case-insensitive, all columns) and a sortable table."""

    title = ""
    help_text = ""

    def __init__(self, model: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = PageHeading(self.title, self)
        layout.addWidget(self.heading)
        self.help = QLabel(self.help_text, self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.filter_label = QLabel("&Filter:", self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to filter every column")
        self.filter.setAccessibleName(f"Filter {self.title}")
        self.filter.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        layout.addWidget(self.filter_label)
        layout.addWidget(self.filter)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(f"{self.title} table")
        self.table.setSortingEnabled(True)
        # Keep the data's own order (e.g. the policy's grouping) until the user clicks a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)

    def focus_search(self) -> bool:
        """Ctrl+F (the main window's Find)."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
        return True

    def fit_columns(self) -> None:
        """Columns sized from a sample of rows (never every row: 100,000 rows would take seconds on the UI
        thread), each at most 360 px; rows fitted to their wrapped text only in a short list."""
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            if self.table.columnWidth(col) > 360:
                self.table.setColumnWidth(col, 360)
        if self.proxy.rowCount() <= FIT_SAMPLE_ROWS:
            self.table.resizeRowsToContents()

    def clear(self) -> None:
        self.filter.clear()
        self.model.clear()
