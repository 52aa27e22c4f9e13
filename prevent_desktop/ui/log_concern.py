"""Log a concern fast, keyboard only. "Is anyone in immediate danger?" comes first: Yes shows "Call 999 now".

What is typed is kept as a draft in the vault as it is typed (``ui/draft_keeper.py``): a lock, a crash or Esc never
loses it silently."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from prevent_desktop.domain import case_records
from prevent_desktop.domain.cases import DANGER_QUESTION
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import guidance, intake
from prevent_desktop.services.session import Session
from prevent_desktop.ui.a11y import AlertLabel
from prevent_desktop.ui.category_picker import CategoryPicker
from prevent_desktop.ui.draft_keeper import DraftKeeper
from prevent_desktop.ui.forms.ui_log_concern import Ui_LogConcernDialog

DANGER_STYLE = "QLabel { background: #8b0000; color: white; font-weight: bold; padding: 8px; }"


def plain_label(text: str, parent: QWidget | None = None, *, kind: type[QLabel] = QLabel) -> QLabel:
    """A label showing ``text`` exactly as typed (no markup), wrapped; ``kind=AlertLabel`` for one a screen reader
    announces when it appears or changes."""
    label = kind(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def danger_text(session: Session) -> str:
    lines = ["CALL 999 NOW. If anyone is in immediate danger, call the police on 999 before anything else."]
    lines += [guidance.contact_line(c) for c in guidance.emergency_contacts(session)]
    return "\n".join(lines)


class DangerQuestion(QGroupBox):
    """Yes / No to "Is anyone in immediate danger right now?"; Yes shows the 999 message and police numbers.

    An arrow key answers (it checks the button it moves to, as radio buttons do on Windows), even before either
    is chosen: one key for the answer, never a guessed default."""

    ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(DANGER_QUESTION, parent)
        self.setAccessibleName(DANGER_QUESTION)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.yes = QRadioButton("&Yes", self)
        self.no = QRadioButton("N&o", self)
        self.yes.setAccessibleName("Yes, someone is in immediate danger")
        self.no.setAccessibleName("No immediate danger")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        row.addStretch(1)
        layout.addLayout(row)
        # read as it reads, "CALL 999 NOW…", and announced when Yes shows it
        self.call_999 = plain_label(danger_text(session), self, kind=AlertLabel)
        self.call_999.setObjectName("call999")
        self.call_999.setStyleSheet(DANGER_STYLE)
        self.call_999.setVisible(False)
        layout.addWidget(self.call_999)
        self.yes.toggled.connect(self.call_999.setVisible)
        for button in (self.yes, self.no):
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and watched in (self.yes, self.no)
                and isinstance(event, QKeyEvent) and event.key() in self.ARROWS
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            other = self.no if watched is self.yes else self.yes
            other.setFocus(Qt.FocusReason.TabFocusReason)
            other.setChecked(True)
            return True
        return False

    def answered(self) -> bool:
        return self.yes.isChecked() or self.no.isChecked()

    def in_danger(self) -> bool:
        return self.yes.isChecked()


class LogConcernDialog(QDialog):
    """The form is ``forms/log_concern.ui``; the danger question (with its 999 panel) is inserted at the top."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id: int | None = None
        self.ui = Ui_LogConcernDialog()
        self.ui.setupUi(self)
        self.danger = DangerQuestion(session, self.ui.dangerHost)
        self.ui.dangerLayout.addWidget(self.danger)
        ui = self.ui
        self.forenames, self.surname, self.dob = ui.forenamesEdit, ui.surnameEdit, ui.dobEdit
        self.role, self.match, self.match_note = ui.roleCombo, ui.matchCombo, ui.matchNote
        self.raised_by, self.raiser, self.when, self.what = ui.raisedByCombo, ui.raiserEdit, ui.whenEdit, ui.whatEdit
        self.error, self.buttons = ui.errorLabel, ui.buttonBox
        self.category = CategoryPicker(session, self)  # the type of concern (ui/category_picker.py)
        self.category.place_in(ui.formLayout, after=ui.whatEdit)
        for rid, label in guidance.subject_roles(session):
            self.role.addItem(label, rid)
        self.match.addItem("New person", None)
        self.match.setEnabled(False)  # a choice only when a person record matches (then it is a Tab stop)
        self.match.setToolTip("Offered when an existing person record matches the name or date of birth typed.")
        self.match_note.setVisible(False)
        for rid, label in guidance.raiser_roles(session):
            self.raised_by.addItem(label, rid)
        self.when.setText(date.today().strftime("%d/%m/%Y"))
        self.error.setStyleSheet("QLabel { color: #8b0000; font-weight: bold; }")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Sa&ve")  # the platform's "&Save" would clash with "&Surname"
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Enter in a one-line field saves (Save is the default button); in "What happened" Enter is a new line and
        # Ctrl+Enter saves.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        for edit in (self.forenames, self.surname, self.dob):
            edit.editingFinished.connect(self.check_matches)
        chain: list[QWidget] = [self.danger.yes, self.danger.no, self.forenames, self.surname, self.dob, self.role,
                                self.match, self.raised_by, self.raiser, self.when, self.what]
        for before, after in itertools.pairwise(chain):  # the reading order (the danger question is added last)
            QWidget.setTabOrder(before, after)
        self.danger.yes.setFocus()
        self.keeper = DraftKeeper(self, session, "concern", {
            "danger_yes": self.danger.yes, "danger_no": self.danger.no, "forenames": self.forenames,
            "surname": self.surname, "dob": self.dob, "role": self.role, "match": self.match,
            "raised_by": self.raised_by, "raiser": self.raiser, "when": self.when, "what": self.what,
            "category": self.category.combo,
        })
        self.keeper.failed.connect(self.error.setText)

    def resume(self, draft: Draft) -> None:
        """Reopened from a draft (after unlock or a crash): everything typed, the danger answer and the person
        record chosen."""
        self.keeper.restore(draft)
        self.refresh_matches(select=draft.values.get("match"))

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper.allow_close():
            super().reject()

    def check_matches(self) -> None:
        if not self.isVisible():  # focus leaving as the dialog closes: nothing to look up
            return
        self.refresh_matches()

    def refresh_matches(self, select: object = None) -> None:
        matches = intake.find_matches(self.session, self.forenames.text(), self.surname.text(), self.dob.text())
        current = select if select is not None else self.match.currentData()
        self.match.clear()
        self.match.addItem("New person", None)
        self.match.setEnabled(bool(matches))
        for m in matches:
            refs = ", ".join(m.case_refs) or "no cases"
            self.match.addItem(f"{m.name}, born {uk_date(m.dob, 'unknown')} ({m.why}; {refs})", m.person_id)
        if matches:
            self.match_note.setText(
                f"Possible repeat concern: {len(matches)} existing person record(s) match. "
                "Choose one under Person record to link this concern to their history."
            )
            index = self.match.findData(current)
            if index >= 0:
                self.match.setCurrentIndex(index)
        self.match_note.setVisible(bool(matches))

    def save(self) -> None:
        if not self.danger.answered():
            self.error.setText("Answer the immediate-danger question first.")
            self.danger.yes.setFocus()
            return
        data = case_records.ConcernInput(
            forenames=self.forenames.text(),
            surname=self.surname.text(),
            dob=self.dob.text(),
            subject_role=str(self.role.currentData()),
            raised_by_role=str(self.raised_by.currentData()),
            raiser_name=self.raiser.text(),
            concern_date=self.when.text(),
            what_happened=self.what.toPlainText(),
            immediate_danger=self.danger.in_danger(),
            link_person_id=self.match.currentData(),
            category=self.category.value(),
        )
        try:
            self.case_id = intake.log_concern(self.session, data)
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        self.keeper.finish()
        self.accept()
