"""Logging a concern: the person it is about (a new person record, or one found by :func:`find_matches`), a new
case at status "concern", its first chronology entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import ConcernInput, PersonMatch
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.cases import categories
from prevent_desktop.services.cases.changes import add_entry
from prevent_desktop.services.cases.guidance import raiser_roles, referral_form, subject_roles
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def find_matches(session: Session, forenames: str, surname: str, dob_text: str = "") -> list[PersonMatch]:
    key = rules.name_key(forenames, surname)
    if not key.strip():
        return []
    try:
        dob = rules.check_dob(dob_text, date.today())
    except ValidationError:
        dob = ""
    found: list[tuple[float, PersonMatch]] = []
    for p in store.person_candidates(session.conn, key, dob):
        exact = p.name_key == key
        same_dob = bool(dob) and p.dob == dob
        score = rules.name_similarity(key, p.name_key)
        if exact and (same_dob or not dob or not p.dob):
            why = "same name and date of birth" if same_dob else "same name"
        elif score >= rules.CLOSE_NAME:
            why = "similar name and same date of birth" if same_dob else "similar name"
        else:
            continue
        refs = tuple(ref for _id, ref in store.refs_of_person(session.conn, p.id))
        found.append(
            (score + (1 if same_dob else 0),
             PersonMatch(p.id, f"{p.forenames} {p.surname}", p.dob, p.role, why, refs))
        )
    found.sort(key=lambda item: -item[0])
    return [m for _, m in found[:10]]


def log_concern(session: Session, data: ConcernInput, today: date | None = None) -> int:
    """Validate and save a new concern (and person, unless linked to an existing one). Returns the case id."""
    day = today or date.today()
    roles = dict(subject_roles(session))
    rules.check_choice(data.subject_role, roles, "Who the concern is about")
    rules.check_choice(data.raised_by_role, dict(raiser_roles(session)), "Who raised it")
    forenames = rules.check_text(data.forenames, "Forename(s)", required=True, limit=rules.MAX_SHORT)
    surname = rules.check_text(data.surname, "Surname", required=True, limit=rules.MAX_SHORT)
    dob = rules.check_dob(data.dob, day)
    opened = rules.check_concern_date(data.concern_date, day)
    text = rules.check_text(data.what_happened, "What happened", required=True)
    raiser = rules.check_text(data.raiser_name, "Raised by (name)", limit=rules.MAX_SHORT)
    category = categories.check(session, data.category)
    form = referral_form(session)
    now = now_iso()
    answers: dict[str, Any] = {
        "subject_role": data.subject_role,
        "forenames": forenames,
        "surname": surname,
        "date_of_birth": dob,
        "describe_concerns": text,
    }
    with transaction(session.conn):
        if data.link_person_id is not None:
            person = store.get_person(session.conn, data.link_person_id)
            if person is None:
                raise ValidationError("The person to link to no longer exists.")
            person_id = person.id
            if dob and not person.dob:
                store.update_person(session.conn, person_id, person.forenames, person.surname, dob,
                                    person.role, person.name_key, now)
        else:
            person_id = store.insert_person(
                session.conn, forenames, surname, dob, data.subject_role, rules.name_key(forenames, surname), now
            )
            session.audit("person.create", "person", str(person_id))
        ref = rules.next_case_ref(day.year, store.last_ref_starting(session.conn, rules.ref_prefix(day.year)))
        case_id = store.insert_case(
            session.conn,
            {
                "ref": ref,
                "person_id": person_id,
                "status": "concern",
                "opened_at": opened,
                "summary": text.strip().splitlines()[0][:200] if text.strip() else "",
                "concern_text": text,
                "raised_by_role": data.raised_by_role,
                "raiser_name": raiser,
                "immediate_danger": int(data.immediate_danger),
                "form_version": form.version,
                "answers_json": store.to_json(answers),
                "points_json": "{}",
                "category": category,
                "created_at": now,
                "updated_at": now,
            },
        )
        store.reindex_case(session.conn, case_id)
        add_entry(session, case_id, "concern", text, occurred=opened)
        if data.immediate_danger:
            add_entry(session, case_id, "note", "Immediate danger reported: advised to call 999 now.", occurred=opened)
        session.audit("case.create", "case", str(case_id), f"person={person_id}")
    return case_id
