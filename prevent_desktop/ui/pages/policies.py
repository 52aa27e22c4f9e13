"""Policies: this policy's version, review dates and summary of changes (a new version is a new row, history
kept), and the associated-policy register with owners, review intervals and overdue flags (text and colour)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.dates import parse_loose, uk_date, uk_datetime
from prevent_desktop.domain.plan import DEFAULT_POLICY_INTERVAL_MONTHS, parse_when
from prevent_desktop.errors import KnownError
from prevent_desktop.services import policies
from prevent_desktop.services.session import Session
from prevent_desktop.storage.policies import AssociatedPolicy, PolicyChange, PolicyVersion
from prevent_desktop.ui import export_hooks
from prevent_desktop.ui.forms.ui_policy_dialog import Ui_PolicyDialog
from prevent_desktop.ui.forms.ui_policy_version_dialog import Ui_PolicyVersionDialog
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import PageHeading

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_TEXT = {"overdue": "Overdue", "due": "Due soon", "ok": "On track"}
STATUS_BACKGROUND = {"overdue": QColor("#F4C7C3"), "due": QColor("#FCE8B2"), "ok": QColor("#C8E6C9")}
STATUS_FOREGROUND = {"overdue": QColor("#7A0000"), "due": QColor("#5A3E00"), "ok": QColor("#0B4F12")}
HEADERS = ("Policy", "Group", "Owner", "Last review", "Review every", "Next review due", "Status")
COL_STATUS = 6


def status_text(p: AssociatedPolicy) -> str:
    if not p.last_review:
        return "No review date"
    return STATUS_TEXT.get(p.status, "")


def _for_edit(value: str) -> str:
    try:
        return parse_when(value).editable
    except ValueError:
        return value


class PolicyRegisterModel(QAbstractTableModel):
    """The associated-policy register; read-only cells (edit through the dialog), sortable by real dates."""

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.include_retired = False
        self._rows: list[AssociatedPolicy] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = policies.register(self.session, include_retired=self.include_retired)
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
            policies.GROUPS.get(p.group, p.group),
            p.owner,
            uk_date(p.last_review, "Not recorded"),
            f"{p.review_interval_months} months",
            uk_date(p.next_review, "—"),
            status_text(p),
        )[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(p, col)
        if role == SORT_ROLE:
            if col == 3:
                return p.last_review or "0000"
            if col == 5:
                return p.next_review or "0000"
            if col == 4:
                return p.review_interval_months
            if col == COL_STATUS:
                return {"overdue": 0, "due": 1, "ok": 2}.get(p.status, 3)
            return self._text(p, col).lower()
        key = p.status if p.last_review else "due"
        if col == COL_STATUS and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATUS_BACKGROUND[key])
        if col == COL_STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(STATUS_FOREGROUND[key])
        if col == COL_STATUS and role == Qt.ItemDataRole.FontRole and key == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col in (5, COL_STATUS) and p.next_review:
            return f"Last review + {p.review_interval_months} months = {uk_date(p.next_review)}"
        return None


class RegisterFilter(QSortFilterProxyModel):
    """Text (any column), group and status filters."""

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
        if self.status:
            key = p.status if p.last_review else "none"
            if self.status == "attention" and key == "ok":
                return False
            if self.status not in ("attention", key):
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


class _SaveDialog(QDialog):
    """Save runs ``apply``; a known error is shown in ``self.message`` and the dialog stays open."""

    message: QLabel

    def save(self) -> None:
        try:
            self.apply()
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.accept()

    def apply(self) -> None:
        raise NotImplementedError


class _FormDialog(_SaveDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

    def add(self, text: str, widget: QWidget, name: str) -> None:
        widget.setAccessibleName(name)
        label = QLabel(text, self)
        label.setBuddy(widget)
        self.form.addRow(label, widget)

    def finish(self) -> None:
        self.form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)
        self.resize(560, self.sizeHint().height())


class _DesignedDialog(_SaveDialog):
    """A dialog from a Designer form with ``messageLabel`` and ``buttonBox``: Save runs ``apply``."""

    def _wire(self, message: QLabel, buttons: QDialogButtonBox) -> None:
        self.message = message
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.resize(self.width(), self.sizeHint().height())


class PolicyDialog(_DesignedDialog):
    """Add or edit an associated policy (forms/policy_dialog.ui)."""

    def __init__(self, session: Session, policy: AssociatedPolicy | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PolicyDialog()
        self.ui.setupUi(self)
        self.setWindowTitle("Edit policy" if policy else "Add a policy")
        self.session = session
        self.policy = policy
        self.name = self.ui.nameEdit
        self.group = self.ui.groupCombo
        self.owner = self.ui.ownerEdit
        self.last_review = self.ui.lastReviewEdit
        self.interval = self.ui.intervalSpin
        for key, text in policies.GROUPS.items():
            self.group.addItem(text, key)
        self.group.setCurrentIndex(max(self.group.findData(policy.group if policy else "training"), 0))
        if policy is not None:
            self.name.setText(policy.name)
            self.owner.setText(policy.owner)
            self.last_review.setText(_for_edit(policy.last_review))
        self.interval.setValue(policy.review_interval_months if policy else DEFAULT_POLICY_INTERVAL_MONTHS)
        self._wire(self.ui.messageLabel, self.ui.buttonBox)
        self.policy_id = policy.id if policy else None

    def apply(self) -> None:
        if self.policy is None:
            self.policy_id = policies.add_policy(
                self.session,
                self.name.text(),
                str(self.group.currentData()),
                self.owner.text(),
                self.last_review.text(),
                self.interval.value(),
            )
        else:
            policies.update_policy(
                self.session,
                self.policy.id,
                name=self.name.text(),
                group=str(self.group.currentData()),
                owner=self.owner.text(),
                last_review=self.last_review.text(),
                interval_months=self.interval.value(),
            )


class VersionDialog(_DesignedDialog):
    """Record a new version of this policy's metadata; the old version stays in the history
    (forms/policy_version_dialog.ui)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PolicyVersionDialog()
        self.ui.setupUi(self)
        self.session = session
        current = policies.current_version(session)
        self.version = self.ui.versionEdit
        self.effective = self.ui.effectiveEdit
        self.reviewed = self.ui.reviewedEdit
        self.next_review = self.ui.nextEdit
        self.note = self.ui.noteEdit
        self.summary = self.ui.summaryEdit
        self.version.setText(_next_version(current.version))
        self.effective.setText(_for_edit(current.effective_date))
        today = date.today()
        self.reviewed.setText(today.strftime("%d/%m/%Y"))
        self.next_review.setText(date(today.year + 1, today.month, min(today.day, 28)).strftime("%d/%m/%Y"))
        self._wire(self.ui.messageLabel, self.ui.buttonBox)

    def apply(self) -> None:
        policies.record_version(
            self.session,
            self.version.text(),
            self.effective.text(),
            self.reviewed.text(),
            self.next_review.text(),
            self.note.text(),
            change_summary=self.summary.toPlainText(),
        )


class ChangeDialog(_FormDialog):
    def __init__(self, session: Session, change: PolicyChange | None, parent: QWidget | None = None) -> None:
        super().__init__("Edit change" if change else "Add a change", parent)
        self.session = session
        self.change = change
        self.issue = QLineEdit(change.issue if change else policies.current_version(session).version, self)
        self.day = QLineEdit(_for_edit(change.date) if change else date.today().strftime("%m/%Y"), self)
        self.day.setPlaceholderText("DD/MM/YYYY or MM/YYYY")
        self.summary = QPlainTextEdit(change.summary if change else "", self)
        self.summary.setTabChangesFocus(True)
        self.add("&Issue:", self.issue, "Issue")
        self.add("&Date:", self.day, "Date")
        self.add("&Summary:", self.summary, "Summary")
        self.finish()

    def apply(self) -> None:
        if self.change is None:
            policies.add_change(self.session, self.issue.text(), self.day.text(), self.summary.toPlainText())
        else:
            policies.update_change(
                self.session, self.change.id, self.issue.text(), self.day.text(), self.summary.toPlainText()
            )


def _next_version(version: str) -> str:
    try:
        return str(int(version) + 1)
    except ValueError:
        return version


class PoliciesPage(QWidget):
    title = "Policies"
    help_text = (
        "This policy's version and review dates with its summary of changes, and the associated policies to read "
        "alongside it, each with an owner and a review interval. Overdue reviews are flagged."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = PolicyRegisterModel(session, self)
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
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
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
            value.setAccessibleName(text.rstrip(":"))
            left.addWidget(value, i, 1)
            self.meta[key] = value
        buttons = QVBoxLayout()
        self.new_version_button = QPushButton("Record a new &version…", box)
        self.add_change_button = QPushButton("A&dd a change…", box)
        self.edit_change_button = QPushButton("Edit the c&hange…", box)
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
        self.tabs.addTab(self.versions_table, "Version &history")
        self.tabs.setMaximumHeight(170)
        row.addWidget(self.tabs, 1)
        self.new_version_button.clicked.connect(self.new_version)
        self.add_change_button.clicked.connect(lambda: self.edit_change(new=True))
        self.edit_change_button.clicked.connect(lambda: self.edit_change(new=False))
        return box

    def refresh_policy(self) -> None:
        v = policies.current_version(self.session)
        self.meta["title"].setText(v.title)
        self.meta["version"].setText(v.version)
        self.meta["effective"].setText(uk_date(v.effective_date, "—"))
        self.meta["reviewed"].setText(uk_date(v.review_date, "—"))
        due = parse_loose(v.next_review)
        flag = ""
        if due is not None and due <= date.today():
            flag = "  — Overdue"
            self.meta["next"].setStyleSheet(
                f"background: {STATUS_BACKGROUND['overdue'].name()}; color: {STATUS_FOREGROUND['overdue'].name()};"
                "font-weight: bold; padding: 1px 4px;"
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
        dialog = VersionDialog(self.session, self)
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
        dialog = ChangeDialog(self.session, change, self)
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
        group_label = QLabel("&Group:", self)
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
        policies.mark_reviewed(self.session, p.id)
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
