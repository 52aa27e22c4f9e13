"""Policies: this policy's version, review dates and summary of changes (a new version is a new row, history
kept), and the associated-policy register with owners, review intervals and review status (text and colour).

The register's model is in ``ui/policy_models.py``, the dialogs (Designer forms) in ``ui/policy_dialogs.py``.
Every status shown here is ``domain.due``'s, worked out by the service for ``today()``: the words Home, the
policy register PDF and the CLI use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.policies import AssociatedPolicy, PolicyChange, PolicyVersion
from prevent_desktop.services import policies
from prevent_desktop.services.session import Session
from prevent_desktop.ui import export_hooks
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.models import RecordTableModel
from prevent_desktop.ui.pages.base import PageHeading
from prevent_desktop.ui.policy_dialogs import ChangeDialog, PolicyDialog, VersionDialog
from prevent_desktop.ui.policy_models import (
    CHANGE_COLUMNS,
    COL_STATUS,
    STATUS_BACKGROUND,
    STATUS_FOREGROUND,
    VERSION_COLUMNS,
    PolicyRegisterModel,
    RegisterFilter,
)

__all__ = ["COL_STATUS", "ChangeDialog", "PoliciesPage", "PolicyDialog", "PolicyRegisterModel", "VersionDialog"]


def _small_table(model: Any, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class PoliciesPage(QWidget):
    title = "Policies"
    help_text = (
        "This policy's version and review dates with its summary of changes, and the associated policies to read "
        "alongside it, each with an owner and a review interval. Overdue reviews are flagged."
    )

    def __init__(
        self, session: Session, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today  # the clock review statuses are worked out by (tests pass a fixed one)
        self.model = PolicyRegisterModel(session, self, today=today)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        # The register is created first and is a direct child: it is the page's main table.
        self.table = QTableView(self)
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = PageHeading(self.title, self)
        layout.addWidget(self.heading)
        self.help = QLabel(self.help_text, self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        layout.addWidget(self._build_policy_box())
        register_label = QLabel("Associated policies (section 5)", self)
        font = register_label.font()
        font.setBold(True)
        register_label.setFont(font)
        layout.addWidget(register_label)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_register_buttons())
        self._setup_table()
        layout.addWidget(self.table, 1)
        self.status = AlertLabel(self, assertive=False)  # what happened ("Policy saved."), told as it changes
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        # The register was made first (see above): in Tab order it comes where it stands, after its buttons.
        QWidget.setTabOrder(self.export_button, self.table)
        self.refresh_policy()

    # -- this policy -----------------------------------------------------------------------------------------
    def _build_policy_box(self) -> QGroupBox:
        box = QGroupBox("This policy", self)
        row = QHBoxLayout(box)
        left = QGridLayout()
        self.meta: dict[str, QLabel] = {}
        for i, (key, text) in enumerate(
            (
                ("title", "Title:"),
                ("version", "Version:"),
                ("effective", "Effective date:"),
                ("reviewed", "Review date:"),
                ("next", "Next review:"),
            )
        ):
            left.addWidget(QLabel(text, box), i, 0)
            value = QLabel(box)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleDescription(text.rstrip(":"))  # its name is its text (the value itself)
            left.addWidget(value, i, 1)
            self.meta[key] = value
        buttons = QVBoxLayout()
        self.new_version_button = QPushButton("Record a &new version…", box)
        self.add_change_button = QPushButton("A&dd a change…", box)
        self.edit_change_button = QPushButton("Ed&it the change…", box)
        for b in (self.new_version_button, self.add_change_button, self.edit_change_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left.addLayout(buttons, 0, 2, 5, 1)
        row.addLayout(left)
        self.tabs = QTabWidget(box)
        self.changes_model: RecordTableModel[PolicyChange] = RecordTableModel(CHANGE_COLUMNS)
        self.versions_model: RecordTableModel[PolicyVersion] = RecordTableModel(VERSION_COLUMNS)
        self.changes_table = _small_table(self.changes_model, self.tabs, "Summary of changes")
        self.versions_table = _small_table(self.versions_model, self.tabs, "Version history")
        self.tabs.addTab(self.changes_table, "Summary of &changes")
        self.tabs.addTab(self.versions_table, "Version histor&y")
        self.tabs.setMaximumHeight(170)
        row.addWidget(self.tabs, 1)
        self.new_version_button.clicked.connect(self.new_version)
        self.add_change_button.clicked.connect(lambda: self.edit_change(new=True))
        self.edit_change_button.clicked.connect(lambda: self.edit_change(new=False))
        return box

    def refresh_policy(self) -> None:
        v, status = policies.version_status(self.session, self.today())
        self.meta["title"].setText(v.title)
        self.meta["version"].setText(v.version)
        self.meta["effective"].setText(uk_date(v.effective_date, "—"))
        self.meta["reviewed"].setText(uk_date(v.review_date, "—"))
        flag = f"  — {status.label}" if status in (DueStatus.OVERDUE, DueStatus.DUE_SOON) else ""
        if flag:
            self.meta["next"].setStyleSheet(
                f"background: {STATUS_BACKGROUND[status.value].name()}; "
                f"color: {STATUS_FOREGROUND[status.value].name()};"
                + (" font-weight: bold;" if status is DueStatus.OVERDUE else "")
                + " padding: 1px 4px;"
            )
        else:
            self.meta["next"].setStyleSheet("")
        self.meta["next"].setText(uk_date(v.next_review, "—") + flag)
        self.changes_model.set_rows(policies.changes(self.session))
        self.versions_model.set_rows(policies.versions(self.session))
        for t in (self.changes_table, self.versions_table):
            t.resizeColumnsToContents()
            t.resizeRowsToContents()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.changes_table.resizeRowsToContents()  # wrap the summary once the stretched column has a width

    def new_version(self) -> None:
        dialog = VersionDialog(self.session, self, today=self.today())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_policy()
            self.say("New version recorded; the previous one is in the version history.")

    def edit_change(self, new: bool) -> None:
        change = None
        if not new:
            rows = self.changes_table.selectionModel().selectedRows()
            if not rows:
                self.say("Select a change in the summary of changes first.")
                return
            change = self.changes_model.record(rows[0].row())
        dialog = ChangeDialog(self.session, change, self, today=self.today())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_policy()

    # -- the register ----------------------------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.filter_label = QLabel("&Filter:", self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to filter every column")
        self.filter.setAccessibleName("Filter policies")
        self.filter.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.group_filter = QComboBox(self)
        self.group_filter.setAccessibleName("Group filter")
        for text, key in (("All groups", ""), ("Training", "training"), ("Military", "military")):
            self.group_filter.addItem(text, key)
        group_label = QLabel("Gr&oup:", self)
        group_label.setBuddy(self.group_filter)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Status filter")
        for text, key in (
            ("Any status", ""),
            ("Needs attention", "attention"),
            ("Overdue", "overdue"),
            ("Due soon", "due"),
            ("No review date", "none"),
            ("On track", "ok"),
        ):
            self.status_filter.addItem(text, key)
        status_label = QLabel("&Status:", self)
        status_label.setBuddy(self.status_filter)
        self.group_filter.currentIndexChanged.connect(lambda _i: self.proxy.set_group(self.group_filter.currentData()))
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData())
        )
        for w in (self.filter_label, self.filter, group_label, self.group_filter, status_label, self.status_filter):
            row.addWidget(w, 1 if w is self.filter else 0)
        return row

    def _build_register_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add policy…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.reviewed_button = QPushButton("&Mark reviewed today", self)
        self.retire_button = QPushButton("&Retire…", self)
        self.export_button = QPushButton("&Print / export PDF…", self)
        for b in (self.add_button, self.edit_button, self.reviewed_button, self.retire_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        self.add_button.clicked.connect(self.add_policy)
        self.edit_button.clicked.connect(self.edit_policy)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.retire_button.clicked.connect(self.retire_policy)
        self.export_button.clicked.connect(lambda: export_hooks.request_export(self, self.session, "policy-register"))
        return row

    def _setup_table(self) -> None:
        t = self.table
        t.setModel(self.proxy)
        t.setAccessibleName("Associated policies table")
        t.setSortingEnabled(True)
        t.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(True)
        t.setAlternatingRowColors(True)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.horizontalHeader().setStretchLastSection(True)
        t.doubleClicked.connect(lambda _i: self.edit_policy())
        self.fit_columns()

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        if self.table.columnWidth(0) > 380:
            self.table.setColumnWidth(0, 380)

    def selected(self) -> AssociatedPolicy | None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.say("Select a policy first.")
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def say(self, text: str) -> None:
        self.status.setText(text)

    def focus_search(self) -> bool:
        """Ctrl+F (the main window's Find)."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
        return True

    def _reload(self) -> None:
        self.model.reload()
        self.fit_columns()

    def add_policy(self) -> None:
        dialog = PolicyDialog(self.session, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload()
            self.say("Policy added.")

    def edit_policy(self) -> None:
        p = self.selected()
        if p is None:
            return
        dialog = PolicyDialog(self.session, p, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload()
            self.say("Policy saved.")

    def mark_reviewed(self) -> None:
        p = self.selected()
        if p is None:
            return
        policies.mark_reviewed(self.session, p.id, self.today().isoformat())
        self._reload()
        self.say(f"{p.name}: reviewed today; next review in {p.review_interval_months} months.")

    def retire_policy(self) -> None:
        p = self.selected()
        if p is None:
            return
        answer = QMessageBox.question(
            self, "Retire policy", f"Retire “{p.name}” from the register? It is kept in the history, not deleted."
        )
        if answer == QMessageBox.StandardButton.Yes:
            policies.retire_policy(self.session, p.id)
            self._reload()
            self.say("Policy retired.")
