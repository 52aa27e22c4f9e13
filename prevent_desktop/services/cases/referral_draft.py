"""The referral draft, a model of its own: loaded and saved as the wizard is typed (one transaction each, whatever
the answers' validity, returning the per-field problems), what the national form still needs, and marking it ready
(refused while an answer is invalid; with a reason when something is still missing)."""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain import case_status, dates
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseRecord, PersonRecord, ReferralDraft
from prevent_desktop.domain.case_status import CaseEvent
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.cases.changes import (
    add_entry,
    case_or_fail,
    check_event,
    person_of,
    state_of,
    update_case,
)
from prevent_desktop.services.cases.guidance import referral_form
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def flags_of(case: CaseRecord, person: PersonRecord) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for the case as stored."""
    return rules.subject_flags(case.answers, person.dob, person.role, case.opened_at, dates.today())


def case_flags(session: Session, case_id: int) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for the case as it stands."""
    case = case_or_fail(session, case_id)
    return flags_of(case, person_of(session, case))


def load(session: Session, case_id: int) -> ReferralDraft:
    """The referral draft as stored: what the wizard shows, with the problems still to fix."""
    case = case_or_fail(session, case_id)
    problems = rules.answer_problems(referral_form(session), case.answers, case.points, dates.today())
    return ReferralDraft(case_id, case.version, case.answers, case.points, tuple(problems),
                         state_of(session, case_id).status == "closed")


def save(
    session: Session, case_id: int, version: int, answers: dict[str, Any], points: dict[str, str]
) -> ReferralDraft:
    """Autosave of the referral wizard: everything typed is stored, valid or not (one transaction), and the
    answers still to fix come back with the new version, so the wizard can show each beside its field. Only
    marking ready insists on valid answers; an impossible date is kept exactly as typed, never as another day."""
    form = referral_form(session)
    problems = tuple(rules.answer_problems(form, answers, points, dates.today()))
    case = case_or_fail(session, case_id)
    with transaction(session.conn):
        values: dict[str, Any] = {"answers_json": store.to_json(answers), "points_json": store.to_json(points)}
        if not case.form_version:
            values["form_version"] = form.version
        new_version = update_case(session, case_id, version, values)
        store.reindex_case(session.conn, case_id)
        started = CaseEvent(case_status.REFERRAL_STARTED)
        if not case_status.refusal(state_of(session, case_id).status, started):  # the first save of a referral
            add_entry(session, case_id, "referral", "Referral started (draft).", event=started)
        _sync_person(session, case.person_id, answers)
        session.audit("case.draft_save", "case", str(case_id), f"version={new_version} problems={len(problems)}")
    return ReferralDraft(case_id, new_version, answers, points, problems, False)


def save_draft(
    session: Session, case_id: int, version: int, answers: dict[str, Any], points: dict[str, str]
) -> int:
    """:func:`save`, for callers that only need the new version."""
    return save(session, case_id, version, answers, points).version


def _sync_person(session: Session, person_id: int, answers: dict[str, Any]) -> None:
    """Names, date of birth and role typed in the referral's first section also correct the person record
    (so search, matching and the person's other cases see them). Empty answers never blank the record."""
    person = store.get_person(session.conn, person_id)
    assert person is not None  # the case's foreign key
    forenames = str(answers.get("forenames") or person.forenames).strip() or person.forenames
    surname = str(answers.get("surname") or person.surname).strip() or person.surname
    try:  # a date of birth still to fix (31/02/2026) leaves the person's as it was
        dob = rules.check_dob(str(answers.get("date_of_birth") or person.dob), dates.today())
    except ValidationError:
        dob = person.dob
    role = str(answers.get("subject_role") or person.role)
    current = (person.forenames, person.surname, person.dob, person.role)
    if (forenames, surname, dob, role) != current:
        store.update_person(session.conn, person_id, forenames, surname, dob, role,
                            rules.name_key(forenames, surname), now_iso())
        session.audit("person.update", "person", str(person_id))


def gaps(session: Session, case_id: int) -> list[rules.Gap]:
    case = case_or_fail(session, case_id)
    under_18, soldier = flags_of(case, person_of(session, case))
    return rules.completeness_gaps(referral_form(session), case.answers, case.points, under_18=under_18,
                                   soldier=soldier)


def problems(session: Session, case_id: int) -> list[rules.FieldProblem]:
    """The answers to fix before the referral can be marked ready."""
    return list(load(session, case_id).problems)


def mark_ready(session: Session, case_id: int, version: int, reason: str = "") -> int:
    case = case_or_fail(session, case_id)
    ready = CaseEvent(case_status.REFERRAL_READY)
    check_event(session, case_id, ready)  # not after a decision (until the case is reopened), not when closed
    to_fix = rules.answer_problems(referral_form(session), case.answers, case.points, dates.today())
    if to_fix:
        raise ValidationError(
            f"The referral cannot be marked ready until {len(to_fix)} answer(s) are fixed:\n"
            + "\n".join(p.message for p in to_fix)
        )
    missing = gaps(session, case_id)
    if missing and not reason.strip():
        raise ValidationError(
            f"The referral still needs {len(missing)} item(s); give a reason to mark it ready with gaps."
        )
    rules.check_text(reason, "Reason")
    with transaction(session.conn):
        new_version = update_case(session, case_id, version,
                                  {"status": "ready", "ready_reason": reason if missing else "", "ready_at": now_iso()})
        text = "Referral marked ready." + (f" {len(missing)} item(s) not provided: {reason}" if missing else "")
        add_entry(session, case_id, "referral", text, event=ready)
        session.audit("case.ready", "case", str(case_id), f"gaps={len(missing)}")
    return new_version
