"""The Policies page's dialogs, each a Designer form (forms/policy_*.ui): add/edit an associated policy, record a
new version of this policy, add/edit a summary-of-changes line. Save runs the service; a known error is shown in
the form's ``messageLabel`` and the dialog stays open with everything typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from prevent_desktop.domain.dates import add_months
from prevent_desktop.domain.plan import parse_when
from prevent_desktop.domain.policies import DEFAULT_INTERVAL_MONTHS, GROUPS, AssociatedPolicy, PolicyChange
from prevent_desktop.errors import KnownError
from prevent_desktop.services import policies
from prevent_desktop.services.session import Session
from prevent_desktop.ui.forms.ui_policy_change_dialog import Ui_PolicyChangeDialog
from prevent_desktop.ui.forms.ui_policy_dialog import Ui_PolicyDialog
from prevent_desktop.ui.forms.ui_policy_version_dialog import Ui_PolicyVersionDialog


def for_edit(value: str) -> str:
    """Stored ISO text as the editor shows it (DD/MM/YYYY or MM/YYYY)."""
    try:
        return parse_when(value).editable
    except ValueError:
        return value


def next_version(version: str) -> str:
    try:
        return str(int(version) + 1)
    except ValueError:
        return version


class SaveDialog(QDialog):
    """A dialog from a Designer form with ``messageLabel`` and ``buttonBox``: Save runs ``apply``."""

    message: QLabel

    def _wire(self, message: QLabel, buttons: QDialogButtonBox) -> None:
        self.message = message
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.resize(self.width(), self.sizeHint().height())

    def save(self) -> None:
        try:
            self.apply()
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.accept()

    def apply(self) -> None:
        raise NotImplementedError


class PolicyDialog(SaveDialog):
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
        for key, text in GROUPS.items():
            self.group.addItem(text, key)
        self.group.setCurrentIndex(max(self.group.findData(policy.group if policy else "training"), 0))
        if policy is not None:
            self.name.setText(policy.name)
            self.owner.setText(policy.owner)
            self.last_review.setText(for_edit(policy.last_review))
        self.interval.setValue(policy.review_interval_months if policy else DEFAULT_INTERVAL_MONTHS)
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


class VersionDialog(SaveDialog):
    """Record a new version of this policy's metadata; the old version stays in the history
    (forms/policy_version_dialog.ui)."""

    def __init__(self, session: Session, parent: QWidget | None = None, today: date | None = None) -> None:
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
        self.version.setText(next_version(current.version))
        self.effective.setText(for_edit(current.effective_date))
        day = today or date.today()
        self.reviewed.setText(day.strftime("%d/%m/%Y"))
        self.next_review.setText(add_months(day, 12).strftime("%d/%m/%Y"))
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


class ChangeDialog(SaveDialog):
    """Add or edit a line of the summary of changes (forms/policy_change_dialog.ui)."""

    def __init__(
        self, session: Session, change: PolicyChange | None, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PolicyChangeDialog()
        self.ui.setupUi(self)
        self.setWindowTitle("Edit change" if change else "Add a change")
        self.session = session
        self.change = change
        self.issue = self.ui.issueEdit
        self.day = self.ui.dateEdit
        self.summary = self.ui.summaryEdit
        self.issue.setText(change.issue if change else policies.current_version(session).version)
        self.day.setText(for_edit(change.date) if change else (today or date.today()).strftime("%m/%Y"))
        self.summary.setPlainText(change.summary if change else "")
        self._wire(self.ui.messageLabel, self.ui.buttonBox)

    def apply(self) -> None:
        if self.change is None:
            policies.add_change(self.session, self.issue.text(), self.day.text(), self.summary.toPlainText())
        else:
            policies.update_change(
                self.session, self.change.id, self.issue.text(), self.day.text(), self.summary.toPlainText()
            )
