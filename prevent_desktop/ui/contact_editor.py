"""Add or edit a contact. A bad value keeps the dialog open with a message naming the field; nothing is changed.
What is typed is kept as a draft in the vault until it is saved (``ui/draft_keeper.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from prevent_desktop.domain.contact_records import ContactDraft, ContactRow
from prevent_desktop.domain.drafts import Draft
from prevent_desktop.errors import KnownError
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import editing as contact_editing
from prevent_desktop.services.session import Session
from prevent_desktop.ui.draft_keeper import DraftKeeper
from prevent_desktop.ui.forms.ui_contact_editor import Ui_ContactEditor


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_phone_lines(text: str) -> tuple[tuple[str, str], ...]:
    """ "Desk: 01634 822386" -> ("Desk", "01634 822386"); a line without a label keeps an empty label."""
    out = []
    for line in _lines(text):
        label, sep, number = line.rpartition(":")
        out.append((label.strip(), number.strip()) if sep else ("", line))
    return tuple(out)


class ContactEditor(QDialog):
    """``contact=None`` adds a new contact. ``saved_id`` holds the contact's id after a successful save."""

    def __init__(self, session: Session, contact: ContactRow | None = None, parent: QWidget | None = None,
                 draft: Draft | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.contact = contact
        self.saved_id: str | None = None
        self.changed_fields: list[str] = []
        self.ui = Ui_ContactEditor()
        self.ui.setupUi(self)
        self.setWindowTitle("Edit contact" if contact else "Add a contact")
        for g in contact_directory.groups(session):
            self.ui.groupCombo.addItem(g.title, g.id)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        # The text boxes' heights in lines, so that they grow with the text size (the form scrolls when it must).
        line = self.fontMetrics().lineSpacing()
        for edit, lines in ((self.ui.phonesEdit, 3), (self.ui.emailsEdit, 2), (self.ui.whenEdit, 2),
                            (self.ui.notesEdit, 2)):
            edit.setMaximumHeight(line * lines + 2 * edit.frameWidth() + 12)
        if contact is not None:
            self._fill(contact)
        else:
            self.ui.reasonLabel.setVisible(False)
            self.ui.reasonEdit.setVisible(False)
        ui = self.ui
        self.keeper = DraftKeeper(self, session, "contact", {
            "group": ui.groupCombo, "name": ui.nameEdit, "role": ui.roleEdit, "organisation": ui.organisationEdit,
            "phones": ui.phonesEdit, "emails": ui.emailsEdit, "web": ui.webEdit, "when_to_use": ui.whenEdit,
            "notes": ui.notesEdit, "last_verified": ui.lastVerifiedEdit, "out_of_hours": ui.outOfHoursCheck,
            "public_line": ui.publicLineCheck, "reason": ui.reasonEdit,
        }, context={"contact_id": contact.id if contact else ""})
        self.keeper.failed.connect(ui.errorLabel.setText)
        if draft is not None:
            self.keeper.restore(draft)

    def _fill(self, c: ContactRow) -> None:
        ui = self.ui
        ui.groupCombo.setCurrentIndex(max(0, ui.groupCombo.findData(c.group_id)))
        ui.nameEdit.setText(c.name)
        ui.roleEdit.setText(c.role)
        ui.organisationEdit.setText(c.organisation)
        ui.phonesEdit.setPlainText("\n".join(f"{lb}: {n}" if lb else n for lb, n in c.phones))
        ui.emailsEdit.setPlainText("\n".join(c.emails))
        ui.webEdit.setText(c.web)
        ui.whenEdit.setPlainText(c.when_to_use)
        ui.notesEdit.setPlainText(c.notes)
        ui.lastVerifiedEdit.setText(c.last_verified)
        ui.outOfHoursCheck.setChecked(c.out_of_hours)
        ui.publicLineCheck.setChecked(c.public_line)

    def draft(self) -> ContactDraft:
        ui = self.ui
        return ContactDraft(
            group_id=str(ui.groupCombo.currentData() or ""),
            role=ui.roleEdit.text(),
            name=ui.nameEdit.text(),
            organisation=ui.organisationEdit.text(),
            phones=parse_phone_lines(ui.phonesEdit.toPlainText()),
            emails=tuple(_lines(ui.emailsEdit.toPlainText())),
            web=ui.webEdit.text(),
            when_to_use=ui.whenEdit.toPlainText(),
            notes=ui.notesEdit.toPlainText(),
            out_of_hours=ui.outOfHoursCheck.isChecked(),
            public_line=ui.publicLineCheck.isChecked(),
            last_verified=ui.lastVerifiedEdit.text(),
        )

    def save(self) -> None:
        try:
            if self.contact is None:
                self.saved_id = contact_editing.add_contact(self.session, self.draft()).id
            else:
                self.changed_fields = contact_editing.update_contact(
                    self.session, self.contact.id, self.draft(), self.ui.reasonEdit.text().strip()
                )
                self.saved_id = self.contact.id
        except KnownError as exc:
            self.ui.errorLabel.setText(f"Not saved: {exc}")
            self.ui.errorLabel.setStyleSheet("color: #a4000f; font-weight: bold;")
            return
        self.keeper.finish()
        self.accept()

    def reject(self) -> None:  # Esc, Cancel, the close button: typed text is never dropped without asking
        if self.keeper.allow_close():
            super().reject()
