"""Action plan: the Annex A header, the editable grid (RAG as text and colour), evidence, history, reviews and
the section-4 duties coverage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.domain.plan import RAG_ORDER, Rag, Review, parse_when
from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import plan
from prevent_desktop.services.session import Session
from prevent_desktop.ui import export_hooks, plan_delegates
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.models import RecordTableModel
from prevent_desktop.ui.pages.base import PageHeading
from prevent_desktop.ui.plan_dialogs import (
    REVIEW_COLUMNS,
    ChecklistDialog,
    CoverageDialog,
    EvidenceDialog,
    HistoryDialog,
    RagDefinitionsDialog,
    ReasonDialog,
    ReviewDialog,
)
from prevent_desktop.ui.plan_model import (
    COL_ACTION,
    COL_AREA,
    COL_RAG,
    RAG_BACKGROUND,
    RAG_FOREGROUND,
    ROW_ID_ROLE,
    ActionPlanModel,
)

_WIPE_ON_QUIT: set[DataPaths] = set()


def _wipe_all_on_quit() -> None:
    for paths in list(_WIPE_ON_QUIT):
        plan.wipe_private_temp(paths)


def _register_private_temp_wipe(page: QWidget, paths: DataPaths) -> None:
    """Wipe the private viewing folder now (leftovers of a crash), when the page goes (lock: the main window is
    deleted) and when the application quits."""
    plan.wipe_private_temp(paths)
    page.destroyed.connect(lambda *_: plan.wipe_private_temp(paths))
    app = QApplication.instance()
    if app is not None and not _WIPE_ON_QUIT:
        app.aboutToQuit.connect(_wipe_all_on_quit)
    _WIPE_ON_QUIT.add(paths)


class PlanPage(QWidget):
    title = "Action plan"
    help_text = (
        "The Prevent Action Plan (Annex A). Edit a cell in place (F2 or type; Enter saves). Changing a RAG rating "
        "asks for a reason; every change is kept in the row's history."
    )
    # The grid's keys, for the F1 help page; the Ctrl+ ones are registered from this list (_build_toolbar).
    keys = (
        ("Ctrl+Up", "Move the current row up"),
        ("Ctrl+Down", "Move the current row down"),
        ("F2 (or start typing)", "Edit the current cell: Enter saves, Shift+Enter starts a new line, Esc cancels"),
    )
    _MOVES: ClassVar[dict[str, int]] = {"Ctrl+Up": -1, "Ctrl+Down": 1}

    def __init__(
        self, session: Session, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today  # the clock due and overdue are worked out by (tests pass a fixed one)
        self.model = ActionPlanModel(session, self, today=today)
        self.reason_dialog: ReasonDialog | None = None
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        # The grid is created first and is a direct child: it is the page's main table.
        self.table = QTableView(self)
        self.heading = PageHeading(self.title, self)
        layout.addWidget(self.heading)
        self.help = QLabel(self.help_text, self)
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        layout.addWidget(self._build_header())
        layout.addLayout(self._build_rag_key())
        layout.addLayout(self._build_toolbar())
        self._setup_table()
        layout.addWidget(self.table, 1)
        self.status = AlertLabel(self, assertive=False)  # what happened ("Header saved."), told as it changes
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        layout.addWidget(self._build_reviews())
        # The grid was made first (see above), so Tab would start there and jump back up to the header: put it where
        # it stands on the screen, after the toolbar and before the reviews.
        QWidget.setTabOrder(self.show_retired, self.table)
        QWidget.setTabOrder(self.table, self.reviews_table)
        self.model.ragChangeRequested.connect(self._on_rag_requested)
        self.model.editRejected.connect(self.status.setText)
        self.model.changed.connect(self.refresh_header)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        _register_private_temp_wipe(self, session.vault.paths)

    # -- building --------------------------------------------------------------------------------------------
    def _build_header(self) -> QGroupBox:
        box = QGroupBox("Annex A header", self)
        grid = QGridLayout(box)
        self.header_edits: dict[str, QLineEdit] = {}
        editable = [
            ("organisation", "Organisatio&n:", 0, 0),
            ("safeguarding_contact", "Safeguarding &contact:", 1, 0),
            ("date_actions_to_be_reviewed", "Date actions to be revie&wed:", 0, 2),
            ("next_review_due", "Ne&xt review due:", 1, 2),
        ]
        for name, text, row, col in editable:
            edit = QLineEdit(box)
            edit.setAccessibleName(plan.HEADER_LABELS[name])
            if name in plan.DATE_HEADER_FIELDS:
                edit.setPlaceholderText("DD/MM/YYYY")
            label = QLabel(text, box)
            label.setBuddy(edit)
            grid.addWidget(label, row, col)
            grid.addWidget(edit, row, col + 1)
            edit.returnPressed.connect(self.save_header)
            self.header_edits[name] = edit
        grid.addWidget(QLabel("Date last updated:", box), 2, 0)
        self.last_updated = QLabel(box)
        self.last_updated.setAccessibleDescription("Date last updated")
        self.last_updated.setToolTip("Maintained automatically on every change and review.")
        grid.addWidget(self.last_updated, 2, 1)
        self.header_flag = QLabel(box)
        self.header_flag.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.header_flag, 2, 2, 1, 2, alignment=Qt.AlignmentFlag.AlignLeft)
        self.save_header_button = QPushButton("&Save header", box)
        self.save_header_button.clicked.connect(self.save_header)
        grid.addWidget(self.save_header_button, 2, 3, alignment=Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.refresh_header()
        return box

    def _build_rag_key(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("RAG key:", self)
        row.addWidget(title)
        self.rag_labels: dict[Rag, QLabel] = {}
        for rag in RAG_ORDER:
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background: {RAG_BACKGROUND[rag].name()}; color: {RAG_FOREGROUND[rag].name()}; "
                "padding: 3px 6px; border-radius: 3px;"
            )
            row.addWidget(label, 1)
            self.rag_labels[rag] = label
        self.definitions_button = QPushButton("Edit de&finitions…", self)
        self.definitions_button.clicked.connect(self.edit_definitions)
        row.addWidget(self.definitions_button)
        self._refresh_rag_key()
        return row

    def _refresh_rag_key(self) -> None:
        for rag, text in plan.rag_definitions(self.session).items():
            self.rag_labels[rag].setText(f"{rag.shown} — {text}")  # its name is its text: the word, then the meaning

    def _build_toolbar(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        self.add_button = QPushButton("&Add action", self)
        self.add_below_button = QPushButton("Add action &below", self)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setToolTip("Move the current row up (Ctrl+Up)")
        self.down_button = QPushButton("Move down", self)
        self.down_button.setToolTip("Move the current row down (Ctrl+Down)")
        self.retire_button = QPushButton("&Retire…", self)
        self.restore_button = QPushButton("Rest&ore", self)
        self.restore_button.setVisible(False)
        self.history_button = QPushButton("Histor&y", self)
        self.evidence_button = QPushButton("&Evidence…", self)
        self.duties_button = QPushButton("Du&ties…", self)
        for b in (self.add_button, self.add_below_button, self.up_button, self.down_button, self.retire_button,
                  self.restore_button, self.history_button, self.evidence_button, self.duties_button):
            first.addWidget(b)
        first.addStretch(1)
        self.review_button = QPushButton("Review the p&lan…", self)
        self.coverage_button = QPushButton("D&uties coverage…", self)
        self.export_button = QPushButton("&Print / export PDF…", self)
        self.show_retired = QCheckBox("Show retire&d rows", self)
        for b in (self.review_button, self.coverage_button, self.export_button):
            second.addWidget(b)
        second.addWidget(self.show_retired)
        second.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        self.add_button.clicked.connect(lambda: self.add_action(below=False))
        self.add_below_button.clicked.connect(lambda: self.add_action(below=True))
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.retire_button.clicked.connect(lambda _checked=False: self.retire())
        self.restore_button.clicked.connect(self.restore)
        self.history_button.clicked.connect(self.show_history)
        self.evidence_button.clicked.connect(self.show_evidence)
        self.duties_button.clicked.connect(self.edit_row_duties)
        self.review_button.clicked.connect(lambda _checked=False: self.review())
        self.coverage_button.clicked.connect(self.show_coverage)
        self.export_button.clicked.connect(
            lambda: export_hooks.request_export(self, self.session, "action-plan")
        )
        self.show_retired.toggled.connect(self._toggle_retired)
        for keys, _what in self.keys:
            if keys in self._MOVES:
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.activated.connect(lambda delta=self._MOVES[keys]: self.move_row(delta))
        return rows

    def _setup_table(self) -> None:
        t = self.table
        t.setModel(self.model)
        t.setAccessibleName("Action plan table")
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        t.setWordWrap(True)
        t.setTabKeyNavigation(False)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.horizontalHeader().setStretchLastSection(False)
        self.delegates = plan_delegates.install(t, plan.rag_definitions(self.session),
                                                plan.contact_choices(self.session))
        self.fit_columns()
        self.model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        em = self.table.fontMetrics().averageCharWidth()  # widths in characters: they follow the text size
        for col, width in ((COL_AREA, 28 * em), (COL_ACTION, 45 * em)):
            if self.table.columnWidth(col) > width:
                self.table.setColumnWidth(col, width)
        self.table.setColumnWidth(COL_RAG, max(self.table.columnWidth(COL_RAG), 15 * em))
        self.table.horizontalHeader().setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

    def _build_reviews(self) -> QGroupBox:
        box = QGroupBox("Reviews of the plan", self)
        layout = QVBoxLayout(box)
        self.reviews_model: RecordTableModel[Review] = RecordTableModel(REVIEW_COLUMNS)
        self.reviews_table = QTableView(box)
        self.reviews_table.setModel(self.reviews_model)
        self.reviews_table.setAccessibleName("Reviews of the plan")
        self.reviews_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviews_table.verticalHeader().setVisible(False)
        self.reviews_table.horizontalHeader().setStretchLastSection(True)
        self.reviews_table.setMaximumHeight(84)
        layout.addWidget(self.reviews_table)
        self.refresh_reviews()
        return box

    # -- state -----------------------------------------------------------------------------------------------
    def refresh_header(self) -> None:
        h = plan.header(self.session)
        for name, edit in self.header_edits.items():
            value = getattr(h, name)
            edit.setText(_date_for_edit(value) if name in plan.DATE_HEADER_FIELDS else value)
        self.last_updated.setText(f"{uk_date(h.date_last_updated, '—')} (kept up to date automatically)")
        flag = plan.header_overdue(self.session, self.today())
        overdue = bool(flag)
        self.header_flag.setText(flag)
        self.header_flag.setStyleSheet(
            f"background: {RAG_BACKGROUND[Rag.RED].name()}; color: {RAG_FOREGROUND[Rag.RED].name()}; "
            "font-weight: bold; padding: 2px 6px;" if overdue else ""
        )

    def refresh_reviews(self) -> None:
        self.reviews_model.set_rows(plan.reviews(self.session))
        self.reviews_table.resizeColumnsToContents()

    def current_row_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.data(self.model.index(index.row(), 0), ROW_ID_ROLE))

    def select_row_id(self, row_id: int, column: int = COL_AREA) -> None:
        row = self.model.row_of(row_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _update_buttons(self) -> None:
        row_id = self.current_row_id()
        has = row_id is not None
        retired = has and bool(self.model.row_record(self.model.row_of(row_id)).retired_at)  # type: ignore[arg-type]
        for b in (self.history_button, self.evidence_button):
            b.setEnabled(has)
        for b in (self.add_below_button, self.up_button, self.down_button, self.retire_button, self.duties_button):
            b.setEnabled(has and not retired)
        self.restore_button.setVisible(self.model.include_retired)
        self.restore_button.setEnabled(retired)

    def _toggle_retired(self, on: bool) -> None:
        self.model.set_include_retired(on)
        self._update_buttons()

    def say(self, text: str) -> None:
        self.status.setText(text)

    # -- actions ---------------------------------------------------------------------------------------------
    def save_header(self) -> None:
        try:
            plan.update_header(self.session, **{k: e.text() for k, e in self.header_edits.items()})
        except KnownError as exc:
            self.say(str(exc))
            return
        self.refresh_header()
        self.say("Header saved.")

    def _on_rag_requested(self, row_id: int, old: str, new: str) -> None:
        # After the editor has closed: a modal prompt while the editor is committing would re-enter it.
        QTimer.singleShot(0, lambda: self.ask_rag_reason(row_id, old, new))

    def ask_rag_reason(self, row_id: int, old: str, new: str, draft: Draft | None = None) -> None:
        record = plan.row(self.session, row_id)
        dialog = ReasonDialog(
            "Reason for the RAG change",
            f"Row {record.no} ({record.area}): {Rag(old).shown} → {Rag(new).shown}. Why is the rating changing?",
            self, session=self.session, kind="plan.rag_reason", context={"row_id": row_id, "old": old, "new": new},
            draft=draft,
        )
        self.reason_dialog = dialog

        def done(result: int) -> None:
            self.reason_dialog = None
            if result == QDialog.DialogCode.Accepted and self.model.apply_rag(row_id, new, dialog.text()):
                self.say(f"Row {record.no} rated {Rag(new).shown}; the reason is in its history.")
            elif result != QDialog.DialogCode.Accepted:
                self.say("RAG not changed: a reason is needed.")
            dialog.deleteLater()
            self.select_row_id(row_id, COL_RAG)
            self.table.setFocus()

        dialog.finished.connect(done)
        dialog.open()
        dialog.reason.setFocus()

    def add_action(self, below: bool) -> None:
        current = self.current_row_id()
        if below and current is not None:
            area = plan.row(self.session, current).area
            new_id = plan.add_row(self.session, area, after_row_id=current)
        else:
            new_id = plan.add_row(self.session, "New area")
        self.model.reload()
        self.refresh_header()
        self.select_row_id(new_id, COL_ACTION if below else COL_AREA)
        self.table.setFocus()
        self.say("Action added: type its details in the row.")

    def move_row(self, delta: int) -> None:
        row_id = self.current_row_id()
        if row_id is None:
            return
        column = self.table.currentIndex().column()
        if plan.move_row(self.session, row_id, delta):
            self.model.reload()
            self.refresh_header()
            self.select_row_id(row_id, column)

    def retire(self, draft: Draft | None = None) -> ReasonDialog | None:
        row_id = int(draft.context["row_id"]) if draft is not None else self.current_row_id()
        if row_id is None:
            return None
        record = plan.row(self.session, row_id)
        dialog = ReasonDialog(
            "Retire row",
            f"Retire row {record.no} ({record.area})? It leaves the plan but keeps its history and evidence.",
            self, session=self.session, kind="plan.retire", context={"row_id": row_id}, draft=draft,
            action=lambda text: plan.retire_row(self.session, row_id, text),
        )
        self.retire_dialog = dialog

        def done() -> None:
            self.model.reload()
            self.refresh_header()
            self.say(f"Row {record.no} retired.")

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def restore(self) -> None:
        row_id = self.current_row_id()
        if row_id is None:
            return
        record = plan.row(self.session, row_id)
        if not record.retired_at:
            return
        plan.restore_row(self.session, row_id)
        self.model.reload()
        self.refresh_header()
        self.select_row_id(row_id)
        self.say(f"Row {record.no} restored to the plan.")

    def show_history(self) -> None:
        row_id = self.current_row_id()
        if row_id is not None:
            self.dialog = HistoryDialog(self.session, row_id, self)
            self.dialog.open()

    def show_evidence(self) -> None:
        row_id = self.current_row_id()
        if row_id is None:
            return
        dialog = EvidenceDialog(self.session, row_id, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._after_evidence(row_id))
        dialog.open()

    def _after_evidence(self, row_id: int) -> None:
        self.model.refresh_row(row_id)
        self.refresh_header()

    def edit_row_duties(self) -> None:
        row_id = self.current_row_id()
        if row_id is None:
            return
        record = plan.row(self.session, row_id)
        items = [(d.id, f"{d.title} — {d.description}", d.id in record.duties) for d in plan.duties(self.session)]
        dialog = ChecklistDialog(
            "Duties evidenced", f"Which section-4 duties does row {record.no} ({record.area}) evidence?", items, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            plan.set_row_duties(self.session, row_id, dialog.checked())
            self.refresh_header()
            self.say("Duties saved.")

    def review(self, draft: Draft | None = None) -> None:
        dialog = ReviewDialog(self.session, self, draft=draft)
        self.dialog = dialog

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.model.reload()
                self.refresh_header()
                self.refresh_reviews()
                self.say("Review recorded.")

        dialog.finished.connect(done)
        dialog.open()

    def _after_coverage(self) -> None:
        self.model.reload()
        self.refresh_header()

    def show_coverage(self) -> None:
        self.dialog = CoverageDialog(self.session, self)
        self.dialog.finished.connect(lambda _r: self._after_coverage())
        self.dialog.open()

    def edit_definitions(self) -> None:
        dialog = RagDefinitionsDialog(self.session, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._refresh_rag_key()
            definitions = plan.rag_definitions(self.session)
            for d in self.delegates:
                if isinstance(d, plan_delegates.RagDelegate):
                    d.definitions = definitions
            self.model.reload()


def _date_for_edit(value: str) -> str:
    try:
        return parse_when(value).editable
    except ValueError:
        return value
