"""Cases: every concern, referral and outcome. Full-text search, filters and a lazy list (fast with 100,000)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import categories, guidance
from prevent_desktop.services.session import Session
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.case_models import CaseListModel
from prevent_desktop.ui.pages.base import PageHeading
from prevent_desktop.ui.workers import NEXT_TURN_MS, reading_vault

COMBO_CHARS = 20  # the filters' shortest shown width, in characters


class CasesPage(QWidget):
    title = "Cases"
    help_text = (
        "Every Prevent concern, referral, action and outcome is kept here, even a false alarm (policy 3.13)."
    )
    vault_damaged = Signal()  # the count read a page that fails its check (the owner locks and says so)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(PageHeading(self.title, self))
        help_label = QLabel(self.help_text, self)
        help_label.setWordWrap(True)
        layout.addWidget(help_label)

        actions = QHBoxLayout()
        self.new_button = QPushButton("&Log a concern…", self)
        self.new_button.setObjectName("logConcernButton")
        self.new_button.clicked.connect(self.log_concern)
        self.open_button = QPushButton("&Open case", self)
        self.open_button.setObjectName("openCaseButton")
        self.open_button.clicked.connect(self.open_selected)
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        self.summary_button = QPushButton("Annual su&mmary…", self)  # ui/annual_summary_dialog.py
        self.summary_button.setObjectName("annualSummaryButton")
        self.summary_button.clicked.connect(self.annual_summary)
        actions.addWidget(self.summary_button)
        layout.addLayout(actions)

        grid = QGridLayout()
        layout.addLayout(grid)

        def labelled(text: str, widget: QWidget, row: int, col: int, name: str) -> None:
            lab = QLabel(text, self)
            lab.setBuddy(widget)
            widget.setAccessibleName(name)
            grid.addWidget(lab, row, col)
            grid.addWidget(widget, row, col + 1)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Names, words in concerns, notes or the chronology")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Every word must match, as the start of a word. The case with the most recently "
                               "written matching text comes first.")
        labelled("&Search:", self.search, 0, 0, "Search cases")
        self.status = QComboBox(self)
        self.status.addItem("Any status", "")
        for key, label in rules.STATUSES.items():
            self.status.addItem(label, key)
        labelled("St&atus:", self.status, 0, 2, "Filter by status")
        self.role = QComboBox(self)
        self.role.addItem("Any role", "")
        for rid, label in guidance.subject_roles(session):
            self.role.addItem(label, rid)
        labelled("&Role:", self.role, 0, 4, "Filter by role")
        self.date_from = QLineEdit(self)
        self.date_from.setPlaceholderText("DD/MM/YYYY")
        labelled("&From:", self.date_from, 1, 0, "Concerns from date")
        self.date_to = QLineEdit(self)
        self.date_to.setPlaceholderText("DD/MM/YYYY")
        labelled("&To:", self.date_to, 1, 2, "Concerns up to date")
        self.overdue = QCheckBox("Review overd&ue", self)
        self.overdue.setAccessibleName("Only cases with an overdue review")
        grid.addWidget(self.overdue, 1, 4, 1, 2)
        self.category = QComboBox(self)  # the concern category filter ("" = not recorded; None = any)
        self.category.addItem("Any type", None)
        for cid, label in categories.choices(session):
            self.category.addItem(label, cid)
        for c in categories.categories(session).items:
            if c.retired:
                self.category.addItem(f"{c.label} (retired)", c.id)
        labelled("T&ype of concern:", self.category, 2, 0, "Filter by type of concern")
        for combo in (self.status, self.role, self.category):
            # Each may shorten its shown choice (its list shows every label whole): the long concern types made
            # the page 1,038 px wide, wider than the main window leaves it at 1366×768 (it scrolled sideways).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(COMBO_CHARS)
        self.count_label = AlertLabel("", self, assertive=False)  # "12 case(s) match": told as it changes
        self.count_label.setAccessibleDescription("Number of cases shown")
        layout.addWidget(self.count_label)

        self.model = CaseListModel(session, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Reference, Person, Role, Status, Date of concern, Next review; Type of concern takes the rest. At the main
        # window's default size (1180 px, for a 1366×768 laptop) that leaves the type ~140 px: two lines, no
        # sideways scrolling (the widths before left it ~85 px and the table scrolled).
        for col, width in enumerate((110, 180, 95, 205, 115, 95)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda index: self.open_case(self.model.case_id(index.row())))
        self.table.activated.connect(lambda index: self.open_case(self.model.case_id(index.row())))
        layout.addWidget(self.table, 1)

        # The count line follows the rows by a turn of the event loop: the list paints first (the count of a
        # whole 100,000-case vault reads ~7 ms of index pages; at unlock and at each search the rows matter first).
        self.counting = QTimer(self)
        self.counting.setSingleShot(True)
        self.counting.setInterval(NEXT_TURN_MS)
        self.counting.timeout.connect(self._show_count)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(250)
        self.debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.debounce.start)
        self.date_from.editingFinished.connect(self.apply_filter)
        self.date_to.editingFinished.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.role.currentIndexChanged.connect(self.apply_filter)
        self.overdue.toggled.connect(self.apply_filter)
        self.category.currentIndexChanged.connect(self.apply_filter)
        self.apply_filter()

    def current_filter(self) -> CaseFilter:
        def iso(edit: QLineEdit, what: str) -> str:
            return rules.parse_date(edit.text(), what).isoformat() if edit.text().strip() else ""

        return CaseFilter(
            query=self.search.text(),
            status=str(self.status.currentData() or ""),
            role=str(self.role.currentData() or ""),
            overdue_review=self.overdue.isChecked(),
            date_from=iso(self.date_from, "From"),
            date_to=iso(self.date_to, "To"),
            today=date.today().isoformat(),
            category=self.category.currentData(),
        )

    def apply_filter(self) -> None:
        self.debounce.stop()
        try:
            f = self.current_filter()
        except KnownError as exc:
            self.count_label.setText(str(exc))
            return
        self.model.set_filter(f)
        self.counting.start()

    def _show_count(self) -> None:
        if not self.session.vault.is_open:  # locked meanwhile
            return
        text = reading_vault(self.vault_damaged, lambda: self.count_text(self.model.filter))
        if text is not None:
            self.count_label.setText(text)

    def count_text(self, f: CaseFilter) -> str:
        """"1,234 case(s)" for the whole list; a filtered count stops at the model's cap ("500+ cases match"),
        so a common search word never makes the window wait for a count of the whole vault."""
        if f == CaseFilter(today=f.today):
            return f"{self.model.total():,} case(s)"
        cap = self.model.COUNT_CAP
        total = self.model.total(cap)
        text = f"{cap:,}+ cases match" if total > cap else f"{total:,} case(s) match"
        # Search results are not in date order: say which order they are in.
        return text + (", most recently written first" if f.query.strip() and total > 1 else "")

    def refresh(self) -> None:
        self.apply_filter()

    def focus_search(self) -> bool:
        """Ctrl+F (the main window's Find)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def selected_case(self) -> int | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int) -> None:
        from prevent_desktop.ui.case_view import CaseView

        view = CaseView(self.session, case_id, self)
        self.case_view = view
        view.finished.connect(lambda _r: self.refresh())
        view.open()

    def log_concern(self) -> None:
        from prevent_desktop.ui.log_concern import LogConcernDialog

        dialog = LogConcernDialog(self.session, self)
        self.concern_dialog = dialog

        def done() -> None:
            self.refresh()
            if dialog.case_id is not None:
                self.open_case(dialog.case_id)

        dialog.accepted.connect(done)
        dialog.open()

    def annual_summary(self) -> None:
        from prevent_desktop.ui.annual_summary_dialog import choose_year_and_export

        self.summary_dialog = choose_year_and_export(self, self.session)

    def clear(self) -> None:
        self.search.clear()
