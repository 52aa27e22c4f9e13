"""The contacts directory: groups, contacts in the directory's order, search, and who is due for re-verification.
The matching and staleness rules themselves are in ``domain/contacts.py``."""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain import contacts as rules
from prevent_desktop.domain.contact_records import ContactGroupRow, ContactRow
from prevent_desktop.errors import KnownError
from prevent_desktop.services.contacts.settings import stale_months
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts as store


def groups(session: Session) -> list[ContactGroupRow]:
    return store.list_groups(session.conn)


def group_ids(session: Session) -> list[str]:
    return [g.id for g in store.list_groups(session.conn)]


def directory(session: Session, include_retired: bool = False) -> list[ContactRow]:
    return store.list_contacts(session.conn, include_retired=include_retired)


def get_contact(session: Session, contact_id: str) -> ContactRow:
    row = store.get(session.conn, contact_id)
    if row is None:
        raise KnownError("That contact no longer exists in this vault.")
    return row


def search(session: Session, query: str, include_retired: bool = False) -> list[ContactRow]:
    return [c for c in directory(session, include_retired) if rules.contact_matches(c, query)]


def stale_contacts(session: Session, today: date | None = None) -> list[ContactRow]:
    day = today or date.today()
    months = stale_months(session)
    return [c for c in directory(session) if rules.is_stale(c, day, months)]
