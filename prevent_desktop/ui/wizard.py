"""The referral wizard: safety and routing first, then every section of the national referral form and the
13 points of Annex B2 (all from the profile's versioned ``referral_form`` data), then the completeness check.

The referral draft is a model of its own (``services.cases.referral_draft``): loaded through the service, saved
whatever the answers' validity (debounced like every draft, ``ui/draft_keeper.SaveTimer``: at most a second after
typing, one transaction each, and on every page change and on close, so a crash or a lock loses at most the last
second), and each save returns the answers still to fix, shown beside their fields; only marking ready insists.
If a save is refused (another window changed the case, the disk is full), the typed answers are kept as a draft
of kind "referral" and offered back after unlock. Under-18 questions show only when the person is under 18 at the
date of concern (``domain.cases.subject_flags``, the one rule); military fields only for soldiers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain import dates
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.domain.profile import FormField, FormSection
from prevent_desktop.errors import KnownError
from prevent_desktop.services import drafts
from prevent_desktop.services.cases import guidance, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.session import Session
from prevent_desktop.ui.draft_keeper import SaveTimer
from prevent_desktop.ui.log_concern import DangerQuestion, plain_label

PROBLEM_STYLE = "QLabel { color: #8b0000; font-weight: bold; }"


def problem_label(parent: QWidget, name: str) -> QLabel:
    """Where an answer's problem is said, beside its field ("Date of birth: 31/02/2026 is not a real date …")."""
    label = plain_label("", parent)
    label.setObjectName(name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setAccessibleName("Problem with this answer")
    label.setVisible(False)
    return label


class YesNoText(QWidget):
    """A yes/no answer plus its explanation (the national form always asks for both)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.answer = QComboBox(self)
        self.answer.addItem("— choose —", "")
        self.answer.addItem("Yes", "yes")
        self.answer.addItem("No", "no")
        self.answer.setAccessibleName(f"{label} (yes or no)")
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Explain: the outcome, or why not.")
        self.text.setAccessibleName(f"{label}: explanation")
        self.text.setFixedHeight(60)
        layout.addWidget(self.answer)
        layout.addWidget(self.text)

    def value(self) -> dict[str, str]:
        return {"answer": str(self.answer.currentData()), "text": self.text.toPlainText()}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {"answer": "", "text": str(value or "")}
        self.answer.setCurrentIndex(max(0, self.answer.findData(value.get("answer", ""))))
        self.text.setPlainText(str(value.get("text", "")))


class FieldEditor:
    """One form field: its label and editor widget, reading and writing the answer value."""

    def __init__(self, f: FormField, parent: QWidget) -> None:
        self.field = f
        self.label = QLabel(f.label + (" *" if f.required else "") + ":", parent)
        self.label.setWordWrap(True)
        self.widget: QWidget
        if f.kind == "longtext":
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(90)
            self.widget = edit
        elif f.kind == "choice":
            combo = QComboBox(parent)
            combo.addItem("— choose —", "")
            for c in f.choices:
                combo.addItem(c.capitalize(), c)
            self.widget = combo
        elif f.kind == "yesno_text":
            self.widget = YesNoText(f.label, parent)
        else:
            line = QLineEdit(parent)
            if f.kind == "date":
                line.setPlaceholderText("DD/MM/YYYY")
            self.widget = line
        self.widget.setObjectName(f"field_{f.id}")
        self.widget.setAccessibleName(f.label)
        if f.help:
            self.widget.setToolTip(f.help)
        focus = self.widget.answer if isinstance(self.widget, YesNoText) else self.widget
        self.label.setBuddy(focus)
        self.problem = problem_label(parent, f"problem_{f.id}")
        self._shown = True

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, YesNoText):
            return w.value()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return str(w.currentData())
        assert isinstance(w, QLineEdit)
        text = w.text()
        if self.field.kind == "date" and text.strip():
            try:
                return rules.parse_date(text, self.field.label).isoformat()
            except KnownError:
                return text
        return text

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, YesNoText):
            w.set_value(value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value or ""))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(str(value or ""))))
        elif isinstance(w, QLineEdit):
            text = str(value or "")
            if self.field.kind == "date" and len(text) == 10 and text[4] == "-":
                text = f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
            w.setText(text)

    def connect(self, slot: Any) -> None:
        w = self.widget
        if isinstance(w, YesNoText):
            w.answer.currentIndexChanged.connect(slot)
            w.text.textChanged.connect(slot)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)
        elif isinstance(w, QLineEdit):
            w.textChanged.connect(slot)

    def set_visible(self, visible: bool) -> None:
        self._shown = visible
        self.label.setVisible(visible)
        self.widget.setVisible(visible)
        self.problem.setVisible(visible and bool(self.problem.text()))

    def set_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(self._shown and bool(message))


def _scrolling(page: QWizardPage) -> tuple[QWidget, QVBoxLayout]:
    outer = QVBoxLayout(page)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    inner = QWidget(scroll)
    scroll.setWidget(inner)
    outer.addWidget(scroll)
    return inner, QVBoxLayout(inner)


class SafetyPage(QWizardPage):
    key = "safety"

    def __init__(self, wizard: ReferralWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Safety first, then who must be told")
        self.setSubTitle("Good content: answer the danger question honestly; then follow the guidance and call "
                         "the contacts shown.")
        inner, layout = _scrolling(self)
        self.danger = DangerQuestion(wizard.session, inner)
        if wizard.immediate_danger:
            self.danger.yes.setChecked(True)
        layout.addWidget(self.danger)
        self.routing = plain_label("", inner)
        self.routing.setObjectName("routingGuidance")
        self.routing.setAccessibleName("Routing guidance")
        layout.addWidget(self.routing)
        self.contacts = plain_label("", inner)
        self.contacts.setObjectName("routingContacts")
        self.contacts.setAccessibleName("Contacts for this concern")
        layout.addWidget(self.contacts)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        wiz = self.wiz
        under_18, _soldier = wiz.flags()
        role = str(wiz.answers().get("subject_role") or wiz.detail.person.role)
        try:
            route = guidance.routing_for(wiz.session, role, wiz.detail.referrer.role, under_18=under_18)
        except Exception:  # an unknown role in an imported case: show the DSO route
            route = None
        if route is None:
            self.routing.setText("No routing rule matches; pass the concern to the Designated Safeguarding Officer.")
            self.contacts.setText("")
            return
        lines = [f"The person is {'under 18' if under_18 else '18 or over'} at the date of concern "
                 f"({uk_date(wiz.detail.opened_at)})."]
        if route.precedence_note:
            lines.append(f"PRECEDENCE: {route.precedence_note}")
        lines.append("Refer to: " + (", ".join(route.refer_to) or "the Designated Safeguarding Officer"))
        lines.append("Reviewed by: " + ", ".join(route.reviewers))
        if route.discuss_with:
            lines.append("Discuss with: " + ", ".join(route.discuss_with))
        lines += [f"• {g}" for g in route.guidance]
        lines.append("Policy: " + ", ".join(route.policy_refs))
        self.routing.setText("\n".join(lines))
        self.contacts.setText("Contacts:\n" + "\n".join(f"• {guidance.contact_line(c)}" for c in route.contacts))
        self.route = route


class SectionPage(QWizardPage):
    def __init__(self, wizard: ReferralWizard, section: FormSection) -> None:
        super().__init__()
        self.wiz = wizard
        self.section = section
        self.key = section.id
        nrf = f" (national form section {section.nrf_section})" if section.nrf_section else ""
        self.setTitle(section.title + nrf)
        self.setSubTitle(f"Good content: {section.help}" if section.help else "")
        inner, layout = _scrolling(self)
        form = QFormLayout()
        layout.addLayout(form)
        layout.addStretch(1)
        self.editors: list[FieldEditor] = []
        for f in section.fields:
            editor = FieldEditor(f, inner)
            if f.kind == "longtext" and len(section.fields) <= 2:
                editor.widget.setFixedHeight(260)  # a page with one big question gets a big box
            form.addRow(editor.label, editor.widget)
            form.addRow(editor.problem)
            self.editors.append(editor)

    def initializePage(self) -> None:
        self.apply_visibility()

    def apply_visibility(self) -> None:
        under_18, soldier = self.wiz.flags()
        for e in self.editors:
            e.set_visible(rules.field_applies(e.field, under_18=under_18, soldier=soldier))

    def editor(self, field_id: str) -> FieldEditor:
        for e in self.editors:
            if e.field.id == field_id:
                return e
        raise KeyError(field_id)


class PointsPage(QWizardPage):
    key = "points"

    def __init__(self, wizard: ReferralWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("The 13 points of Annex B2")
        self.setSubTitle("Good content: for each point, facts with dates, what was said and how you know; "
                         "write 'None known' rather than leaving it empty.")
        inner, layout = _scrolling(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.points: dict[int, tuple[QLabel, QPlainTextEdit, Any]] = {}
        self.problems: dict[int, QLabel] = {}
        for p in wizard.form.points:
            label = QLabel(f"{p.no}. {p.text}", inner)
            label.setWordWrap(True)
            edit = QPlainTextEdit(inner)
            edit.setObjectName(f"point_{p.no}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.setAccessibleName(f"Annex B2 point {p.no}")
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.problems[p.no] = problem_label(inner, f"problem_point_{p.no}")
            form.addRow(self.problems[p.no])
            self.points[p.no] = (label, edit, p)

    def initializePage(self) -> None:
        under_18, _ = self.wiz.flags()
        for label, edit, p in self.points.values():
            visible = rules.point_applies(p, under_18=under_18)
            label.setVisible(visible)
            edit.setVisible(visible)
            self.problems[p.no].setVisible(visible and bool(self.problems[p.no].text()))

    def set_problem(self, no: int, message: str) -> None:
        label = self.problems[no]
        label.setText(message)
        label.setVisible(self.points[no][1].isVisibleTo(self) and bool(message))


class CompletenessPage(QWizardPage):
    key = "complete"

    def __init__(self, wizard: ReferralWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Completeness check")
        self.setSubTitle("Good content: every item below filled in; if something truly cannot be provided, say why.")
        inner, layout = _scrolling(self)
        self.summary = plain_label("", inner)
        self.summary.setObjectName("gapSummary")
        layout.addWidget(self.summary)
        self.gap_box = QVBoxLayout()
        layout.addLayout(self.gap_box)
        self.gap_buttons: list[QPushButton] = []
        reason_label = QLabel("&Reason for marking ready with gaps (printed as 'Not provided'):", inner)
        self.reason = QPlainTextEdit(inner)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.reason.setAccessibleName("Reason for marking ready with gaps")
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        self.mark_ready = QPushButton("&Mark referral ready", inner)
        self.mark_ready.clicked.connect(wizard.mark_ready)
        layout.addWidget(self.mark_ready)
        self.result = plain_label("", inner)
        self.result.setAccessibleName("Result")
        layout.addWidget(self.result)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.wiz.save_now()
        self.refresh()

    def refresh(self) -> None:
        for b in self.gap_buttons:
            self.gap_box.removeWidget(b)
            b.deleteLater()
        self.gap_buttons = []
        to_fix = referral_draft.problems(self.wiz.session, self.wiz.case_id)
        gaps = referral_draft.gaps(self.wiz.session, self.wiz.case_id)
        lines = []
        if to_fix:
            lines.append(f"{len(to_fix)} answer(s) must be fixed before the referral can be marked ready.")
        lines.append("The national form has everything it needs." if not gaps
                     else f"The national form still needs {len(gaps)} item(s).")
        if to_fix or gaps:
            lines.append("Choose one to go to its page:")
        self.summary.setText(" ".join(lines))
        for problem in to_fix:
            button = QPushButton(f"Fix: {problem.message}", self)
            button.setFlat(True)
            button.setStyleSheet("QPushButton { text-align: left; text-decoration: underline; color: #8b0000; }")
            button.setAccessibleName(f"Go to and fix: {problem.message}")
            button.setProperty("gap_page", problem.page)
            button.clicked.connect(lambda _=False, p=problem: self.wiz.go_to(p.page, p.item))
            self.gap_box.addWidget(button)
            self.gap_buttons.append(button)
        for gap in gaps:
            button = QPushButton(gap.label, self)
            button.setFlat(True)
            button.setStyleSheet("QPushButton { text-align: left; text-decoration: underline; color: #0645ad; }")
            button.setAccessibleName(f"Go to: {gap.label}")
            button.setProperty("gap_page", gap.page)
            button.clicked.connect(lambda _=False, g=gap: self.wiz.go_to(g.page, g.item))
            self.gap_box.addWidget(button)
            self.gap_buttons.append(button)


class ReferralWizard(QWizard):
    def __init__(self, session: Session, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.detail = case_queries.case_detail(session, case_id)
        self.version = self.detail.version
        self.immediate_danger = self.detail.immediate_danger
        self.form = guidance.referral_form(session)
        self.read_only = self.detail.read_only
        self.setWindowTitle("Referral")
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setMinimumSize(820, 640)
        self._loading = True
        self.page_ids: dict[str, int] = {}
        self.safety = SafetyPage(self)
        self.page_ids["safety"] = self.addPage(self.safety)
        self.sections: list[SectionPage] = []
        for section in self.form.sections:
            page = SectionPage(self, section)
            self.sections.append(page)
            self.page_ids[section.id] = self.addPage(page)
        self.points = PointsPage(self)
        self.page_ids["points"] = self.addPage(self.points)
        self.complete = CompletenessPage(self)
        self.page_ids["complete"] = self.addPage(self.complete)
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        # The draft status sits in the button row (a flat, disabled button used as a label).
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        status = self.button(QWizard.WizardButton.CustomButton1)
        assert isinstance(status, QPushButton)  # QWizard's buttons are push buttons
        self.status = status
        self.status.setFlat(True)
        self.status.setEnabled(False)
        self.status.setAccessibleName("Draft status")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Drafts save automatically.")
        self.setButtonLayout([
            QWizard.WizardButton.CustomButton1, QWizard.WizardButton.Stretch, QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
        ])
        self.timer = SaveTimer(self.save_now, self)
        self._dirty = False
        self.fallback_id: int | None = None  # the "referral" draft kept while the case refuses a save
        self.problems: tuple[rules.FieldProblem, ...] = ()
        self._load()
        for page in self.sections:
            page.apply_visibility()
        self.points.initializePage()
        self.currentIdChanged.connect(lambda _id: self.save_now())
        if self.read_only:
            for w in self.findChildren(QPlainTextEdit) + self.findChildren(QLineEdit):
                w.setReadOnly(True)
            for c in self.findChildren(QComboBox) + self.findChildren(QPushButton) + self.findChildren(QCheckBox):
                if c.parent() is not self:
                    c.setEnabled(False)
            self.set_status("This case is closed: the referral is read-only.")

    # --- data ------------------------------------------------------------------------------------
    def _load(self) -> None:
        self._loading = True
        draft = referral_draft.load(self.session, self.case_id)
        self.version = draft.version
        self.fill(draft.answers, draft.points)
        for page in self.sections:
            for e in page.editors:
                e.connect(self.changed)
        for _label, edit, _p in self.points.points.values():
            edit.textChanged.connect(self.changed)
        self._loading = False
        self.show_problems(draft.problems)

    def fill(self, answers: dict[str, Any], points: dict[str, str]) -> None:
        for page in self.sections:
            for e in page.editors:
                e.set_value(answers.get(e.field.id, ""))
        for no, (_label, edit, _p) in self.points.points.items():
            edit.setPlainText(str(points.get(str(no), "")))

    def resume(self, draft: Draft) -> None:
        """Reopened from a "referral" draft (answers a save refused): they go on screen and are saved now."""
        values = draft.values
        self.fill(dict(values.get("answers") or {}), dict(values.get("points") or {}))
        self.fallback_id = draft.id
        self._dirty = True
        self.save_now()

    def show_problems(self, problems: tuple[rules.FieldProblem, ...]) -> None:
        """Each answer still to fix says so beside its field."""
        self.problems = problems
        by_item = {p.item: p.message for p in problems}
        for page in self.sections:
            for e in page.editors:
                e.set_problem(by_item.get(e.field.id, ""))
        for no in self.points.points:
            self.points.set_problem(no, by_item.get(f"point-{no}", ""))

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for page in self.sections:
            for e in page.editors:
                value = e.value()
                if value not in ("", None) and value != {"answer": "", "text": ""}:
                    result[e.field.id] = value
        return result

    def point_answers(self) -> dict[str, str]:
        return {str(no): edit.toPlainText() for no, (_l, edit, _p) in self.points.points.items()
                if edit.toPlainText()}

    def flags(self) -> tuple[bool, bool]:
        """(under 18 at the date of concern, is a soldier) for the answers on screen: the domain's one rule."""
        person = self.detail.person
        return rules.subject_flags(self.answers(), person.dob, person.role, self.detail.opened_at, dates.today())

    # --- saving ----------------------------------------------------------------------------------
    def changed(self) -> None:
        if self._loading or self.read_only:
            return
        self._dirty = True
        self.timer.touch()

    def save_now(self) -> bool:
        self.timer.stop()
        if self.read_only or not self._dirty or not self.session.vault.is_open:
            return True
        try:
            saved = referral_draft.save(self.session, self.case_id, self.version, self.answers(),
                                        self.point_answers())
        except KnownError as exc:
            kept = self._keep_as_draft()
            self.set_status(f"Not saved: {exc}" + ("" if kept else " Nor could it be kept as a draft."))
            return False
        self.version = saved.version
        self._dirty = False
        self.show_problems(saved.problems)
        if self.fallback_id is not None:
            try:
                drafts.done(self.session, self.fallback_id)
                self.fallback_id = None
            except KnownError:  # offered again after unlock, where it can be discarded
                pass
        n = len(saved.problems)
        self.set_status("Draft saved." if not n else
                        f"Draft saved. {n} answer(s) to fix before it can be marked ready: {saved.problems[0].message}")
        return True

    def _keep_as_draft(self) -> bool:
        """The case refused the save: the typed answers are kept as a "referral" draft instead (never lost)."""
        try:
            self.fallback_id = drafts.save(
                self.session, self.fallback_id, "referral",
                {"answers": self.answers(), "points": self.point_answers()}, case_id=self.case_id,
            )
        except KnownError:
            return False
        return True

    def set_status(self, text: str) -> None:
        self.setButtonText(QWizard.WizardButton.CustomButton1, text if len(text) < 140 else text[:137] + "...")
        self.status.setToolTip(text)
        self.last_status = text

    # --- navigation ------------------------------------------------------------------------------
    def go_to(self, page_key: str, item: str = "") -> None:
        """Jump back to the page that fixes a gap and focus its field."""
        target = self.page_ids.get(page_key)
        if target is None:
            return
        guard = 0
        while self.currentId() != target and guard < 50:
            guard += 1
            if self.currentId() > target:
                self.back()
            else:
                self.next()
        page = self.currentPage()
        if isinstance(page, SectionPage) and item:
            try:
                widget = page.editor(item).widget
            except KeyError:
                return
            (widget.answer if isinstance(widget, YesNoText) else widget).setFocus()
        elif isinstance(page, PointsPage) and item.startswith("point-"):
            entry = page.points.get(int(item.split("-")[1]))
            if entry:
                entry[1].setFocus()

    def mark_ready(self) -> None:
        if not self.save_now():
            return
        try:
            self.version = referral_draft.mark_ready(
                self.session, self.case_id, self.version, self.complete.reason.toPlainText()
            )
        except KnownError as exc:
            self.complete.result.setText(str(exc))
            return
        self.complete.result.setText("The referral is marked ready.")
        self.complete.refresh()

    def done(self, result: int) -> None:
        self.save_now()
        super().done(result)
