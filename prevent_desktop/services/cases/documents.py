"""Exports and prints appear in the chronology (called by ``services.exports`` inside its audit transaction)."""

from __future__ import annotations

from prevent_desktop.services.cases.changes import add_entry
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store

_DOCUMENT_NAMES = {"referral-pack": "Referral pack", "case-file": "Case file"}


def record_document_event(
    session: Session, *, action: str, kind: str, case_id: int | None, person_id: int | None, detail: str
) -> None:
    """Add "Referral pack exported (encrypted)" / "... printed" to the case's chronology; a case file is noted
    in each of the person's cases. Runs inside the caller's transaction."""
    verb = "printed" if action.startswith("print") else "exported"
    encrypted = " (encrypted)" if "encrypted=yes" in detail else (" (NOT encrypted)" if verb == "exported" else "")
    text = f"{_DOCUMENT_NAMES.get(kind, kind)} {verb}{encrypted}."
    targets: list[int] = []
    if case_id is not None:
        targets = [case_id] if store.get_case(session.conn, case_id) is not None else []
    elif person_id is not None:
        targets = [other_id for other_id, _ref in store.refs_of_person(session.conn, person_id)]
    for target in targets:
        add_entry(session, target, "document", text)
