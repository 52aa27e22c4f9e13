"""The case page: a header (reference, person, age and the under-18 flag, the status as words on a badge, the next
step as a sentence with its button), the chronology beside the sections (concern, routing and contacts, referral
completeness with links to each gap, decisions, outcomes, reviews, tasks, documents) and the person's history.

The static parts are ``forms/case_view.ui``; what a case holds is filled in here from one read model
(``services.cases.queries.case_page``). The status and the next step are the status rule's
(``domain/case_status.py``). Nothing here deletes anything: a closed case keeps taking notes, addenda and files
(policy 3.13) and is reopened with a reason. Keyboard first: every action is a button with a unique mnemonic, Tab
follows the reading order (header, chronology, then the page) and leaves the tables (arrow keys move within them).
Each record dialog keeps what is typed as a draft in the vault (``ui/draft_keeper.py``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain import dates
from prevent_desktop.domain.case_records import CaseDetail, CaseOverview, DocumentLine
from prevent_desktop.domain.case_status import NextStep
from prevent_desktop.domain.dates import uk_date, uk_datetime
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.domain.files import MAX_FILE_BYTES, MEGABYTE
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import attachments as case_files
from prevent_desktop.services.cases import guidance
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.session import Session
from prevent_desktop.ui import export_hooks
from prevent_desktop.ui.case_models import ChronologyModel
from prevent_desktop.ui.case_tasks import CaseTasksPanel
from prevent_desktop.ui.category_picker import change_category
from prevent_desktop.ui.draft_keeper import DraftKeeper
from prevent_desktop.ui.file_viewer import FileViewer, SaveCopy
from prevent_desktop.ui.flow_layout import wrap_row
from prevent_desktop.ui.forms.ui_case_view import Ui_CaseView
from prevent_desktop.ui.log_concern import plain_label
from prevent_desktop.ui.models import Column, RecordTableModel

ERROR_STYLE = "QLabel { color: #8b0000; font-weight: bold; }"
BADGE = "QLabel {{ background: {bg}; color: {fg}; border: 1px solid {fg}; border-radius: 4px; padding: 2px 8px; " \
        "font-weight: bold; }}"
# The badge's colours by kind of status; the badge always says the status in words (colour is never the only
# signal).
BADGE_COLOURS = {
    "waiting": ("#fff3cd", "#664d03"),  # something is needed from the DSO or an answer is awaited
    "active": ("#cfe2ff", "#084298"),  # support or monitoring under way
    "closed": ("#e2e3e5", "#41464b"),
    "under18": ("#f8d7da", "#842029"),
}
GAPS_SHOWN = 8  # the referral's missing items listed on the page; the wizard's Completeness page lists them all
WAITING = frozenset({"concern", "drafting", "ready", "referred", "reopened"})

DOCUMENT_COLUMNS: list[Column[DocumentLine]] = [
    Column("Kind", lambda d: d.kind),
    Column("Document", lambda d: d.title),
    Column("When", lambda d: uk_datetime(d.when) if d.when else ""),
    Column("By", lambda d: d.by),
    Column("Note", lambda d: d.note),
]


def badge_style(kind: str) -> str:
    bg, fg = BADGE_COLOURS[kind]
    return BADGE.format(bg=bg, fg=fg)


def line(text: str, parent: QWidget, *, bold: bool = False) -> QLabel:
    """One line of a section: plain text (markup shows as typed), wrapped, selectable with the mouse."""
    label = plain_label(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def in_layout_order(widget: QWidget) -> Iterator[QWidget]:
    """``widget`` and everything laid out in it, in reading order (layouts, splitters, tabs and scroll areas)."""
    yield widget
    children: list[QWidget | None] = []
    if isinstance(widget, QScrollArea):
        children = [widget.widget()]
    elif isinstance(widget, QTabWidget):
        children = [widget.tabBar(), *(widget.widget(i) for i in range(widget.count()))]  # tabs, then pages
    elif isinstance(widget, QSplitter):
        children = [widget.widget(i) for i in range(widget.count())]
    else:
        layout = widget.layout()
        if layout is not None:
            yield from _layout_order(layout)
    for child in children:
        if child is not None:
            yield from in_layout_order(child)


def _layout_order(layout: QLayout) -> Iterator[QWidget]:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if (widget := item.widget()) is not None:
            yield from in_layout_order(widget)
        elif (inner := item.layout()) is not None:
            yield from _layout_order(inner)


class RecordDialog(QDialog):
    """A small form: an optional choice, an optional date and a mandatory text; ``action`` saves it (``confirm``,
    given the choice, may ask first). What is typed is kept as a draft of ``kind`` about ``case_id``
    (``context``: the entry or review it is for)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        *,
        choices: dict[str, str] | None = None,
        choice_label: str = "&Kind:",
        date_label: str | None = "Da&te:",
        text_label: str = "&Reason:",
        action: Callable[[str, str, str], object],
        session: Session,
        kind: str,
        case_id: int,
        context: dict[str, int] | None = None,
        draft: Draft | None = None,
        intro: str = "",
        confirm: Callable[[QWidget, str], QMessageBox | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.action = action
        self.confirm = confirm
        self.question: QMessageBox | None = None  # the confirmation asked before saving, while it is open
        layout = QVBoxLayout(self)
        if intro:
            note = plain_label(intro, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        layout.addLayout(form)
        self.choice = QComboBox(self)
        if choices:
            for key, label in choices.items():
                self.choice.addItem(label, key)
            lab = QLabel(choice_label, self)
            lab.setBuddy(self.choice)
            self.choice.setAccessibleName(choice_label.replace("&", "").rstrip(":"))
            form.addRow(lab, self.choice)
        else:
            self.choice.setVisible(False)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("DD/MM/YYYY (empty = today)")
        if date_label:
            lab = QLabel(date_label, self)
            lab.setBuddy(self.date)
            self.date.setAccessibleName(date_label.replace("&", "").rstrip(":"))
            form.addRow(lab, self.date)
        else:
            self.date.setVisible(False)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        lab = QLabel(text_label, self)
        lab.setBuddy(self.text)
        self.text.setAccessibleName(text_label.replace("&", "").rstrip(":"))
        form.addRow(lab, self.text)
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fields: dict[str, QWidget] = {"text": self.text}
        if choices:
            fields["choice"] = self.choice
        if date_label:
            fields["date"] = self.date
        self.keeper = DraftKeeper(self, session, kind, fields, case_id=case_id, context=context)
        self.keeper.failed.connect(self.error.setText)
        if draft is not None:
            self.keeper.restore(draft)

    def save(self) -> None:
        """Save what is typed; where ``confirm`` has a question for the choice, ask it first (window-modal, not a
        nested event loop) and save only when its accept button is pressed."""
        choice = str(self.choice.currentData() or "")
        box = self.confirm(self, choice) if self.confirm is not None else None
        if box is None:
            self._commit(choice)
            return
        self.question = box
        accept = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        box.buttonClicked.connect(lambda b: self._commit(choice) if b is accept else None)
        box.open()

    def _commit(self, choice: str) -> None:
        try:
            self.action(choice, self.date.text(), self.text.toPlainText())
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        self.keeper.finish()
        self.accept()

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper.allow_close():
            super().reject()


def nfa_question(parent: QWidget) -> QMessageBox:
    """Asked before "No further action (false alarm)" is recorded (Cancel is the default)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, "Close the case as a false alarm?",
        f"Record “{rules.DECISIONS['nfa']}”?\n\nThis closes the case. It stays on record (policy 3.13: kept even "
        "when it was a false alarm); notes, addenda and files can still be added, and it can be reopened with a "
        "reason if new information needs action.",
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    record = box.addButton("&Record and close the case", QMessageBox.ButtonRole.AcceptRole)
    record.setObjectName("recordNfaButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def confirm_nfa(parent: QWidget, kind: str) -> QMessageBox | None:
    """The question to ask before recording decision ``kind`` (None: record it straight away)."""
    return nfa_question(parent) if kind == "nfa" else None


class AttachDialog(QDialog):
    """Attach a file to the case: which file, and an optional note about it (kept as a draft as it is typed)."""

    choose_file: Callable[[QWidget], str] = staticmethod(  # type: ignore[assignment,unused-ignore]
        lambda parent: QFileDialog.getOpenFileName(parent, "Attach a file to the case")[0]
    )

    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None,
                 draft: Draft | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.attachment_id: int | None = None
        self.setWindowTitle("Attach a file")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = plain_label(
            f"The file is stored encrypted in the vault with this case (at most {MAX_FILE_BYTES // MEGABYTE} MB) "
            "and listed under Documents. Images, PDFs and text are shown inside the app.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setAccessibleName("The file to attach")
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        lab = QLabel("&File:", self)
        lab.setBuddy(self.path)
        form.addRow(lab, row)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note about the file (optional)")
        lab = QLabel("&Note about the file (optional):", self)
        lab.setBuddy(self.note)
        form.addRow(lab, self.note)
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Attach")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keeper = DraftKeeper(self, session, "case.attachment", {"path": self.path, "note": self.note},
                                  case_id=case_id)
        self.keeper.failed.connect(self.error.setText)
        if draft is not None:
            self.keeper.restore(draft)

    def browse(self) -> None:
        chosen = type(self).choose_file(self)
        if chosen:
            self.path.setText(chosen)

    def save(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.error.setText("Choose the file to attach (Browse…).")
            return
        try:
            self.attachment_id = case_files.attach_path(self.session, self.case_id, Path(text),
                                                        self.note.toPlainText())
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        except OSError:
            self.error.setText("That file could not be read; nothing was attached. Check the name and try again.")
            return
        self.keeper.finish()
        self.accept()

    def reject(self) -> None:
        if self.keeper.allow_close():
            super().reject()


class CaseView(QDialog):
    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.ui = Ui_CaseView()
        self.ui.setupUi(self)
        for row in ("chronologyButtons", "concernBoxButtons", "referralBoxButtons", "decisionsBoxButtons",
                    "outcomesBoxButtons", "reviewsBoxButtons", "documentsButtons"):
            wrap_row(getattr(self.ui, row))  # rows of buttons wrap: they fit at any width and text size
        self.resize(1320, 700)
        ui = self.ui
        self.tabs = ui.pageTabs
        self.tabs.setAccessibleName("Case page and history")
        # The tab bar is the stop, not the tab widget (a stop whose focus proxy sits elsewhere made Tab loop); the tab
        # widget passes its policy on to the bar, so the bar's is set after it.
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.closed_note = ui.closedNote
        self.entry_text = ui.entryText
        self.referral_button = ui.referralButton
        self.decision_button = ui.decisionButton
        self.outcome_button = ui.outcomeButton
        self.note_button = ui.noteButton
        self.addendum_button = ui.addendumButton
        self.review_button = ui.reviewButton
        self.close_button = ui.closeButton
        self.attach_button = ui.attachButton
        self.view_button = ui.viewButton
        self.pack_button = ui.packButton
        self.file_button = ui.fileButton
        self.category_button = ui.categoryButton
        self.next_button = ui.nextStepButton
        font = ui.refLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        ui.refLabel.setFont(font)
        ui.ageBadge.setStyleSheet(badge_style("under18"))
        bold = ui.nextStepLabel.font()
        bold.setBold(True)
        ui.nextStepLabel.setFont(bold)
        self.chron_model = ChronologyModel(self)
        self.chron_table = ui.chronTable
        self.chron_table.setModel(self.chron_model)
        self.chron_table.verticalHeader().setVisible(False)
        self.chron_table.horizontalHeader().setStretchLastSection(True)
        self.chron_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.chron_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.entry_text.setPlainText(self._entry_full(cur.row()))
        )
        self.documents = RecordTableModel(DOCUMENT_COLUMNS, parent=self)
        self.documents_table = ui.documentsTable
        self.documents_table.setModel(self.documents)
        self.documents_table.verticalHeader().setVisible(False)
        self.documents_table.horizontalHeader().setStretchLastSection(True)
        self.documents_table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.documents_table.activated.connect(lambda _i: self.view_selected())
        ui.chronologyLayout.setStretchFactor(self.chron_table, 3)
        ui.chronologyLayout.setStretchFactor(self.entry_text, 2)
        ui.mainSplitter.setStretchFactor(0, 4)
        ui.mainSplitter.setStretchFactor(1, 5)
        ui.mainSplitter.setSizes([580, 720])
        self.tasks = CaseTasksPanel(session, case_id, self)  # the case's to-do list (services.cases.tasks)
        ui.tasksContent.addWidget(self.tasks)
        self.gap_button = ui.gapButton  # opens the referral at the first item still needed
        self.tasks.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        for button, slot in (
            (self.next_button, self.do_next_step), (self.referral_button, self.open_wizard),
            (self.decision_button, self.add_decision), (self.outcome_button, self.add_outcome),
            (self.note_button, self.add_note), (self.addendum_button, self.add_addendum),
            (self.review_button, self.complete_review), (self.close_button, self.close_or_reopen),
            (self.attach_button, self.attach_file), (self.view_button, self.view_selected),
            (self.pack_button, self.referral_pack), (self.file_button, self.case_file),
            (self.category_button, self.change_category), (self.gap_button, self.go_to_first_gap),
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())  # the actions' draft is not `checked`
        self.viewer: FileViewer | None = None
        for button in self.findChildren(QPushButton):  # a page, not a form: Enter in a field presses no button
            button.setAutoDefault(False)
        self.refresh()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- reading the case -------------------------------------------------------------------------
    def _entry_full(self, row: int) -> str:
        if row < 0 or row >= self.chron_model.rowCount():
            return ""
        e = self.chron_model.entry(row)
        when = f"Happened {uk_date(e.occurred_at[:10])}; recorded {uk_datetime(e.recorded_at)}"
        return f"No. {e.id} — {when} — {e.author}\n\n{e.text}"

    def refresh(self) -> None:
        page = case_queries.case_page(self.session, self.case_id, dates.today())
        self.page: CaseOverview = page
        self.detail: CaseDetail = page.detail
        self._header(page)
        self._sections(page)
        selected = self.chron_table.currentIndex().row()
        self.chron_model.set_entries(list(page.detail.chronology))
        self.chron_table.resizeColumnsToContents()
        if self.chron_table.columnWidth(5) > 420:
            self.chron_table.setColumnWidth(5, 420)
        rows = self.chron_model.rowCount()
        if rows:  # a current entry, shown in full below (the newest when none was chosen yet)
            self.chron_table.selectRow(selected if 0 <= selected < rows else rows - 1)
        self.documents.set_rows(page.documents)
        self.documents_table.resizeColumnsToContents()
        if self.documents.rowCount():  # a table given the focus shows where it is
            self.documents_table.setCurrentIndex(self.documents.index(0, 0))
        self._history(page)
        self._order_tabs()

    def _header(self, page: CaseOverview) -> None:
        d, ui = page.detail, self.ui
        p = d.person
        ui.refLabel.setText(d.ref)
        age = f"aged {p.age_at_concern} at the concern" if p.age_at_concern is not None else "age not known"
        ui.personLabel.setText(f"{p.forenames} {p.surname} · {p.role_label} · {age}")
        ui.ageBadge.setVisible(p.under_18)
        kind = "closed" if d.status == "closed" else "waiting" if d.status in WAITING else "active"
        ui.statusBadge.setText(f"Status: {d.status_label}")
        ui.statusBadge.setStyleSheet(badge_style(kind))
        step: NextStep = page.next_step
        ui.nextStepLabel.setText(f"Next step: {step.text}.")
        ui.nextStepLabel.setStyleSheet(ERROR_STYLE if step.overdue else "")
        self.next_button.setText(f"&Next step: {step.button}")
        closed = d.status == "closed"
        state = page.state
        if closed:
            when = f" on {uk_date(state.closed_on)}" if state.closed_on else ""
            ui.closedNote.setText(
                f"This case was closed{when}. It is kept (policy 3.13): notes, addenda and files can still be added. "
                "Reopen it with a reason to record a decision or an outcome.")
        elif d.status == "reopened":
            ui.closedNote.setText(f"Reopened on {uk_date(state.reopened_on)}: the reason is in the chronology.")
        ui.closedNote.setVisible(closed or d.status == "reopened")
        for b in (self.decision_button, self.outcome_button):
            b.setEnabled(not closed)
        self.close_button.setText("Reopen c&losed case…" if closed else "C&lose case…")
        self.referral_button.setText("&Referral (read-only)…" if closed else "&Referral…")
        self.review_button.setEnabled(any(not r.done_on for r in d.reviews))

    def _sections(self, page: CaseOverview) -> None:
        d, ui = page.detail, self.ui
        # Concern
        box = ui.concernContent
        clear(box)
        raised = f"{d.referrer.name or 'not named'} ({d.referrer.role_label})"
        box.addWidget(line(f"Date of concern: {uk_date(d.opened_at)} · raised by {raised}", self))
        box.addWidget(line("Immediate danger reported: YES" if d.immediate_danger
                           else "Immediate danger reported: no", self, bold=d.immediate_danger))
        dob = uk_date(d.person.dob, "not known")
        box.addWidget(line(f"Born {dob}" + (" — UNDER 18 at the date of concern" if d.person.under_18 else ""),
                           self))
        box.addWidget(line(f"Type of concern: {d.category_label or 'Not recorded'}", self))
        box.addWidget(line("What happened:", self, bold=True))
        box.addWidget(line(d.concern_text, self))
        if d.other_cases:
            box.addWidget(line(f"Repeat concern: this person also has {', '.join(d.other_cases)} (see History).",
                               self, bold=True))
        # Routing and contacts
        box = ui.routingContent
        clear(box)
        r = d.routing
        if r is None:
            box.addWidget(line("No routing rule in the organisation profile matches this person and raiser.", self))
        else:
            if r.precedence_note:
                box.addWidget(line(f"Precedence: {r.precedence_note}", self, bold=True))
            box.addWidget(line("Refer to: " + ", ".join(r.refer_to), self))
            box.addWidget(line("Reviewed by: " + ", ".join(r.reviewers), self))
            for c in r.contacts:
                box.addWidget(line(f"• {guidance.contact_line(c)}", self))
        # Referral completeness, each gap a link to its field in the referral
        box = ui.referralContent
        clear(box)
        self.gap_button.setVisible(bool(d.gaps))
        self.gap_button.setAccessibleDescription(f"Opens the referral at: {d.gaps[0].label}" if d.gaps else "")
        if not d.gaps:
            box.addWidget(line(f"Referral form {d.form_version}: complete.", self))
        else:
            box.addWidget(line(f"Referral form {d.form_version}: {len(d.gaps)} item(s) still needed:", self))
            for gap in d.gaps[:GAPS_SHOWN]:
                box.addWidget(line(f"• {gap.label}", self))
            if len(d.gaps) > GAPS_SHOWN:
                box.addWidget(line(f"… and {len(d.gaps) - GAPS_SHOWN} more (the referral's Completeness page "
                                   "lists every one, each a link to its question).", self))
        if d.ready_at:
            ready = f"Marked ready on {uk_date(d.ready_at[:10])}."
            box.addWidget(line(ready + (f" Items not provided, because: {d.ready_reason}" if d.ready_reason else ""),
                               self))
        # Decisions, outcomes, reviews
        box = ui.decisionsContent
        clear(box)
        for x in d.decisions:
            box.addWidget(line(f"{uk_date(x.decided_on)} — {x.label} (by {x.decided_by}). Reason: {x.reason}", self))
        if not d.decisions:
            box.addWidget(line("No decision recorded yet.", self))
        box = ui.outcomesContent
        clear(box)
        for o in d.outcomes:
            box.addWidget(line(f"{uk_date(o.outcome_on)} — {o.label}" + (f". {o.notes}" if o.notes else ""), self))
        if not d.outcomes:
            box.addWidget(line("No outcome recorded yet.", self))
        box = ui.reviewsContent
        clear(box)
        today = dates.today().isoformat()
        for rv in d.reviews:
            if rv.done_on:
                text = f"{rv.label}: done {uk_date(rv.done_on)} by {rv.done_by}. {rv.notes}"
            else:
                text = f"{rv.label}: due {uk_date(rv.due_on)}" + (" — OVERDUE" if rv.due_on < today else "")
            box.addWidget(line(text, self, bold=not rv.done_on and rv.due_on < today))
        if not d.reviews:
            box.addWidget(line("No reviews scheduled (an exit from support schedules the 6- and 12-month reviews).",
                               self))

    def _history(self, page: CaseOverview) -> None:
        lines = [f"{len(page.history)} case(s) about this person, oldest first:"]
        for c in page.history:
            this = " (this case)" if c.id == self.case_id else ""
            lines.append(f"• {c.ref}{this}  opened {uk_date(c.opened_at)}  {c.status_label}: {c.summary}")
            lines += [f"    {s}" for s in c.steps]
        self.ui.historyText.setPlainText("\n".join(lines))

    def _order_tabs(self) -> None:
        """Tab follows the reading order, also through the widgets made for this case (the gaps' links, the tasks):
        the header, the chronology, then the page's sections from the top."""
        stops = [w for w in in_layout_order(self) if w is not self
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]
        for before, after in itertools.pairwise(stops):
            QWidget.setTabOrder(before, after)

    # --- actions ---------------------------------------------------------------------------------
    def do_next_step(self) -> object:
        actions: dict[str, Callable[[], object]] = {
            "decision": self.add_decision, "referral": self.open_wizard, "outcome": self.add_outcome,
            "review": self.complete_review, "reopen": self.reopen_case,
        }
        return actions[self.page.next_step.action]()

    def open_wizard(self) -> None:
        from prevent_desktop.ui.wizard import ReferralWizard

        wizard = ReferralWizard(self.session, self.case_id, self)
        self.wizard = wizard
        wizard.finished.connect(lambda _r: self.refresh())
        wizard.open()

    def go_to_first_gap(self) -> None:
        if self.detail.gaps:
            gap = self.detail.gaps[0]
            self.jump_to(gap.page, gap.item)

    def jump_to(self, page: str, item: str) -> None:
        """Open the referral at the page and field a gap names."""
        self.open_wizard()
        self.wizard.go_to(page, item)

    def _dialog(self, dialog: QDialog) -> QDialog:
        self.record_dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def _record(
        self, title: str, kind: str, draft: Draft | None, context: dict[str, int] | None = None, *,
        action: Callable[[str, str, str], object], choices: dict[str, str] | None = None,
        choice_label: str = "&Kind:", date_label: str | None = "Da&te:", text_label: str = "&Reason:",
        intro: str = "", confirm: Callable[[QWidget, str], QMessageBox | None] | None = None,
    ) -> RecordDialog:
        dialog = RecordDialog(
            title, self, choices=choices, choice_label=choice_label, date_label=date_label, text_label=text_label,
            action=action, session=self.session, kind=kind, case_id=self.case_id, context=context, draft=draft,
            intro=intro, confirm=confirm,
        )
        self._dialog(dialog)
        return dialog

    def add_decision(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Record a decision", "case.decision", draft, choices=rules.DECISIONS, choice_label="&Decision:",
            text_label="&Reason (required):", confirm=confirm_nfa,
            action=lambda kind, when, text: self._versioned(
                lambda v: case_actions.record_decision(self.session, self.case_id, v, kind, text, when)),
        )

    def add_outcome(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Record an outcome", "case.outcome", draft, choices=rules.OUTCOMES, choice_label="&Outcome:",
            date_label="&Date of the answer:", text_label="&Notes:",
            action=lambda kind, when, text: self._versioned(
                lambda v: case_actions.record_outcome(self.session, self.case_id, v, kind, when, text)),
        )

    def add_note(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Add a note", "case.note", draft, date_label="&Happened on (if earlier):", text_label="&Note:",
            action=lambda _k, when, text: case_actions.add_note(self.session, self.case_id, text, when) and None,
        )

    def add_addendum(self, draft: Draft | None = None) -> RecordDialog | None:
        target = int(draft.context["entry_id"]) if draft is not None and "entry_id" in draft.context else None
        if target is None:
            row = self.chron_table.currentIndex().row()
            if row < 0:
                self.chron_table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.entry_text.setPlainText("Choose the entry to correct in the chronology first, then Addendum….")
                return None
            entry = self.chron_model.entry(row)
            target = entry.amends_id or entry.id
        return self._record(
            f"Addendum to entry No. {target}", "case.addendum", draft, {"entry_id": target}, date_label=None,
            text_label="&Correction:",
            action=lambda _k, _w, text: case_actions.add_addendum(self.session, self.case_id, target, text) and None,
        )

    def complete_review(self, draft: Draft | None = None) -> RecordDialog | None:
        due = [r for r in self.detail.reviews if not r.done_on]
        if draft is not None:  # the review the draft was typed for, if it is still to do
            due = [r for r in due if r.id == draft.context.get("review_id")] or due
        if not due:
            return None
        review = due[0]
        return self._record(
            review.label, "case.review", draft, {"review_id": review.id}, text_label="&Review notes:",
            action=lambda _k, when, text: case_actions.complete_review(
                self.session, self.case_id, review.id, text, when
            ),
        )

    def close_or_reopen(self) -> RecordDialog:
        return self.reopen_case() if self.detail.status == "closed" else self.close_case()

    def close_case(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Close the case", "case.close", draft, date_label=None, text_label="&Reason for closing:",
            action=lambda _k, _w, text: self._versioned(
                lambda v: case_actions.close_case(self.session, self.case_id, v, text)),
        )

    def reopen_case(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Reopen the case", "case.reopen", draft, date_label=None,
            text_label="&Reason for reopening (required):",
            intro="Reopening keeps everything recorded so far; the reason goes into the chronology and the audit "
                  "log, and the case then waits for a new decision.",
            action=lambda _k, _w, text: self._versioned(
                lambda v: case_actions.reopen_case(self.session, self.case_id, v, text)),
        )

    def change_category(self) -> QDialog:
        """The concern category (profile data; allowed on a closed case: it classifies the record)."""
        self.category_dialog: QDialog = change_category(self, self.session, self.case_id, on_saved=self.reload)
        return self.category_dialog

    def reload(self) -> None:
        self.refresh()

    def _versioned(self, save: Callable[[int], int]) -> None:
        save(self.detail.version)

    # --- documents -------------------------------------------------------------------------------
    def attach_file(self, draft: Draft | None = None) -> AttachDialog:
        dialog = AttachDialog(self.session, self.case_id, self, draft)
        self._dialog(dialog)
        return dialog

    def selected_document(self) -> DocumentLine | None:
        rows = self.documents_table.selectionModel().selectedRows()
        if rows:
            return self.documents.record(rows[0].row())
        files = [d for d in self.page.documents if d.attachment_id is not None]
        return files[0] if len(files) == 1 else None

    def view_selected(self) -> FileViewer | None:
        doc = self.selected_document()
        message = self.ui.documentsMessage
        if doc is None or doc.attachment_id is None:
            message.setText("Choose a file in the list first (exports and prints are recorded, not kept).")
            return None
        attachment_id = doc.attachment_id
        try:
            data = case_files.read(self.session, self.case_id, attachment_id)
        except KnownError as exc:
            message.setText(str(exc))
            return None
        message.setText("")
        name = doc.title.rsplit(" (", 1)[0]
        save = SaveCopy(self, name, data, lambda target: self._saved_copy(attachment_id, target))
        other = ("This kind of file cannot be shown inside the app. You can save a copy to open it in another "
                 "program; the copy is NOT encrypted.", "&Save a copy…", save)
        self.viewer = FileViewer(name, doc.mime, data, self, title="Attached file", other=other)
        self.viewer.setObjectName("attachmentViewer")
        self.viewer.open()
        return self.viewer

    def _saved_copy(self, attachment_id: int, target: Path) -> None:
        try:
            case_files.save_copy(self.session, self.case_id, attachment_id, target)
        except (KnownError, OSError) as exc:
            text = str(exc) if isinstance(exc, KnownError) else "The copy could not be written there."
            self.ui.documentsMessage.setText(text)
            return
        self.ui.documentsMessage.setText(f"Saved an unencrypted copy as {target.name}.")
        self.refresh()

    def referral_pack(self) -> None:
        self._export(export_hooks.request_export(self, self.session, "referral-pack", case_id=self.case_id))

    def case_file(self) -> None:
        self._export(export_hooks.request_export(self, self.session, "case-file", person_id=self.detail.person.id))

    def _export(self, dialog: object) -> None:
        """When the export dialog closes, the documents list shows what it exported or printed."""
        finished = getattr(dialog, "finished", None)
        if finished is not None:
            finished.connect(lambda _r: self.refresh() if self.session.vault.is_open else None)
