"""Contacts: the key contacts grouped as in the policy."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import registry
from prevent_desktop.services.session import Session
from prevent_desktop.storage.contacts import ContactRow
from prevent_desktop.ui.models import Column, RecordTableModel
from prevent_desktop.ui.pages.base import TablePage


def _numbers(c: ContactRow) -> str:
    return "\n".join(f"{label}: {number}" if label else number for label, number in c.phones)


COLUMNS: list[Column[ContactRow]] = [
    Column("Group", lambda c: c.group_title),
    Column("Name", lambda c: c.name),
    Column("Role", lambda c: c.role),
    Column("Organisation", lambda c: c.organisation),
    Column("Numbers", _numbers),
    Column("Email", lambda c: "\n".join(c.emails) or c.web),
    Column("When to use", lambda c: c.when_to_use),
    Column("Last verified", lambda c: uk_date(c.last_verified)),
]


class ContactsPage(TablePage):
    title = "Contacts"
    help_text = "Who to call, with every number kept on this computer so it works with no network."

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(RecordTableModel(COLUMNS), parent)
        self.session = session
        self.model.set_rows(registry.list_contacts(session))
        self.fit_columns()
