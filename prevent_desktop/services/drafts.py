"""Unsaved work, kept in the vault as it is typed (``domain/drafts.py``): the editors' one mechanism.

Each call is one short transaction on the caller's connection (the GUI's, on the UI thread). ``save`` writes what
an editor holds; ``done`` removes the draft once the editor's record is saved; ``discard`` removes it when the DSO
says so (audited); ``pending`` lists what to offer back after unlock. Audit entries carry ids only.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from prevent_desktop.domain.drafts import DRAFT_KINDS, Draft, DraftSummary, draft_label
from prevent_desktop.errors import KnownError
from prevent_desktop.services import plan
from prevent_desktop.services.contacts.directory import get_contact
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as case_store
from prevent_desktop.storage import drafts as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def _detail(draft_id: int, kind: str, case_id: int | None) -> str:
    return f"draft={draft_id} kind={kind}" + (f" case={case_id}" if case_id is not None else "")


def save(
    session: Session,
    draft_id: int | None,
    kind: str,
    values: dict[str, Any],
    *,
    case_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> int:
    """Keep what an editor holds; returns the draft's id (a new draft when ``draft_id`` is None or that draft
    was discarded meanwhile, e.g. in another window)."""
    if kind not in DRAFT_KINDS:
        raise ValueError(f"unknown draft kind {kind!r}")  # a programming error, not the DSO's
    now = now_iso()
    with transaction(session.conn):
        if draft_id is not None and store.update(session.conn, draft_id, kind, values, now):
            return draft_id
        new_id = store.insert(session.conn, kind, case_id, dict(context or {}), values, now)
        session.audit("draft.create", "draft", str(new_id), _detail(new_id, kind, case_id))
    return new_id


def get(session: Session, draft_id: int) -> Draft | None:
    return store.get(session.conn, draft_id)


def done(session: Session, draft_id: int) -> None:
    """The editor saved its record (which is audited itself) or its text was cleared: the draft goes."""
    with transaction(session.conn):
        store.delete(session.conn, draft_id)


def discard(session: Session, draft_id: int) -> bool:
    """The DSO chose to throw the draft away: deleted (its pages zeroed by secure_delete) and audited."""
    with transaction(session.conn):
        draft = store.get(session.conn, draft_id)
        if draft is None:
            return False
        store.delete(session.conn, draft_id)
        session.audit("draft.discard", "draft", str(draft_id), _detail(draft_id, draft.kind, draft.case_id))
    return True


def pending(session: Session, exclude: Collection[int] = ()) -> list[DraftSummary]:
    """The drafts to offer back, most recently typed first; ``exclude``: drafts an open editor holds."""
    return [DraftSummary(d, draft_label(d.kind), about(session, d)) for d in store.all_drafts(session.conn)
            if d.id not in exclude]


def _named(values: dict[str, Any], *keys: str) -> str:
    return " ".join(str(values.get(k) or "").strip() for k in keys if str(values.get(k) or "").strip())


def about(session: Session, draft: Draft) -> str:
    """Which case, contact or action-plan row a draft is about, in a few words."""
    if draft.case_id is not None:
        case = case_store.get_case(session.conn, draft.case_id)
        if case is None:
            return "A case that is no longer in the vault"
        person = case_store.get_person(session.conn, case.person_id)
        name = f"{person.forenames} {person.surname}" if person else ""
        return f"{case.ref} — {name}".strip(" —")
    if draft.kind == "concern":
        name = _named(draft.values, "forenames", "surname")
        text = f"New concern about {name}" if name else "New concern (no name typed yet)"
        return text + (" — IMMEDIATE DANGER: YES" if draft.values.get("danger_yes") is True else "")
    if draft.kind == "contact":
        contact_id = str(draft.context.get("contact_id") or "")
        if not contact_id:
            name = _named(draft.values, "name", "role")
            return f"New contact: {name}" if name else "New contact"
        try:
            return f"Contact: {get_contact(session, contact_id).display_name}"
        except KnownError:
            return "A contact that is no longer in the vault"
    if draft.kind.startswith("plan."):
        row_id = draft.context.get("row_id")
        if row_id is None:
            return "The action plan"
        try:
            record = plan.row(session, int(row_id))
        except KnownError:
            return "An action-plan row that is no longer in the vault"
        return f"Action plan row {record.no}: {record.area}"
    return ""
