"""What every change to a case goes through: the case (and its person) loaded or a clear error, the closed and
version checks, and the chronology entry that records it."""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseRecord, PersonRecord
from prevent_desktop.errors import KnownError
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso


def case_or_fail(session: Session, case_id: int) -> CaseRecord:
    case = store.get_case(session.conn, case_id)
    if case is None:
        raise KnownError(f"There is no case with id {case_id}.")
    return case


def person_of(session: Session, case: CaseRecord) -> PersonRecord:
    person = store.get_person(session.conn, case.person_id)
    if person is None:  # the schema's foreign key keeps this from happening
        raise KnownError(f"Case {case.ref} names a person who is not in this vault.")
    return person


def update_case(
    session: Session, case_id: int, version: int, values: dict[str, Any], *, allow_closed: bool = False
) -> int:
    """Write ``values`` (columns) if the case is open and still at ``version``; returns the new version."""
    case = case_or_fail(session, case_id)
    if case.status == "closed" and not allow_closed:
        raise rules.ClosedCaseError()
    values = {**values, "updated_at": now_iso()}
    if not store.update_case(session.conn, case_id, version, values):
        raise rules.ConcurrencyError()
    return version + 1


def add_entry(
    session: Session, case_id: int, kind: str, text: str, *, occurred: str = "", amends_id: int | None = None
) -> int:
    """A chronology entry by the session's user, recorded now (``occurred`` defaults to now)."""
    now = now_iso()
    return store.add_chronology(
        session.conn, case_id, kind, text, occurred=occurred or now, recorded=now, author=session.user,
        amends_id=amends_id,
    )
