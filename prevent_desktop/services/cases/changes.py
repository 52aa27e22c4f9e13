"""What every change to a case goes through: the case (and its person) loaded or a clear error, the closed and
version checks, and the chronology entry that records it, with the status event it carries.

The one place a case's stored status is written: :func:`add_entry` with an ``event`` checks that the status allows
it (``domain.case_status.refusal``), records it and stores ``case_state(events)`` (status and closing date) in the
same transaction, so the ``cases.status`` column always equals the rule's result."""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain import case_status
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseRecord, PersonRecord
from prevent_desktop.domain.case_status import CaseEvent, CaseState
from prevent_desktop.errors import KnownError, ValidationError
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
    if case.status == "closed" and not allow_closed:  # the stored copy of the rule's status (sync_status)
        raise rules.ClosedCaseError()
    values = {**values, "updated_at": now_iso()}
    if not store.update_case(session.conn, case_id, version, values):
        raise rules.ConcurrencyError()
    return version + 1


def state_of(session: Session, case_id: int) -> CaseState:
    """Where the case stands by the status rule (its events replayed)."""
    return case_status.case_state(store.case_events(session.conn, case_id))


_REFUSALS = {
    "open": "This case is open: only a closed case can be reopened.",
    "decided": "A decision has already been recorded on this case; the referral stays as it was sent.",
    "unknown": "That is not a step this version of Prevent Desktop knows.",
}


def check_event(session: Session, case_id: int, event: CaseEvent) -> CaseState:
    """The case's state, if it allows ``event``; otherwise a sentence saying why not."""
    state = state_of(session, case_id)
    why = case_status.refusal(state.status, event)
    if why == "closed":
        raise rules.ClosedCaseError()
    if why:
        raise ValidationError(_REFUSALS.get(why, "This step does not apply to the case as it stands."))
    return state


def add_entry(
    session: Session, case_id: int, kind: str, text: str, *, occurred: str = "", amends_id: int | None = None,
    event: CaseEvent | None = None,
) -> int:
    """A chronology entry by the session's user, recorded now (``occurred`` defaults to now). With ``event`` (its
    ``on`` defaults to the entry's date) the entry moves the case on: refused with a sentence if the status does
    not allow it, and the stored status follows the rule. Run inside the caller's transaction."""
    now = now_iso()
    when = occurred or now
    if event is not None:
        event = CaseEvent(event.kind, event.detail, (event.on or when)[:10])
        check_event(session, case_id, event)
    entry = store.add_chronology(
        session.conn, case_id, kind, text, occurred=when, recorded=now, author=session.user,
        amends_id=amends_id, event=event.code if event is not None else "",
    )
    if event is not None:
        sync_status(session, case_id)
    return entry


def sync_status(session: Session, case_id: int) -> CaseState:
    """Store the status rule's result for the case (after its events changed, or an import)."""
    state = state_of(session, case_id)
    store.set_status(session.conn, case_id, state.status, state.closed_on)
    return state
