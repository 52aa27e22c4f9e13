"""Changing contacts: add, edit, retire (never delete), restore, mark verified; each change written with one
history row per changed field, in one transaction with its audit entry."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from prevent_desktop.domain import contacts as rules
from prevent_desktop.domain.contact_records import ContactDraft, ContactRow, HistoryRow, changed_fields, history_values
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.contacts.directory import get_contact, group_ids
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def new_contact_id(session: Session, draft: ContactDraft, taken: set[str] | None = None) -> str:
    """A readable id not yet used. ``taken`` (when given) must already hold every id in the vault."""
    existing = taken if taken is not None else store.contact_ids(session.conn)
    base = rules.slug(f"{draft.organisation} {draft.name or draft.role}")
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def write_new(session: Session, row: ContactRow, at: str, reason: str) -> None:
    """Insert a validated contact, its history starting with every filled field. Inside the caller's
    transaction."""
    store.insert(session.conn, row, session.user, at)
    for name, value in history_values(row).items():
        if value:
            store.add_history(session.conn, row.id, at, session.user, name, "", value, reason or "added")


def write_changes(session: Session, old: ContactRow, new: ContactRow, at: str, reason: str) -> list[str]:
    """Update ``old`` to the validated ``new`` with a history row per changed field; returns their names (none:
    nothing written). Inside the caller's transaction."""
    new = dataclasses.replace(new, id=old.id, position=old.position)
    changed = changed_fields(old, new)
    if not changed and new.phones_e164 == old.phones_e164:
        return []
    before, after = history_values(old), history_values(new)
    store.update(session.conn, new, session.user, at)
    for name in changed:
        store.add_history(session.conn, old.id, at, session.user, name, before[name], after[name], reason)
    return changed


def add_contact(session: Session, draft: ContactDraft, contact_id: str | None = None) -> ContactRow:
    v = rules.validate(draft, group_ids(session))
    cid = contact_id or new_contact_id(session, v)
    if not rules.is_valid_id(cid):
        raise ValidationError("id: use lower-case letters, digits, '-' or '_'.")
    with transaction(session.conn):
        if store.get(session.conn, cid) is not None:
            raise ValidationError("id: a contact with this id already exists.")
        write_new(session, ContactRow.from_draft(v, id=cid, retired_at=None), now_iso(), "added")
        session.audit("contact.add", "contact", cid)
    return get_contact(session, cid)


def update_contact(session: Session, contact_id: str, draft: ContactDraft, reason: str = "") -> list[str]:
    """Save an edit (the draft's own fields; its id, retired date and the like are ignored); returns the names of
    the fields that changed (none: nothing written)."""
    v = rules.validate(draft, group_ids(session))
    with transaction(session.conn):
        old = get_contact(session, contact_id)
        new = ContactRow.from_draft(v, id=old.id, retired_at=old.retired_at, position=old.position)
        changed = write_changes(session, old, new, now_iso(), reason)
        if changed:
            session.audit("contact.update", "contact", contact_id, f"fields={len(changed)}")
    return changed


def _set_status(
    session: Session, contact_id: str, change: Callable[[ContactRow], ContactRow], action: str, reason: str
) -> bool:
    with transaction(session.conn):
        old = get_contact(session, contact_id)
        new = rules.validate(change(old), group_ids(session))
        changed = write_changes(session, old, new, now_iso(), reason)
        if changed:
            session.audit(action, "contact", contact_id)
    return bool(changed)


def retire_contact(session: Session, contact_id: str, reason: str = "", today: date | None = None) -> bool:
    day = (today or date.today()).isoformat()
    return _set_status(
        session,
        contact_id,
        lambda c: c if c.retired else dataclasses.replace(c, retired_at=day),
        "contact.retire",
        reason or "retired",
    )


def restore_contact(session: Session, contact_id: str, reason: str = "") -> bool:
    return _set_status(
        session, contact_id, lambda c: dataclasses.replace(c, retired_at=None), "contact.restore", reason or "restored"
    )


def mark_verified(session: Session, contact_id: str, today: date | None = None) -> bool:
    day = (today or date.today()).isoformat()
    return _set_status(
        session, contact_id, lambda c: dataclasses.replace(c, last_verified=day), "contact.verify", "verified"
    )


def history(session: Session, contact_id: str) -> list[HistoryRow]:
    return store.history(session.conn, contact_id)
