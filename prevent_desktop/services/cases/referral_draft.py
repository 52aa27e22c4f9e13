"""The referral draft, a model of its own: loaded and saved as the wizard is typed (one transaction each, whatever
the answers' validity, returning the per-field problems), what the national form still needs, and marking it ready
(refused while an answer is invalid; with a reason when something is still missing)."""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain import case_status, dates
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseRecord, PersonRecord, ReferralDraft
from prevent_desktop.domain.case_status import CaseEvent
from prevent_desktop.domain.profile import ReferralForm
from prevent_desktop.errors import ValidationError
from prevent_desktop.services import settings
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

# The referrer's section (national form section 5) as the DSO's profile fills it.
REFERRER_FIELDS = ("referrer_forename", "referrer_surname", "referrer_role_organisation", "referrer_phone",
                   "referrer_email")
DANGER_CHANGED = {
    True: "Immediate danger answered Yes in the referral: advised to call 999 now.",
    False: "Immediate danger answered No in the referral (it was Yes when the concern was logged).",
}


def split_name(name: str) -> tuple[str, str]:
    """"Dr John Dynes" -> ("Dr John", "Dynes"): the last word is the surname (the wizard's fields stay editable)."""
    words = name.split()
    if len(words) < 2:
        return (name.strip(), "")
    return " ".join(words[:-1]), words[-1]


def flags_of(case: CaseRecord, person: PersonRecord) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for the case as stored."""
    return rules.subject_flags(case.answers, person.dob, person.role, case.opened_at, dates.today())


def case_flags(session: Session, case_id: int) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for the case as it stands."""
    case = case_or_fail(session, case_id)
    return flags_of(case, person_of(session, case))


def answers_of(form: ReferralForm, case: CaseRecord) -> tuple[dict[str, Any], dict[str, str]]:
    """The case's referral answers and point answers as the form asks them now: a point the form answers from a
    field has its separately saved answer joined into that field (``rules.join_shared_answers``: never dropped).
    Every reader of a case's answers goes through this."""
    return rules.join_shared_answers(form, case.answers, case.points)


def prefill_referrer(session: Session, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with the referrer's section (national form section 5) filled from the DSO's profile in the
    settings (name, role, telephone, email) when none of it is answered yet; once any of it is answered it is the
    referral's own (edited per referral, never overwritten)."""
    if any(str(answers.get(k) or "").strip() for k in REFERRER_FIELDS):
        return answers
    name = settings.get(session, settings.USER_NAME)
    forename, surname = split_name(name) if name != settings.USER_NAME.default else ("", "")
    role = settings.get(session, settings.DSO_ROLE)
    organisation = str(session.organisation().get("name") or "").strip()
    if organisation and organisation.casefold() not in role.casefold():
        role = f"{role}, {organisation}"
    values = {
        "referrer_forename": forename,
        "referrer_surname": surname,
        "referrer_role_organisation": role,
        "referrer_phone": settings.get(session, settings.DSO_PHONE),
        "referrer_email": settings.get(session, settings.DSO_EMAIL),
    }
    return {**answers, **{k: v for k, v in values.items() if v.strip()}}


def load(session: Session, case_id: int) -> ReferralDraft:
    """The referral draft as stored: what the wizard shows, with the problems still to fix (the referrer's details
    pre-filled from the DSO's profile while the referral has none of its own)."""
    case = case_or_fail(session, case_id)
    form = referral_form(session)
    answers, points = answers_of(form, case)
    prefilled: tuple[str, ...] = ()
    if case.status in ("concern", "drafting"):
        filled = prefill_referrer(session, answers)
        prefilled = tuple(k for k in REFERRER_FIELDS if filled.get(k) != answers.get(k))
        answers = filled
    problems = rules.answer_problems(form, answers, points, dates.today())
    closed = state_of(session, case_id).status == "closed"
    return ReferralDraft(case_id, case.version, answers, points, tuple(problems), closed, case.immediate_danger,
                         prefilled)


def save(
    session: Session, case_id: int, version: int, answers: dict[str, Any], points: dict[str, str],
    *, immediate_danger: bool | None = None,
) -> ReferralDraft:
    """Autosave of the referral wizard: everything typed is stored, valid or not (one transaction), and the
    answers still to fix come back with the new version, so the wizard can show each beside its field. Only
    marking ready insists on valid answers; an impossible date is kept exactly as typed, never as another day.

    ``immediate_danger``: the wizard's answer to the danger question (first asked when the concern was logged);
    a changed answer is saved on the case and noted in the chronology."""
    form = referral_form(session)
    answers, points = rules.join_shared_answers(form, answers, points)
    problems = tuple(rules.answer_problems(form, answers, points, dates.today()))
    case = case_or_fail(session, case_id)
    danger = case.immediate_danger if immediate_danger is None else immediate_danger
    with transaction(session.conn):
        values: dict[str, Any] = {"answers_json": store.to_json(answers), "points_json": store.to_json(points)}
        if not case.form_version:
            values["form_version"] = form.version
        if danger != case.immediate_danger:
            values["immediate_danger"] = int(danger)
        new_version = update_case(session, case_id, version, values)
        store.reindex_case(session.conn, case_id)
        started = CaseEvent(case_status.REFERRAL_STARTED)
        if not case_status.refusal(state_of(session, case_id).status, started):  # the first save of a referral
            add_entry(session, case_id, "referral", "Referral started (draft).", event=started)
        _sync_person(session, case.person_id, answers)
        if danger != case.immediate_danger:
            add_entry(session, case_id, "note", DANGER_CHANGED[danger])
        session.audit("case.draft_save", "case", str(case_id), f"version={new_version} problems={len(problems)}"
                      + (f" danger={int(danger)}" if danger != case.immediate_danger else ""))
    return ReferralDraft(case_id, new_version, answers, points, problems, False, danger)


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
    form = referral_form(session)
    answers, points = answers_of(form, case)
    return rules.completeness_gaps(form, answers, points, under_18=under_18, soldier=soldier)


def problems(session: Session, case_id: int) -> list[rules.FieldProblem]:
    """The answers to fix before the referral can be marked ready."""
    return list(load(session, case_id).problems)


def mark_ready(session: Session, case_id: int, version: int, reason: str = "") -> int:
    case = case_or_fail(session, case_id)
    ready = CaseEvent(case_status.REFERRAL_READY)
    check_event(session, case_id, ready)  # not after a decision (until the case is reopened), not when closed
    form = referral_form(session)
    answers, points = answers_of(form, case)
    to_fix = rules.answer_problems(form, answers, points, dates.today())
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
        values: dict[str, Any] = {"status": "ready", "ready_reason": reason if missing else "", "ready_at": now_iso()}
        if (answers, points) != (case.answers, case.points):  # saved before a point was joined to its field
            values.update(answers_json=store.to_json(answers), points_json=store.to_json(points))
        new_version = update_case(session, case_id, version, values)
        text = "Referral marked ready." + (f" {len(missing)} item(s) not provided: {reason}" if missing else "")
        add_entry(session, case_id, "referral", text, event=ready)
        session.audit("case.ready", "case", str(case_id), f"gaps={len(missing)}")
    return new_version
