"""One case: summary, routing and contacts, decisions, outcomes, reviews, the chronology (with addenda) and the
person's whole history. Closed cases are read-only; nothing here deletes anything. Each record dialog keeps what is
typed as a draft in the vault (``ui/draft_keeper.py``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import case_records
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import guidance
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.session import Session
from prevent_desktop.ui import export_hooks
from prevent_desktop.ui.case_models import ChronologyModel
from prevent_desktop.ui.case_tasks import CaseTasksPanel
from prevent_desktop.ui.draft_keeper import DraftKeeper
from prevent_desktop.ui.log_concern import plain_label


class RecordDialog(QDialog):
    """A small form: an optional choice, an optional date and a mandatory text; ``action`` saves it. What is typed
    is kept as a draft of ``kind`` about ``case_id`` (``context``: the entry or review it is for)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        *,
        choices: dict[str, str] | None = None,
        choice_label: str = "&Kind:",
        date_label: str | None = "&Date:",
        text_label: str = "&Reason:",
        action: Callable[[str, str, str], object],
        session: Session,
        kind: str,
        case_id: int,
        context: dict[str, int] | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.action = action
        layout = QVBoxLayout(self)
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
        self.error.setStyleSheet("QLabel { color: #8b0000; font-weight: bold; }")
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
        try:
            self.action(str(self.choice.currentData() or ""), self.date.text(), self.text.toPlainText())
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        self.keeper.finish()
        self.accept()

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper.allow_close():
            super().reject()


class CaseView(QDialog):
    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.setWindowTitle("Case")
        self.resize(1000, 720)
        layout = QVBoxLayout(self)
        self.heading = plain_label("", self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.closed_note = plain_label("This case is closed and read-only. It is kept (policy 3.13).", self)
        layout.addWidget(self.closed_note)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)

        def button(text: str, slot: Callable[[], object], name: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(lambda _checked=False: slot())  # the actions' optional draft is not `checked`
            buttons.addWidget(b)
            return b

        self.referral_button = button("&Referral…", self.open_wizard, "referralButton")
        self.decision_button = button("&Decision…", self.add_decision, "decisionButton")
        self.outcome_button = button("&Outcome…", self.add_outcome, "outcomeButton")
        self.note_button = button("&Note…", self.add_note, "noteButton")
        self.addendum_button = button("&Addendum…", self.add_addendum, "addendumButton")
        self.review_button = button("Re&view done…", self.complete_review, "reviewButton")
        self.close_button = button("C&lose case…", self.close_case, "closeCaseButton")
        buttons.addStretch(1)
        self.pack_button = button("Referral &pack…", self.referral_pack, "referralPackButton")
        self.file_button = button("Case &file…", self.case_file, "caseFileButton")

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName("Case summary")
        self.tabs.addTab(self.summary, "&Summary")
        chron = QWidget(self)
        chron_layout = QVBoxLayout(chron)
        self.chron_model = ChronologyModel(self)
        self.chron_table = QTableView(chron)
        self.chron_table.setModel(self.chron_model)
        self.chron_table.setAccessibleName("Chronology")
        self.chron_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chron_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.chron_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chron_table.setWordWrap(True)
        self.chron_table.verticalHeader().setVisible(False)
        self.chron_table.horizontalHeader().setStretchLastSection(True)
        self.chron_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        split = QSplitter(Qt.Orientation.Vertical, chron)
        split.addWidget(self.chron_table)
        self.entry_text = QPlainTextEdit(chron)
        self.entry_text.setReadOnly(True)
        self.entry_text.setAccessibleName("Selected chronology entry")
        split.addWidget(self.entry_text)
        chron_layout.addWidget(split)
        self.chron_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.entry_text.setPlainText(self._entry_full(cur.row()))
        )
        self.tabs.addTab(chron, "&Chronology")
        self.history = QPlainTextEdit(self)
        self.history.setReadOnly(True)
        self.history.setAccessibleName("The person's history")
        self.tabs.addTab(self.history, "&History")
        self.tasks = CaseTasksPanel(session, case_id, self)  # the case's to-do list (services.cases.tasks)
        self.tabs.addTab(self.tasks, "&Tasks")
        self.refresh()

    def _entry_full(self, row: int) -> str:
        if row < 0 or row >= self.chron_model.rowCount():
            return ""
        e = self.chron_model.entry(row)
        dates = f"Happened {uk_date(e.occurred_at[:10])}; recorded {e.recorded_at[:16].replace('T', ' ')}"
        return f"No. {e.id} — {dates} — {e.author}\n\n{e.text}"

    def refresh(self) -> None:
        d = case_queries.case_detail(self.session, self.case_id)
        self.detail = d
        self.heading.setText(f"{d.ref} — {d.person.forenames} {d.person.surname} — {d.status_label}")
        self.closed_note.setVisible(d.read_only)
        for b in (self.referral_button, self.decision_button, self.outcome_button, self.note_button,
                  self.addendum_button, self.close_button):
            b.setEnabled(not d.read_only or b is self.referral_button)
        self.referral_button.setText("&Referral (read-only)…" if d.read_only else "&Referral…")
        self.review_button.setEnabled(any(not r.done_on for r in d.reviews))
        self.summary.setPlainText(self._summary_text(d))
        self.chron_model.set_entries(list(d.chronology))
        self.chron_table.resizeColumnsToContents()
        if self.chron_table.columnWidth(5) > 500:
            self.chron_table.setColumnWidth(5, 500)
        history = case_queries.person_history(self.session, d.person.id)
        lines = [f"{len(history.cases)} case(s) about this person:"]
        for c in history.cases:
            lines.append(f"• {c.ref}  {uk_date(c.opened_at)}  {c.status_label}: {c.summary}")
            lines += [f"    Decision {uk_date(x.decided_on)}: {x.label}" for x in c.decisions]
            lines += [f"    Outcome {uk_date(x.outcome_on)}: {x.label}" for x in c.outcomes]
        self.history.setPlainText("\n".join(lines))

    def _summary_text(self, d: case_records.CaseDetail) -> str:
        p = d.person
        age = f", aged {p.age_at_concern} at the date of concern" if p.age_at_concern is not None else ""
        lines = [
            f"Person: {p.forenames} {p.surname} ({p.role_label}), born {uk_date(p.dob, 'unknown')}{age}"
            + (" — UNDER 18" if p.under_18 else ""),
            f"Raised by: {d.referrer.name or 'not named'} ({d.referrer.role_label}); date of concern "
            f"{uk_date(d.opened_at)}",
            f"Immediate danger reported: {'YES' if d.immediate_danger else 'no'}",
            f"Status: {d.status_label}",
        ]
        if d.other_cases:
            lines.append(f"Repeat concern: this person also has {', '.join(d.other_cases)} (see History).")
        lines += ["", "What happened:", d.concern_text, ""]
        if d.routing:
            r = d.routing
            lines.append("Routing (from the organisation profile):")
            if r.precedence_note:
                lines.append(f"  PRECEDENCE: {r.precedence_note}")
            lines.append("  Refer to: " + ", ".join(r.refer_to))
            lines.append("  Reviewed by: " + ", ".join(r.reviewers))
            lines += [f"  • {guidance.contact_line(c)}" for c in r.contacts]
            lines.append("")
        lines.append(f"Referral form {d.form_version}: "
                     + ("complete" if not d.gaps else f"{len(d.gaps)} item(s) still needed"))
        if d.ready_reason:
            lines.append(f"  Marked ready with gaps. Reason: {d.ready_reason}")
        for x in d.decisions:
            lines.append(f"Decision {uk_date(x.decided_on)} by {x.decided_by}: {x.label}. Reason: {x.reason}")
        for o in d.outcomes:
            lines.append(f"Outcome {uk_date(o.outcome_on)}: {o.label}" + (f". {o.notes}" if o.notes else ""))
        for rv in d.reviews:
            state = f"done {uk_date(rv.done_on)}: {rv.notes}" if rv.done_on else f"due {uk_date(rv.due_on)}"
            lines.append(f"{rv.label}: {state}")
        return "\n".join(lines)

    # --- actions ---------------------------------------------------------------------------------
    def open_wizard(self) -> None:
        from prevent_desktop.ui.wizard import ReferralWizard

        wizard = ReferralWizard(self.session, self.case_id, self)
        self.wizard = wizard
        wizard.finished.connect(lambda _r: self.refresh())
        wizard.open()

    def _dialog(self, dialog: RecordDialog) -> RecordDialog:
        self.record_dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def _record(
        self, title: str, kind: str, draft: Draft | None, context: dict[str, int] | None = None, *,
        action: Callable[[str, str, str], object], choices: dict[str, str] | None = None,
        choice_label: str = "&Kind:", date_label: str | None = "&Date:", text_label: str = "&Reason:",
    ) -> RecordDialog:
        return self._dialog(RecordDialog(
            title, self, choices=choices, choice_label=choice_label, date_label=date_label, text_label=text_label,
            action=action, session=self.session, kind=kind, case_id=self.case_id, context=context, draft=draft,
        ))

    def add_decision(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Record a decision", "case.decision", draft, choices=rules.DECISIONS, choice_label="&Decision:",
            text_label="&Reason (required):",
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
                self.tabs.setCurrentIndex(1)
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

    def close_case(self, draft: Draft | None = None) -> RecordDialog:
        return self._record(
            "Close the case", "case.close", draft, date_label=None, text_label="&Reason for closing:",
            action=lambda _k, _w, text: self._versioned(
                lambda v: case_actions.close_case(self.session, self.case_id, v, text)),
        )

    def _versioned(self, save: Callable[[int], int]) -> None:
        save(self.detail.version)

    def referral_pack(self) -> None:
        export_hooks.request_export(self, self.session, "referral-pack", case_id=self.case_id)

    def case_file(self) -> None:
        export_hooks.request_export(self, self.session, "case-file", person_id=self.detail.person.id)
