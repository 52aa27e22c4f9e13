"""Cases: log a concern, draft the referral, decide, record outcomes and reviews, chronology, search, export.

Every change is one transaction with its audit entry (ids and counts only) and, where it is an action on the case,
a chronology entry. Cases carry a ``version``: a save names the version it read, and a stale one is refused with
:class:`~prevent_desktop.domain.cases.ConcurrencyError` (nothing is overwritten).

``case_detail`` and ``person_history`` return typed, complete structures for the PDF exports.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.profile import (
    Contact,
    FormSection,
    ReferralForm,
)
from prevent_desktop.domain.routing import RouteResult, UnknownRouteError, route_concern, route_situation
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import contacts as contacts_service
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.cases import CaseFilter, CaseRow
from prevent_desktop.storage.db import transaction

CHASE_DAYS_SETTING = settings.CHASE_DAYS.key

# ----------------------------------------------------------------------------------------------------
# The profile as the vault holds it now (contacts from the contacts table, so edits show in the guidance)
# ----------------------------------------------------------------------------------------------------


# One routing implementation: the contacts area's view of the vault's profile (live contacts, retired ones out
# of every routing list) feeds both "Who do I call for…" and the referral wizard.
vault_profile = contacts_service.vault_profile


def referral_form(session: Session) -> ReferralForm:
    return vault_profile(session).referral_form


def emergency_contacts(session: Session) -> list[Contact]:
    """Who to call in immediate danger: the profile's "immediate-danger" situation (999), then the police
    numbers of its "police" situation (101, the anti-terrorist hotline)."""
    profile = vault_profile(session)
    found: dict[str, Contact] = {}
    for situation in ("immediate-danger", "police"):
        try:
            found.update((c.id, c) for c in route_situation(profile, situation).contacts if c.id not in found)
        except UnknownRouteError:
            continue
    if not found:
        return [c for c in profile.contacts if c.group == "emergency"]
    return [c for c in found.values() if c.phones]


def routing_for(session: Session, subject_role: str, raised_by_role: str, *, under_18: bool) -> RouteResult:
    return route_concern(vault_profile(session), subject_role, raised_by_role, under_18=under_18)


def subject_roles(session: Session) -> list[tuple[str, str]]:
    return [(r.id, r.label) for r in vault_profile(session).routing.subject_roles]


def raiser_roles(session: Session) -> list[tuple[str, str]]:
    return [(r.id, r.label) for r in vault_profile(session).routing.raiser_roles]


def contact_line(c: Contact) -> str:
    phones = "; ".join(f"{p.label}: {p.number}" if p.label else p.number for p in c.phones)
    who = c.display_name if not c.name or not c.role else f"{c.name} ({c.role})"
    extra = ", ".join(x for x in (phones, *c.emails) if x)
    return f"{who}: {extra}" if extra else who


# ----------------------------------------------------------------------------------------------------
# Logging a concern, person matching
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernInput:
    forenames: str
    surname: str
    dob: str  # as typed: "" / DD/MM/YYYY / YYYY-MM-DD
    subject_role: str
    raised_by_role: str
    raiser_name: str
    concern_date: str
    what_happened: str
    immediate_danger: bool = False
    link_person_id: int | None = None


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    name: str
    dob: str
    role: str
    why: str  # "same name and date of birth" / "similar name"
    case_refs: tuple[str, ...]


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
        exact = p["name_key"] == key
        same_dob = bool(dob) and p["dob"] == dob
        score = rules.name_similarity(key, p["name_key"])
        if exact and (same_dob or not dob or not p["dob"]):
            why = "same name and date of birth" if same_dob else "same name"
        elif score >= rules.CLOSE_NAME:
            why = "similar name and same date of birth" if same_dob else "similar name"
        else:
            continue
        refs = tuple(str(c["ref"]) for c in store.cases_of_person(session.conn, int(p["id"])))
        found.append(
            (score + (1 if same_dob else 0),
             PersonMatch(int(p["id"]), f"{p['forenames']} {p['surname']}", p["dob"], p["role"], why, refs))
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
            person_id = int(person["id"])
            if dob and not person["dob"]:
                store.update_person(session.conn, person_id, person["forenames"], person["surname"], dob,
                                    person["role"], person["name_key"], now)
        else:
            person_id = store.insert_person(
                session.conn, forenames, surname, dob, data.subject_role, rules.name_key(forenames, surname), now
            )
            session.audit("person.create", "person", str(person_id))
        ref = store.next_ref(session.conn, day.year)
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
                "answers_json": _dumps(answers),
                "points_json": "{}",
                "created_at": now,
                "updated_at": now,
            },
        )
        store.reindex_case(session.conn, case_id)
        _chron(session, case_id, "concern", text, occurred=opened)
        if data.immediate_danger:
            _chron(session, case_id, "note", "Immediate danger reported: advised to call 999 now.", occurred=opened)
        session.audit("case.create", "case", str(case_id), f"person={person_id}")
    return case_id


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _chron(
    session: Session, case_id: int, kind: str, text: str, *, occurred: str = "", amends_id: int | None = None
) -> int:
    now = now_iso()
    return store.insert_row(
        session.conn,
        "chronology",
        {
            "case_id": case_id,
            "occurred_at": occurred or now,
            "recorded_at": now,
            "author": session.user,
            "kind": kind,
            "text": text,
            "amends_id": amends_id,
        },
    )


def _case_or_fail(session: Session, case_id: int) -> Any:
    row = store.get_case(session.conn, case_id)
    if row is None:
        raise KnownError(f"There is no case with id {case_id}.")
    return row


def _update(session: Session, case_id: int, version: int, values: dict[str, Any], *, allow_closed: bool = False) -> int:
    row = _case_or_fail(session, case_id)
    if row["status"] == "closed" and not allow_closed:
        raise rules.ClosedCaseError()
    values = {**values, "updated_at": now_iso()}
    if not store.update_case(session.conn, case_id, version, values):
        raise rules.ConcurrencyError()
    return version + 1


# ----------------------------------------------------------------------------------------------------
# The referral draft
# ----------------------------------------------------------------------------------------------------


def case_flags(session: Session, case_id: int) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for the case as it stands."""
    row = _case_or_fail(session, case_id)
    person = store.get_person(session.conn, int(row["person_id"]))
    answers = json.loads(row["answers_json"])
    return _flags(row, person, answers)


def _flags(row: Any, person: Any, answers: dict[str, Any]) -> tuple[bool, bool]:
    dob = str(answers.get("date_of_birth") or person["dob"] or "")
    try:
        dob = rules.check_dob(dob, date.today()) if dob else ""
    except ValidationError:
        dob = ""
    under_18 = rules.is_under_18(dob, row["opened_at"], str(answers.get("approx_age", "")))
    role = str(answers.get("subject_role") or person["role"])
    return under_18, role == "soldier"


def _check_answers(form: ReferralForm, answers: dict[str, Any], points: dict[str, str]) -> None:
    fields = {f.id: f for s in form.sections for f in s.fields}
    for key, value in answers.items():
        f = fields.get(key)
        label = f.label if f else key
        if isinstance(value, dict):
            rules.check_text(str(value.get("text", "")), label)
        else:
            rules.check_text(str(value), label)
        if f and f.kind == "date" and str(value).strip():
            if f.id == "date_of_birth":
                rules.check_dob(str(value), date.today())
            else:
                rules.parse_date(str(value), f.label)
    for no, text in points.items():
        rules.check_text(text, f"Annex B2 point {no}")


def save_draft(
    session: Session, case_id: int, version: int, answers: dict[str, Any], points: dict[str, str]
) -> int:
    """Autosave of the referral wizard: one transaction; returns the new version."""
    form = referral_form(session)
    _check_answers(form, answers, points)
    row = _case_or_fail(session, case_id)
    with transaction(session.conn):
        values: dict[str, Any] = {"answers_json": _dumps(answers), "points_json": _dumps(points)}
        if row["status"] == "concern":
            values["status"] = "drafting"
        if not row["form_version"]:
            values["form_version"] = form.version
        new_version = _update(session, case_id, version, values)
        store.reindex_case(session.conn, case_id)
        _sync_person(session, int(row["person_id"]), answers)
        session.audit("case.draft_save", "case", str(case_id), f"version={new_version}")
    return new_version


def _sync_person(session: Session, person_id: int, answers: dict[str, Any]) -> None:
    """Names, date of birth and role typed in the referral's first section also correct the person record
    (so search, matching and the person's other cases see them). Empty answers never blank the record."""
    person = store.get_person(session.conn, person_id)
    forenames = str(answers.get("forenames") or person["forenames"]).strip() or person["forenames"]
    surname = str(answers.get("surname") or person["surname"]).strip() or person["surname"]
    dob = rules.check_dob(str(answers.get("date_of_birth") or person["dob"]), date.today())
    role = str(answers.get("subject_role") or person["role"])
    current = (person["forenames"], person["surname"], person["dob"], person["role"])
    if (forenames, surname, dob, role) != current:
        store.update_person(session.conn, person_id, forenames, surname, dob, role,
                            rules.name_key(forenames, surname), now_iso())
        session.audit("person.update", "person", str(person_id))


def gaps(session: Session, case_id: int) -> list[rules.Gap]:
    row = _case_or_fail(session, case_id)
    person = store.get_person(session.conn, int(row["person_id"]))
    answers = json.loads(row["answers_json"])
    under_18, soldier = _flags(row, person, answers)
    return rules.completeness_gaps(
        referral_form(session), answers, json.loads(row["points_json"]), under_18=under_18, soldier=soldier
    )


def mark_ready(session: Session, case_id: int, version: int, reason: str = "") -> int:
    status = _case_or_fail(session, case_id)["status"]
    if status not in ("concern", "drafting", "ready"):
        raise ValidationError("A decision has already been recorded on this case; the referral stays as it was sent.")
    missing = gaps(session, case_id)
    if missing and not reason.strip():
        raise ValidationError(
            f"The referral still needs {len(missing)} item(s); give a reason to mark it ready with gaps."
        )
    rules.check_text(reason, "Reason")
    with transaction(session.conn):
        new_version = _update(session, case_id, version,
                              {"status": "ready", "ready_reason": reason if missing else "", "ready_at": now_iso()})
        text = "Referral marked ready." + (f" {len(missing)} item(s) not provided: {reason}" if missing else "")
        _chron(session, case_id, "referral", text)
        session.audit("case.ready", "case", str(case_id), f"gaps={len(missing)}")
    return new_version


# ----------------------------------------------------------------------------------------------------
# Decisions, outcomes, reviews, notes, addenda
# ----------------------------------------------------------------------------------------------------


def _date_or_today(text: str, what: str) -> str:
    if not (text or "").strip():
        return date.today().isoformat()
    when = rules.parse_date(text, what)
    if when > date.today():
        raise ValidationError(f"{what}: it is in the future.")
    return when.isoformat()


def record_decision(session: Session, case_id: int, version: int, kind: str, reason: str, on: str = "") -> int:
    rules.check_choice(kind, rules.DECISIONS, "Decision")
    reason = rules.check_text(reason, "Reason for the decision", required=True)
    decided_on = _date_or_today(on, "Date of decision")
    status = rules.DECISION_STATUS[kind]
    with transaction(session.conn):
        values: dict[str, Any] = {"status": status}
        if status == "closed":
            values["closed_at"] = decided_on
        new_version = _update(session, case_id, version, values)
        decision_id = store.insert_row(session.conn, "decisions", {
            "case_id": case_id, "kind": kind, "reason": reason, "decided_on": decided_on,
            "decided_by": session.user, "recorded_at": now_iso(),
        })
        _chron(session, case_id, "decision", f"{rules.DECISIONS[kind]}. Reason: {reason}", occurred=decided_on)
        session.audit("case.decision", "case", str(case_id), f"decision={decision_id}")
    return new_version


def record_outcome(session: Session, case_id: int, version: int, kind: str, on: str, notes: str = "") -> int:
    rules.check_choice(kind, rules.OUTCOMES, "Outcome")
    notes = rules.check_text(notes, "Notes")
    when = _date_or_today(on, "Date of outcome")
    with transaction(session.conn):
        values: dict[str, Any] = {}
        if kind in rules.EXIT_OUTCOMES:
            values.update(status="closed", exit_date=when, closed_at=when)
        elif kind in rules.OUTCOME_STATUS:
            values["status"] = rules.OUTCOME_STATUS[kind]
        new_version = _update(session, case_id, version, values)
        outcome_id = store.insert_row(session.conn, "outcomes", {
            "case_id": case_id, "kind": kind, "outcome_on": when, "notes": notes,
            "recorded_by": session.user, "recorded_at": now_iso(),
        })
        if kind in rules.EXIT_OUTCOMES:
            _schedule_reviews(session, case_id, date.fromisoformat(when))
        text = rules.OUTCOMES[kind] + (f". {notes}" if notes.strip() else ".")
        _chron(session, case_id, "outcome", text, occurred=when)
        session.audit("case.outcome", "case", str(case_id), f"outcome={outcome_id}")
    return new_version


def _schedule_reviews(session: Session, case_id: int, exit_on: date) -> None:
    from prevent_desktop.domain.dates import add_months

    for months in rules.REVIEW_MONTHS:
        store.insert_row(session.conn, "reviews", {
            "case_id": case_id, "label": f"{months}-month review after exit",
            "due_on": add_months(exit_on, months).isoformat(),
        })


def complete_review(session: Session, case_id: int, review_id: int, notes: str, on: str = "") -> None:
    notes = rules.check_text(notes, "Review notes", required=True)
    when = _date_or_today(on, "Date of review")
    with transaction(session.conn):
        store.complete_review(session.conn, review_id, when, notes, session.user)
        _chron(session, case_id, "review", f"Review completed. {notes}", occurred=when)
        session.audit("case.review", "case", str(case_id), f"review={review_id}")


def add_note(session: Session, case_id: int, text: str, occurred: str = "") -> int:
    text = rules.check_text(text, "Note", required=True)
    when = _date_or_today(occurred, "Date it happened") if occurred.strip() else ""
    row = _case_or_fail(session, case_id)
    if row["status"] == "closed":
        raise rules.ClosedCaseError()
    with transaction(session.conn):
        entry = _chron(session, case_id, "note", text, occurred=when)
        session.audit("case.note", "case", str(case_id), f"entry={entry}")
    return entry


def add_addendum(session: Session, case_id: int, entry_id: int, text: str) -> int:
    """A correction: a new entry pointing at the one it corrects (entries are never edited)."""
    text = rules.check_text(text, "Addendum", required=True)
    target = session.conn.execute(
        "SELECT id FROM chronology WHERE id = ? AND case_id = ?", (entry_id, case_id)
    ).fetchone()
    if target is None:
        raise ValidationError("The entry to correct is not in this case.")
    with transaction(session.conn):
        entry = _chron(session, case_id, "addendum", text, amends_id=entry_id)
        session.audit("case.addendum", "case", str(case_id), f"entry={entry} amends={entry_id}")
    return entry


def close_case(session: Session, case_id: int, version: int, reason: str) -> int:
    reason = rules.check_text(reason, "Reason for closing", required=True)
    with transaction(session.conn):
        new_version = _update(session, case_id, version, {"status": "closed", "closed_at": date.today().isoformat()})
        _chron(session, case_id, "status", f"Case closed. Reason: {reason}")
        session.audit("case.close", "case", str(case_id))
    return new_version


# ----------------------------------------------------------------------------------------------------
# Reading: lists, search, the full case (for the case view and the PDFs), a person's history
# ----------------------------------------------------------------------------------------------------


def list_page(session: Session, f: CaseFilter, after: tuple[str, int] | None = None, limit: int = 200) -> list[CaseRow]:
    return store.page_cases(session.conn, f, after, limit)


def count(session: Session, f: CaseFilter) -> int:
    return store.count_cases(session.conn, f)


def search(session: Session, query: str, limit: int = 500) -> list[CaseRow]:
    return store.page_cases(session.conn, CaseFilter(query=query), None, limit)


@dataclass(frozen=True)
class PersonInfo:
    id: int
    forenames: str
    surname: str
    dob: str
    role: str
    role_label: str
    age_at_concern: int | None
    under_18: bool


@dataclass(frozen=True)
class Referrer:
    name: str
    role: str
    role_label: str
    answers: dict[str, str]  # the referrer section's answers (NRF section 5)


@dataclass(frozen=True)
class ChronologyEntry:
    id: int
    occurred_at: str
    recorded_at: str
    author: str
    kind: str
    text: str
    amends_id: int | None
    backdated: bool  # occurred on an earlier day than it was recorded: show both dates
    addenda: tuple[ChronologyEntry, ...] = ()


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    label: str
    reason: str
    decided_on: str
    decided_by: str
    recorded_at: str


@dataclass(frozen=True)
class Outcome:
    id: int
    kind: str
    label: str
    outcome_on: str
    notes: str
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class Review:
    id: int
    label: str
    due_on: str
    done_on: str
    notes: str
    done_by: str


@dataclass(frozen=True)
class FormAnswer:
    section_id: str
    section_title: str
    nrf_section: str
    field_id: str
    label: str
    kind: str
    value: Any  # str, or {"answer": "yes"|"no", "text": str} for yes/no questions
    text: str  # the value as one line


@dataclass(frozen=True)
class PointAnswer:
    no: int
    text: str  # the point's question
    answer: str


@dataclass(frozen=True)
class CaseDetail:
    id: int
    ref: str
    status: str
    status_label: str
    version: int
    opened_at: str
    summary: str
    concern_text: str
    immediate_danger: bool
    person: PersonInfo
    referrer: Referrer
    form_version: str
    answers: dict[str, Any]  # raw answers by field id
    form_answers: tuple[FormAnswer, ...]  # the applicable fields in form order
    points: tuple[PointAnswer, ...]  # the applicable Annex B2 points
    gaps: tuple[rules.Gap, ...]
    ready_reason: str  # printed as the "Not provided" reason for each gap
    ready_at: str
    routing: RouteResult | None
    decisions: tuple[Decision, ...]
    outcomes: tuple[Outcome, ...]
    reviews: tuple[Review, ...]
    chronology: tuple[ChronologyEntry, ...]  # top-level entries, each with its addenda
    contacts_used: tuple[Contact, ...]
    exit_date: str
    closed_at: str
    read_only: bool
    other_cases: tuple[str, ...] = field(default_factory=tuple)  # refs of the person's other cases


def _backdated(occurred: str, recorded: str) -> bool:
    return occurred[:10] < recorded[:10]


def chronology(session: Session, case_id: int) -> list[ChronologyEntry]:
    rows = store.rows_of_case(session.conn, "chronology", case_id)
    addenda: dict[int, list[ChronologyEntry]] = {}
    top: list[Any] = []
    for r in rows:
        if r["amends_id"] is not None:
            addenda.setdefault(int(r["amends_id"]), []).append(_entry(r))
        else:
            top.append(r)
    return [dataclasses.replace(_entry(r), addenda=tuple(addenda.get(int(r["id"]), []))) for r in top]


def _entry(r: Any) -> ChronologyEntry:
    return ChronologyEntry(
        int(r["id"]), r["occurred_at"], r["recorded_at"], r["author"], r["kind"], r["text"],
        int(r["amends_id"]) if r["amends_id"] is not None else None, _backdated(r["occurred_at"], r["recorded_at"]),
    )


def _section_answers(section: FormSection, answers: dict[str, Any], under_18: bool, soldier: bool) -> list[FormAnswer]:
    return [
        FormAnswer(section.id, section.title, section.nrf_section, f.id, f.label, f.kind, answers.get(f.id, ""),
                   rules.answer_text(answers.get(f.id, "")))
        for f in rules.visible_fields(section, under_18=under_18, soldier=soldier)
    ]


def case_detail(session: Session, case_id: int) -> CaseDetail:
    row = _case_or_fail(session, case_id)
    person = store.get_person(session.conn, int(row["person_id"]))
    profile = vault_profile(session)
    form = profile.referral_form
    answers: dict[str, Any] = json.loads(row["answers_json"])
    points: dict[str, str] = json.loads(row["points_json"])
    under_18, soldier = _flags(row, person, answers)
    roles = {r.id: r.label for r in profile.routing.subject_roles}
    raisers = {r.id: r.label for r in profile.routing.raiser_roles}
    subject_role = str(answers.get("subject_role") or person["role"])
    age = None
    if person["dob"]:
        age = rules.age_at(date.fromisoformat(person["dob"]), date.fromisoformat(row["opened_at"][:10]))
    try:
        routing: RouteResult | None = route_concern(profile, subject_role, row["raised_by_role"], under_18=under_18)
    except (UnknownRouteError, KeyError):
        routing = None
    form_answers = [a for s in form.sections for a in _section_answers(s, answers, under_18, soldier)]
    referrer_answers = {a.field_id: a.text for a in form_answers if a.section_id == "referrer"}
    decisions = tuple(
        Decision(int(d["id"]), d["kind"], rules.DECISIONS.get(d["kind"], d["kind"]), d["reason"], d["decided_on"],
                 d["decided_by"], d["recorded_at"])
        for d in store.rows_of_case(session.conn, "decisions", case_id)
    )
    outcomes = tuple(
        Outcome(int(o["id"]), o["kind"], rules.OUTCOMES.get(o["kind"], o["kind"]), o["outcome_on"], o["notes"],
                o["recorded_by"], o["recorded_at"])
        for o in store.rows_of_case(session.conn, "outcomes", case_id)
    )
    reviews = tuple(
        Review(int(r["id"]), r["label"], r["due_on"], r["done_on"], r["notes"], r["done_by"])
        for r in store.rows_of_case(session.conn, "reviews", case_id)
    )
    others = tuple(
        str(c["ref"]) for c in store.cases_of_person(session.conn, int(person["id"])) if int(c["id"]) != case_id
    )
    return CaseDetail(
        id=case_id,
        ref=row["ref"],
        status=row["status"],
        status_label=rules.status_label(row["status"]),
        version=int(row["version"]),
        opened_at=row["opened_at"],
        summary=row["summary"],
        concern_text=row["concern_text"],
        immediate_danger=bool(row["immediate_danger"]),
        person=PersonInfo(int(person["id"]), person["forenames"], person["surname"], person["dob"], subject_role,
                          roles.get(subject_role, subject_role), age, under_18),
        referrer=Referrer(row["raiser_name"], row["raised_by_role"],
                          raisers.get(row["raised_by_role"], row["raised_by_role"]), referrer_answers),
        form_version=row["form_version"],
        answers=answers,
        form_answers=tuple(form_answers),
        points=tuple(
            PointAnswer(p.no, p.text, points.get(str(p.no), ""))
            for p in form.points if rules.point_applies(p, under_18=under_18)
        ),
        gaps=tuple(rules.completeness_gaps(form, answers, points, under_18=under_18, soldier=soldier)),
        ready_reason=row["ready_reason"],
        ready_at=row["ready_at"],
        routing=routing,
        decisions=decisions,
        outcomes=outcomes,
        reviews=reviews,
        chronology=tuple(chronology(session, case_id)),
        contacts_used=tuple(routing.contacts) if routing else (),
        exit_date=row["exit_date"],
        closed_at=row["closed_at"],
        read_only=row["status"] == "closed",
        other_cases=others,
    )


@dataclass(frozen=True)
class PersonHistory:
    person: PersonInfo
    cases: tuple[CaseDetail, ...]  # oldest first


def person_history(session: Session, person_id: int) -> PersonHistory:
    person = store.get_person(session.conn, person_id)
    if person is None:
        raise KnownError(f"There is no person with id {person_id}.")
    details = tuple(case_detail(session, int(c["id"])) for c in store.cases_of_person(session.conn, person_id))
    info = details[-1].person if details else PersonInfo(
        person_id, person["forenames"], person["surname"], person["dob"], person["role"], person["role"], None, False
    )
    return PersonHistory(info, details)


def find_case(session: Session, ident: str) -> int:
    """A case id from "12" or a reference like "PV-2026-0012"."""
    text = ident.strip()
    if text.isdigit() and store.get_case(session.conn, int(text)) is not None:
        return int(text)
    row = store.get_case_by_ref(session.conn, text)
    if row is None:
        raise KnownError(f"There is no case {text!r}.")
    return int(row["id"])


# ----------------------------------------------------------------------------------------------------
# Home: reviews due and referrals to chase
# ----------------------------------------------------------------------------------------------------


def chase_days(session: Session) -> int:
    return settings.get(session, settings.CHASE_DAYS)


def set_chase_days(session: Session, days: int) -> None:
    settings.change(session, settings.CHASE_DAYS, days)


@dataclass(frozen=True)
class CaseAttention:
    case_id: int
    ref: str
    severity: str  # "overdue" / "due"
    text: str


def attention(session: Session, today: date) -> list[CaseAttention]:
    items: list[CaseAttention] = []
    soon = (today + timedelta(days=14)).isoformat()
    for r in store.due_reviews(session.conn, soon):
        overdue = r["due_on"] < today.isoformat()
        items.append(CaseAttention(int(r["case_id"]), r["ref"], "overdue" if overdue else "due",
                                   f"{r['ref']}: {r['label']} {'was due' if overdue else 'is due'} "
                                   f"{uk_date(r['due_on'])}."))
    days = chase_days(session)
    for r in store.awaiting_answer(session.conn, (today - timedelta(days=days)).isoformat()):
        items.append(CaseAttention(int(r["id"]), r["ref"], "due",
                                   f"{r['ref']}: no answer since the referral on {uk_date(r['decided_on'])} "
                                   f"(more than {days} days): chase it."))
    return items


def home_items(session: Session, today: date) -> list[Any]:
    """Home's attention items for cases (review reminders and chase prompts); listed in services/home.SOURCES."""
    from prevent_desktop.services.home import AttentionItem

    return [AttentionItem("Cases", a.severity, a.text, a.case_id) for a in attention(session, today)]


# ----------------------------------------------------------------------------------------------------
# Retention: an explicit, audited admin purge of long-closed cases (never offered in the UI)
# ----------------------------------------------------------------------------------------------------


def purge_closed_before(session: Session, before: str) -> int:
    """Delete cases closed before ``before`` (ISO date) with all their rows, and people left with no case.

    The chronology's no-delete trigger is lifted and restored inside the same transaction, so a failure leaves
    it in place; the purge itself is recorded in the audit log (date and count only). Returns the count.
    """
    cutoff = rules.parse_date(before, "Closed before")
    if cutoff > date.today():
        raise ValidationError("Closed before: the date is in the future.")
    conn = session.conn
    with transaction(conn):
        ids = [int(r[0]) for r in conn.execute(
            "SELECT id FROM cases WHERE status = 'closed' AND closed_at != '' AND closed_at < ?",
            (cutoff.isoformat(),),
        ).fetchall()]
        if ids:
            trigger = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'chronology_no_delete'"
            ).fetchone()
            conn.execute("CREATE TEMP TABLE purge_ids (id INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO purge_ids (id) VALUES (?)", [(i,) for i in ids])
            conn.execute("DROP TRIGGER chronology_no_delete")
            conn.execute("DELETE FROM chronology_fts WHERE rowid IN "
                         "(SELECT id FROM chronology WHERE case_id IN (SELECT id FROM purge_ids))")
            conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids) AND amends_id IS NOT NULL")
            conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids)")
            conn.execute(trigger[0])
            for table in ("decisions", "outcomes", "reviews"):
                conn.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT id FROM purge_ids)")
            conn.execute("DELETE FROM cases_fts WHERE rowid IN (SELECT id FROM purge_ids)")
            people = [int(r[0]) for r in conn.execute(
                "SELECT DISTINCT person_id FROM cases WHERE id IN (SELECT id FROM purge_ids)").fetchall()]
            conn.execute("DELETE FROM cases WHERE id IN (SELECT id FROM purge_ids)")
            conn.execute("DROP TABLE temp.purge_ids")
            for pid in people:
                if conn.execute("SELECT 1 FROM cases WHERE person_id = ?", (pid,)).fetchone() is None:
                    conn.execute("DELETE FROM people_fts WHERE rowid = ?", (pid,))
                    conn.execute("DELETE FROM people WHERE id = ?", (pid,))
        session.audit("cases.purge", "case", "", f"closed_before={cutoff.isoformat()} count={len(ids)}")
    return len(ids)


# ----------------------------------------------------------------------------------------------------
# Exports and prints appear in the chronology (called by services.exports inside its audit transaction)
# ----------------------------------------------------------------------------------------------------

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
        targets = [int(c["id"]) for c in store.cases_of_person(session.conn, person_id)]
    for target in targets:
        _chron(session, target, "document", text)
