"""What the DSO records on a case after the concern: decisions, outcomes (an exit schedules the 6- and 12-month
reviews), completed reviews, notes, addenda (corrections: entries are never edited), closing and reopening.

Each step that moves the case on is a status event on its chronology entry (``changes.add_entry``); the status
follows from the events by the one rule (``domain.case_status``). A closed case keeps taking notes, addenda, files
and reviews (policy 3.13: late information must be recordable); decisions and outcomes need it reopened first."""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain import case_status, dates
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_status import CaseEvent
from prevent_desktop.domain.dates import add_months
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.cases.changes import add_entry, case_or_fail, update_case
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def _date_or_today(text: str, what: str) -> str:
    if not (text or "").strip():
        return dates.today().isoformat()
    when = rules.parse_date(text, what)
    if when > dates.today():
        raise ValidationError(f"{what}: it is in the future.")
    return when.isoformat()


def record_decision(session: Session, case_id: int, version: int, kind: str, reason: str, on: str = "") -> int:
    """A decision with its reason; it moves the case on by the status rule ("No further action" closes it)."""
    rules.check_choice(kind, rules.DECISIONS, "Decision")
    reason = rules.check_text(reason, "Reason for the decision", required=True)
    decided_on = _date_or_today(on, "Date of decision")
    with transaction(session.conn):
        new_version = update_case(session, case_id, version, {})
        decision_id = store.insert_row(session.conn, "decisions", {
            "case_id": case_id, "kind": kind, "reason": reason, "decided_on": decided_on,
            "decided_by": session.user, "recorded_at": now_iso(),
        })
        add_entry(session, case_id, "decision", f"{rules.DECISIONS[kind]}. Reason: {reason}", occurred=decided_on,
                  event=CaseEvent(case_status.DECISION, kind))
        session.audit("case.decision", "case", str(case_id), f"decision={decision_id}")
    return new_version


def record_outcome(session: Session, case_id: int, version: int, kind: str, on: str, notes: str = "") -> int:
    """An answer from outside (the police gateway, Channel …); it moves the case on by the status rule, and an
    exit schedules the 6- and 12-month reviews."""
    rules.check_choice(kind, rules.OUTCOMES, "Outcome")
    notes = rules.check_text(notes, "Notes")
    when = _date_or_today(on, "Date of outcome")
    with transaction(session.conn):
        new_version = update_case(session, case_id, version,
                                  {"exit_date": when} if kind in case_status.EXIT_OUTCOMES else {})
        outcome_id = store.insert_row(session.conn, "outcomes", {
            "case_id": case_id, "kind": kind, "outcome_on": when, "notes": notes,
            "recorded_by": session.user, "recorded_at": now_iso(),
        })
        if kind in case_status.EXIT_OUTCOMES:
            _schedule_reviews(session, case_id, date.fromisoformat(when))
        text = rules.OUTCOMES[kind] + (f". {notes}" if notes.strip() else ".")
        add_entry(session, case_id, "outcome", text, occurred=when, event=CaseEvent(case_status.OUTCOME, kind))
        session.audit("case.outcome", "case", str(case_id), f"outcome={outcome_id}")
    return new_version


def _schedule_reviews(session: Session, case_id: int, exit_on: date) -> None:
    for months in case_status.REVIEW_MONTHS:
        store.insert_row(session.conn, "reviews", {
            "case_id": case_id, "label": f"{months}-month review after exit",
            "due_on": add_months(exit_on, months).isoformat(),
        })


def complete_review(session: Session, case_id: int, review_id: int, notes: str, on: str = "") -> None:
    """A review done (allowed on a closed case too); the last monitoring review closes the case."""
    notes = rules.check_text(notes, "Review notes", required=True)
    when = _date_or_today(on, "Date of review")
    if not any(r.id == review_id and not r.done_on for r in store.reviews_of_case(session.conn, case_id)):
        raise ValidationError("That review is not one still to do on this case.")
    with transaction(session.conn):
        store.complete_review(session.conn, review_id, when, notes, session.user)
        add_entry(session, case_id, "review", f"Review completed. {notes}", occurred=when,
                  event=CaseEvent(case_status.REVIEW_DONE))
        session.audit("case.review", "case", str(case_id), f"review={review_id}")


def add_note(session: Session, case_id: int, text: str, occurred: str = "") -> int:
    """A note in the chronology; allowed on a closed case too (late information must be recordable, policy 3.13)."""
    text = rules.check_text(text, "Note", required=True)
    when = _date_or_today(occurred, "Date it happened") if occurred.strip() else ""
    case_or_fail(session, case_id)
    with transaction(session.conn):
        entry = add_entry(session, case_id, "note", text, occurred=when)
        session.audit("case.note", "case", str(case_id), f"entry={entry}")
    return entry


def add_addendum(session: Session, case_id: int, entry_id: int, text: str) -> int:
    """A correction: a new entry pointing at the one it corrects (entries are never edited). Always allowed, on a
    closed case too (policy 3.13 keeps the record, and the record must be correctable)."""
    text = rules.check_text(text, "Addendum", required=True)
    if not store.is_entry_of_case(session.conn, entry_id, case_id):
        raise ValidationError("The entry to correct is not in this case.")
    with transaction(session.conn):
        entry = add_entry(session, case_id, "addendum", text, amends_id=entry_id)
        session.audit("case.addendum", "case", str(case_id), f"entry={entry} amends={entry_id}")
    return entry


def close_case(session: Session, case_id: int, version: int, reason: str) -> int:
    """Close with a reason (also with reviews still to do: the reason is the override)."""
    reason = rules.check_text(reason, "Reason for closing", required=True)
    with transaction(session.conn):
        new_version = update_case(session, case_id, version, {})
        add_entry(session, case_id, "status", f"Case closed. Reason: {reason}",
                  event=CaseEvent(case_status.CLOSED, on=dates.today().isoformat()))
        session.audit("case.close", "case", str(case_id))
    return new_version


def reopen_case(session: Session, case_id: int, version: int, reason: str) -> int:
    """Reopen a closed case with a reason (late information that needs action): audited, in the chronology, and
    the case then waits for a new decision. Nothing recorded before is changed."""
    reason = rules.check_text(reason, "Reason for reopening", required=True)
    with transaction(session.conn):
        new_version = update_case(session, case_id, version, {}, allow_closed=True)
        add_entry(session, case_id, "status", f"Case reopened. Reason: {reason}",
                  event=CaseEvent(case_status.REOPENED, on=dates.today().isoformat()))
        session.audit("case.reopen", "case", str(case_id))
    return new_version
