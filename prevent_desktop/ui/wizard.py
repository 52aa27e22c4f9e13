"""The referral wizard: safety and routing first, then every section of the national referral form and the
13 points of Annex B2 (all from the profile's versioned ``referral_form`` data), then the completeness check.

The referral draft is a model of its own (``services.cases.referral_draft``): loaded through the service, saved
whatever the answers' validity (debounced like every draft, ``ui/draft_keeper.SaveTimer``: at most a second after
typing, one transaction each, and on every page change and on close, so a crash or a lock loses at most the last
second), and each save returns the answers still to fix, shown beside their fields; only marking ready insists.
If a save is refused (another window changed the case, the disk is full), the typed answers are kept as a draft
of kind "referral" and offered back after unlock. Under-18 questions show only when the person is under 18 at the
date of concern (``domain.cases.subject_flags``, the one rule); military fields only for soldiers.

Asked once: the danger question shows the answer given when the concern was logged (a change is saved on the case);
an Annex B2 point that takes its answer from a field (the profile's ``answer_from``) is asked as that field, which
says where its answer is used ("Used in: national form section 3 and Annex B2 point 8"); the points page shows the
answer and leads to the question. The referrer's details come pre-filled from the DSO's profile (Settings).

Keyboard: each page opens with the focus on its first field; Enter moves on (Next; Finish on the last page) except
in a multi-line field, where Ctrl+Enter does; Tab follows the page from top to bottom. The pages scroll inside the
window (the scroll areas take no focus of their own), and the window fits a 1366×768 screen.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain import dates
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.domain.profile import FormField, FormPoint, FormSection
from prevent_desktop.errors import KnownError
from prevent_desktop.services import drafts
from prevent_desktop.services.cases import guidance, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.session import Session
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.draft_keeper import SaveTimer
from prevent_desktop.ui.log_concern import DangerQuestion, plain_label

PROBLEM_STYLE = "QLabel { color: #8b0000; font-weight: bold; }"
USES_STYLE = "QLabel { color: #444444; font-style: italic; }"
LINK_STYLE = "QPushButton {{ text-align: left; text-decoration: underline; color: {colour}; }}"
# A gap's link button shows at most this many characters (the whole text is its tooltip and accessible name), so
# the completeness page never needs a horizontal scroll bar.
LINK_CHARS = 110
# The window's size where the screen allows: it is made no bigger than the screen's work area, less the frame.
PREFERRED_SIZE = (1000, 700)
MINIMUM_SIZE = (820, 600)
FRAME_ALLOWANCE = (16, 40)  # a Windows frame and title bar round the window


def no_mnemonic(text: str) -> str:
    """Profile text shown on a label or button: an "&" in it is an ampersand, never an Alt+letter."""
    return text.replace("&", "&&")


def shortened(text: str, limit: int = LINK_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PoliteAlert(AlertLabel):
    """A status message announced when it appears or changes, without interrupting ("The referral is marked
    ready.")."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args, assertive=False)


class LinkButton(QPushButton):
    """A link-styled button that shows as much of ``text`` as its width allows, cut with "…" (``suffix`` always
    shown whole), so a long gap never makes the page wider than the window at large text; the whole text stays its
    tooltip. It asks for the width of the whole text and accepts much less."""

    def __init__(self, text: str, parent: QWidget, suffix: str = "") -> None:
        super().__init__(no_mnemonic(text + suffix), parent)
        self.full, self.suffix = text, suffix
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # a button's own: never narrower

    def _padding(self) -> int:
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text().replace("&&", "&"))

    def sizeHint(self) -> QSize:
        whole = self.fontMetrics().horizontalAdvance(self.full + self.suffix)
        return QSize(whole + self._padding(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        least = self.fontMetrics().horizontalAdvance("…" + self.suffix) + self.fontMetrics().averageCharWidth() * 12
        return QSize(least + self._padding(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        room = self.width() - self._padding() - metrics.horizontalAdvance(self.suffix)
        whole = self.width() >= self.sizeHint().width()  # given all it asked for: the whole text
        cut = self.full if whole else metrics.elidedText(self.full, Qt.TextElideMode.ElideRight, max(room, 0))
        shown = no_mnemonic(cut + self.suffix)
        if shown != self.text():
            self.setText(shown)


def problem_label(parent: QWidget, name: str) -> QLabel:
    """Where an answer's problem is said, beside its field ("Date of birth: 31/02/2026 is not a real date …");
    a screen reader reads it as it reads (no short name that hides it)."""
    label = plain_label("", parent)
    label.setObjectName(name)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setVisible(False)
    return label


def uses_label(parent: QWidget, name: str, text: str) -> QLabel:
    """Beside a question asked once: where its answer is used."""
    label = plain_label(text, parent)
    label.setObjectName(name)
    label.setStyleSheet(USES_STYLE)
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
        self.text_label = QLabel("Explanation (the outcome, or why not):", self)
        self.text_label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Explain: the outcome, or why not.")
        self.text.setAccessibleName(f"{label}: explanation")
        self.text.setFixedHeight(60)
        self.text_label.setBuddy(self.text)  # a screen reader's "labelled by"
        layout.addWidget(self.answer)
        layout.addWidget(self.text_label)
        layout.addWidget(self.text)

    def value(self) -> dict[str, str]:
        return {"answer": str(self.answer.currentData()), "text": self.text.toPlainText()}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {"answer": "", "text": str(value or "")}
        self.answer.setCurrentIndex(max(0, self.answer.findData(value.get("answer", ""))))
        self.text.setPlainText(str(value.get("text", "")))


class FieldEditor:
    """One form field: its label and editor widget, reading and writing the answer value."""

    def __init__(self, f: FormField, parent: QWidget, uses: str = "") -> None:
        self.field = f
        self.label = QLabel(no_mnemonic(f.label) + (" *" if f.required else "") + ":", parent)
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
        self.label.setBuddy(self.focus_widget())
        # A question Annex B2 asks too: asked here once, and it says where the answer goes.
        self.uses = uses_label(parent, f"uses_{f.id}", uses) if uses else None
        if uses:
            self.focus_widget().setAccessibleDescription(uses)
        self.problem = problem_label(parent, f"problem_{f.id}")
        self._shown = True

    def focus_widget(self) -> QWidget:
        """What takes the focus for this field (a yes/no field's answer first)."""
        return self.widget.answer if isinstance(self.widget, YesNoText) else self.widget

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
                return rules.parse_date(text, self.field.label, today=dates.today()).isoformat()
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
        if self.uses is not None:
            self.uses.setVisible(visible)
        self.problem.setVisible(visible and bool(self.problem.text()))

    def set_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(self._shown and bool(message))


class StackedForm:
    """Fields one under another, each label above its field (with the field's notes under it): the national
    form's long questions wrap across the page's width at any text size (a wrapped label beside a one-line field
    was cut short). Labels stay the fields' buddies."""

    def __init__(self, layout: QVBoxLayout) -> None:
        self.layout = layout

    def add(self, *widgets: QWidget | None) -> None:
        box = QVBoxLayout()
        box.setSpacing(3)
        for w in widgets:
            if w is not None:
                box.addWidget(w)
        self.layout.addLayout(box)
        self.layout.addSpacing(8)


def _scrolling(page: QWizardPage, good_content: str = "") -> tuple[QWidget, QVBoxLayout]:
    """The page's content in a scroll area that takes no focus itself (its fields do, and Tab scrolls each into
    view), so a screen reader never stops on a nameless pane and the page fits a small screen. It opens with the
    page's "Good content: …" line (``page.good``): in the page, it wraps and scrolls at any text size, which the
    wizard's header (a subtitle) does not."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setObjectName("pageScroll")
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps and elides instead
    inner = QWidget(scroll)
    scroll.setWidget(inner)
    outer.addWidget(scroll)
    layout = QVBoxLayout(inner)
    good = plain_label(good_content, inner)
    good.setObjectName("goodContent")
    good.setStyleSheet(USES_STYLE)
    good.setVisible(bool(good_content))
    layout.addWidget(good)
    page.good = good  # type: ignore[attr-defined]
    page.scroller = scroll  # type: ignore[attr-defined]
    return inner, layout


def focus_on(widget: QWidget) -> None:
    """Give ``widget`` the focus and scroll its page to it (Tab scrolls by itself; a jump to a field does not)."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget)


def first_shown(widgets: list[QWidget]) -> QWidget | None:
    return next((w for w in widgets if w.isVisibleTo(w.window()) and w.isEnabled()), None)


class SafetyPage(QWizardPage):
    key = "safety"

    def __init__(self, wizard: ReferralWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Safety first, then who must be told")
        inner, layout = _scrolling(self, "Good content: answer the danger question honestly; then follow the "
                                         "guidance and call the contacts shown.")
        self.danger = DangerQuestion(wizard.session, inner)
        layout.addWidget(self.danger)
        self.danger_uses = uses_label(inner, "uses_immediate_danger", DANGER_USES)
        self.danger.setAccessibleDescription(DANGER_USES)
        layout.addWidget(self.danger_uses)
        self.routing = plain_label("", inner)  # read as it reads: its text is its accessible name
        self.routing.setObjectName("routingGuidance")
        layout.addWidget(self.routing)
        self.contacts = plain_label("", inner)
        self.contacts.setObjectName("routingContacts")
        layout.addWidget(self.contacts)
        layout.addStretch(1)

    def set_danger(self, yes: bool) -> None:
        (self.danger.yes if yes else self.danger.no).setChecked(True)

    def initializePage(self) -> None:
        self.refresh()

    def first_field(self) -> QWidget | None:
        return self.danger.yes if self.danger.yes.isChecked() or not self.danger.answered() else self.danger.no

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


DANGER_USES = ("Answered when the concern was logged; change it here if that has changed. Used in: the case record "
               "and the referral pack (the form's header, with the 999 warning).")


class SectionPage(QWizardPage):
    def __init__(self, wizard: ReferralWizard, section: FormSection) -> None:
        super().__init__()
        self.wiz = wizard
        self.section = section
        self.key = section.id
        nrf = f" (national form section {section.nrf_section})" if section.nrf_section else ""
        self.setTitle(section.title + nrf)
        inner, layout = _scrolling(self, f"Good content: {section.help}" if section.help else "")
        self.note = plain_label("", inner)  # e.g. "filled in from your profile"
        self.note.setObjectName(f"note_{section.id}")
        self.note.setVisible(False)
        layout.addWidget(self.note)
        form = StackedForm(layout)
        self.editors: list[FieldEditor] = []
        for f in section.fields:
            uses = rules.uses_sentence(rules.answer_uses(wizard.form, f.id))
            editor = FieldEditor(f, inner, uses)
            if f.kind == "longtext" and len(section.fields) <= 2:
                editor.widget.setFixedHeight(220)  # a page with one big question gets a big box
            form.add(editor.label, editor.widget, editor.uses, editor.problem)
            self.editors.append(editor)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.apply_visibility()

    def first_field(self) -> QWidget | None:
        return first_shown([e.focus_widget() for e in self.editors])

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def apply_visibility(self) -> None:
        under_18, soldier = self.wiz.flags()
        for e in self.editors:
            e.set_visible(rules.field_applies(e.field, under_18=under_18, soldier=soldier))

    def editor(self, field_id: str) -> FieldEditor:
        for e in self.editors:
            if e.field.id == field_id:
                return e
        raise KeyError(field_id)


class SharedPoint:
    """A point asked once, as a field of the form: the point's text, its answer as given there, and a button that
    goes to the question."""

    def __init__(self, wizard: ReferralWizard, p: FormPoint, parent: QWidget) -> None:
        self.point = p
        source = rules.point_source(wizard.form, p)
        assert source is not None  # only built for a point with answer_from (the profile checks the field exists)
        self.section, self.field = source
        where = (f"section {self.section.nrf_section}, {self.section.title}" if self.section.nrf_section
                 else self.section.title)
        self.label = QLabel(no_mnemonic(f"{p.no}. {p.text}"), parent)
        self.label.setWordWrap(True)
        self.where = uses_label(parent, f"point_{p.no}_where", f"Asked once, in {where}: {self.field.label}")
        self.answer = plain_label("", parent)
        self.answer.setObjectName(f"point_{p.no}_answer")
        self.go = QPushButton("Go to the question", parent)
        self.go.setObjectName(f"point_{p.no}_go")
        self.go.setAccessibleName(f"Point {p.no} is asked once, in {where}, {self.field.label}: go to the question")
        self.go.setStyleSheet(LINK_STYLE.format(colour="#0645ad"))
        self.go.setFlat(True)
        self.go.clicked.connect(lambda: wizard.go_to(self.section.id, self.field.id))
        self.box = QWidget(parent)
        box = QVBoxLayout(self.box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.where)
        box.addWidget(self.answer)
        box.addWidget(self.go, 0, Qt.AlignmentFlag.AlignLeft)

    def show_answer(self, answers: dict[str, Any]) -> None:
        text = rules.answer_text(answers.get(self.field.id)).strip()
        self.answer.setText(f"Answer: {shortened(text, 400)}" if text else "Not answered yet.")

    def set_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.box.setVisible(visible)


class PointsPage(QWizardPage):
    key = "points"

    def __init__(self, wizard: ReferralWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(f"The {len(wizard.form.points)} points of Annex B2")
        inner, layout = _scrolling(self, "Good content: for each point, facts with dates, what was said and how you "
                                         "know; write 'None known' rather than leaving it empty.")
        form = StackedForm(layout)
        # The points answered here; a point asked once, as a field of the form, is a SharedPoint instead.
        self.points: dict[int, tuple[QLabel, QPlainTextEdit, Any]] = {}
        self.shared: dict[int, SharedPoint] = {}
        self.problems: dict[int, QLabel] = {}
        for p in wizard.form.points:
            if p.answer_from:
                shared = SharedPoint(wizard, p, inner)
                form.add(shared.label, shared.box)
                self.shared[p.no] = shared
                continue
            label = QLabel(no_mnemonic(f"{p.no}. {p.text}"), inner)
            label.setWordWrap(True)
            edit = QPlainTextEdit(inner)
            edit.setObjectName(f"point_{p.no}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.setAccessibleName(f"Annex B2 point {p.no}")
            label.setBuddy(edit)
            self.problems[p.no] = problem_label(inner, f"problem_point_{p.no}")
            form.add(label, edit, self.problems[p.no])
            self.points[p.no] = (label, edit, p)
        layout.addStretch(1)

    def initializePage(self) -> None:
        under_18, _ = self.wiz.flags()
        for label, edit, p in self.points.values():
            visible = rules.point_applies(p, under_18=under_18)
            label.setVisible(visible)
            edit.setVisible(visible)
            self.problems[p.no].setVisible(visible and bool(self.problems[p.no].text()))
        answers = self.wiz.answers()
        for shared in self.shared.values():
            shared.set_visible(rules.point_applies(shared.point, under_18=under_18))
            shared.show_answer(answers)

    def first_field(self) -> QWidget | None:
        found: list[tuple[int, QWidget]] = [(no, edit) for no, (_l, edit, _p) in self.points.items()]
        found += [(no, shared.go) for no, shared in self.shared.items()]
        return first_shown([w for _no, w in sorted(found, key=lambda item: item[0])])

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
        inner, layout = _scrolling(self, "Good content: every item below filled in; if something truly cannot be "
                                         "provided, say why.")
        self.inner = inner
        self.summary = plain_label("", inner)
        self.summary.setObjectName("gapSummary")
        layout.addWidget(self.summary)
        self.gap_box = QVBoxLayout()
        layout.addLayout(self.gap_box)
        self.gap_buttons: list[QPushButton] = []
        self.reason_label = QLabel("&Reason for marking ready with gaps (printed as 'Not provided'):", inner)
        self.reason = QPlainTextEdit(inner)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.reason.setAccessibleName("Reason for marking ready with gaps")
        self.reason_label.setBuddy(self.reason)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        self.mark_ready = QPushButton("&Mark referral ready", inner)
        self.mark_ready.clicked.connect(wizard.mark_ready)
        layout.addWidget(self.mark_ready, 0, Qt.AlignmentFlag.AlignLeft)
        self.result = plain_label("", inner, kind=PoliteAlert)  # read as it reads, and announced
        self.result.setObjectName("readyResult")
        layout.addWidget(self.result)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.wiz.save_now()
        self.refresh()

    def first_field(self) -> QWidget | None:
        return first_shown([*self.gap_buttons, self.reason])

    def _link(self, text: str, name: str, colour: str, page: str, item: str, suffix: str = "") -> QPushButton:
        button = LinkButton(shortened(text, LINK_CHARS - len(suffix)), self.inner, suffix)
        text += suffix
        button.setFlat(True)
        button.setStyleSheet(LINK_STYLE.format(colour=colour))
        button.setToolTip(text)
        button.setAccessibleName(name)
        button.setProperty("gap_page", page)
        button.clicked.connect(lambda _=False: self.wiz.go_to(page, item))
        self.gap_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.gap_buttons.append(button)
        return button

    def refresh(self) -> None:
        for b in self.gap_buttons:
            self.gap_box.removeWidget(b)
            b.setParent(None)  # out of the window (and its Tab order) now, not at the next event loop
            b.deleteLater()
        self.gap_buttons = []
        to_fix = referral_draft.problems(self.wiz.session, self.wiz.case_id)
        gaps = referral_draft.gaps(self.wiz.session, self.wiz.case_id)
        lines = []
        if to_fix:
            lines.append(f"{len(to_fix)} answer(s) must be fixed before the referral can be marked ready.")
        questions = len({(g.page, g.item) for g in gaps})
        lines.append("The national form has everything it needs." if not gaps
                     else f"The national form still needs {len(gaps)} item(s)"
                     + (f", from {questions} question(s)." if questions != len(gaps) else "."))
        if to_fix or gaps:
            lines.append("Choose one to go to its page:")
        self.summary.setText(" ".join(lines))
        for problem in to_fix:
            self._link(f"Fix: {problem.message}", f"Go to and fix: {problem.message}", "#8b0000", problem.page,
                       problem.item)
        # One question, one link: a point asked as a field shares the field's link.
        grouped: dict[tuple[str, str], list[rules.Gap]] = {}
        for gap in gaps:
            grouped.setdefault((gap.page, gap.item), []).append(gap)
        for (page, item), same in grouped.items():
            also = [str(g.point) for g in same[1:] if g.point is not None]
            suffix = f" — also Annex B2 point {', '.join(also)}" if also else ""
            self._link(same[0].label, f"Go to: {same[0].label}{suffix}", "#0645ad", page, item, suffix)
        # Tab follows the page: the links, then the reason and the button below them (new buttons would
        # otherwise come last in the window's Tab order).
        chain: list[QWidget] = [*self.gap_buttons, self.reason, self.mark_ready]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)


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
        self._size_for_screen()
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
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Drafts save automatically.")
        self.setButtonLayout([
            QWizard.WizardButton.CustomButton1, QWizard.WizardButton.Stretch, QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
        ])
        # Enter moves on (the Next or Finish button is the default); in a multi-line field Enter is a new line,
        # so Ctrl+Enter moves on there (and everywhere).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.move_on)
        self.timer = SaveTimer(self.save_now, self)
        self._dirty = False
        self.fallback_id: int | None = None  # the "referral" draft kept while the case refuses a save
        self.problems: tuple[rules.FieldProblem, ...] = ()
        self._load()
        for page in self.sections:
            page.apply_visibility()
        self.points.initializePage()
        self.currentIdChanged.connect(self._page_changed)
        if self.read_only:
            for w in self.findChildren(QPlainTextEdit) + self.findChildren(QLineEdit):
                w.setReadOnly(True)
            for c in self.findChildren(QComboBox) + self.findChildren(QPushButton) + self.findChildren(QCheckBox):
                if c.parent() is not self and c not in self.navigation():
                    c.setEnabled(False)
            for b in (self.safety.danger.yes, self.safety.danger.no):
                b.setEnabled(False)
            self.set_status("This case is closed: the referral is read-only.")

    def _size_for_screen(self) -> None:
        """As big as is comfortable, never bigger than the screen's work area (a 1366×768 laptop included)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = PREFERRED_SIZE
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, area.width() - FRAME_ALLOWANCE[0])
            height = min(height, area.height() - FRAME_ALLOWANCE[1])
        self.setMinimumSize(min(MINIMUM_SIZE[0], width), min(MINIMUM_SIZE[1], height))
        self.resize(width, height)

    def navigation(self) -> list[QWidget]:
        """The wizard's own buttons (the pages' links go to pages, so they stay usable read-only)."""
        links = [s.go for s in self.points.shared.values()]
        return [*links, *self.complete.gap_buttons]

    # --- data ------------------------------------------------------------------------------------
    def _danger_toggled(self, _button: object, checked: bool) -> None:
        if checked:  # the answer now given (the other button's toggle off is the same change)
            self.changed()

    def _load(self) -> None:
        self._loading = True
        draft = referral_draft.load(self.session, self.case_id)
        self.version = draft.version
        self.fill(draft.answers, draft.points)
        self.safety.set_danger(draft.immediate_danger)
        self.safety.danger.group.buttonToggled.connect(self._danger_toggled)
        for page in self.sections:
            for e in page.editors:
                e.connect(self.changed)
        for _label, edit, _p in self.points.points.values():
            edit.textChanged.connect(self.changed)
        self._loading = False
        self.show_problems(draft.problems)
        if draft.prefilled:  # the DSO's profile filled the referrer's details: saved with the next save
            self._dirty = not self.read_only
            for page in self.sections:
                if any(e.field.id in draft.prefilled for e in page.editors):
                    page.set_note("Filled in from your profile (Vault → Settings): your name, role and "
                                  "organisation, telephone and email. Change anything for this referral here.")

    def fill(self, answers: dict[str, Any], points: dict[str, str]) -> None:
        for page in self.sections:
            for e in page.editors:
                e.set_value(answers.get(e.field.id, ""))
        for no, (_label, edit, _p) in self.points.points.items():
            edit.setPlainText(str(points.get(str(no), "")))

    def resume(self, draft: Draft) -> None:
        """Reopened from a "referral" draft (answers a save refused): they go on screen and are saved now (an
        answer to a point that is now asked as a field is joined into that field, never dropped)."""
        values = draft.values
        answers, points = rules.join_shared_answers(
            self.form, dict(values.get("answers") or {}), dict(values.get("points") or {}))
        self.fill(answers, points)
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

    def danger_answer(self) -> bool | None:
        return self.safety.danger.in_danger() if self.safety.danger.answered() else None

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
                                        self.point_answers(), immediate_danger=self.danger_answer())
        except KnownError as exc:
            kept = self._keep_as_draft()
            self.set_status(f"Not saved: {exc}" + ("" if kept else " Nor could it be kept as a draft."))
            return False
        self.version = saved.version
        self.immediate_danger = saved.immediate_danger
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
        self.status.setAccessibleName(text)  # what it says, for a screen reader (no short name that hides it)
        self.last_status = text

    # --- navigation ------------------------------------------------------------------------------
    def _page_changed(self, _id: int) -> None:
        self.save_now()
        page = self.currentPage()
        if isinstance(page, SectionPage | PointsPage | SafetyPage | CompletenessPage):
            target = page.first_field()
            if target is not None:
                focus_on(target)

    def move_on(self) -> None:
        """Ctrl+Enter: the next page, or Finish on the last one (Enter does the same outside multi-line fields)."""
        if self.currentId() == self.page_ids["complete"]:
            self.accept()
        else:
            self.next()

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
                focus_on(page.editor(item).focus_widget())
            except KeyError:
                return
        elif isinstance(page, PointsPage) and item.startswith("point-"):
            entry = page.points.get(int(item.split("-")[1]))
            if entry:
                focus_on(entry[1])

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
