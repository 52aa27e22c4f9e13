"""Reading cases: the list (keyset-paged), search, the full case for the case view, ``cases show`` and the PDFs,
a person's history across their cases, and finding a case by id or reference."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from prevent_desktop.domain import case_status, dates
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import (
    CaseDetail,
    CaseFilter,
    CaseOverview,
    CasePage,
    CaseRow,
    ChronologyEntry,
    DocumentLine,
    FormAnswer,
    OtherCase,
    PersonHistory,
    PersonInfo,
    PointAnswer,
    Referrer,
    SearchCursor,
)
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.files import size_text
from prevent_desktop.domain.profile import FormSection
from prevent_desktop.domain.routing import RouteResult, UnknownRouteError, route_concern
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases import attention, categories
from prevent_desktop.services.cases.changes import case_or_fail, person_of, state_of
from prevent_desktop.services.cases.referral_draft import answers_of, flags_of
from prevent_desktop.services.contacts.routing import vault_profile
from prevent_desktop.services.session import Session
from prevent_desktop.storage import attachments as attachment_store
from prevent_desktop.storage import cases as store


def list_all(session: Session) -> list[CaseRow]:
    """Every case, newest first (``cases list``)."""
    return store.list_cases(session.conn)


def list_page(session: Session, f: CaseFilter, after: tuple[str, int] | None = None, limit: int = 200) -> list[CaseRow]:
    """A page of the list (newest concern first, after the ``(opened_at, id)`` of the last row shown) or, with
    search words, the first page of results (``next_page`` pages on through them)."""
    return store.page_cases(session.conn, f, after, limit)


def next_page(
    session: Session, f: CaseFilter, cursor: tuple[str, int] | SearchCursor | None = None, limit: int = 200
) -> CasePage:
    """A page of the list or of search results alike, from ``cursor`` (the previous page's ``next``; None for
    the first page): the list pages newest concern first, search results newest matching text first."""
    if f.query.strip():
        if isinstance(cursor, tuple):
            raise ValueError("search results page on with the SearchCursor of their previous page")
        return store.search_cases(session.conn, f, cursor, limit)
    if isinstance(cursor, SearchCursor):
        raise ValueError("the list pages on with the (opened_at, id) of its previous page")
    rows = store.page_cases(session.conn, f, cursor, limit)
    return CasePage(tuple(rows), (rows[-1].opened_at, rows[-1].id) if len(rows) == limit else None)


def count(session: Session, f: CaseFilter, cap: int | None = None) -> int:
    """How many cases the filter lists; with ``cap``, at most ``cap + 1`` ("more than cap")."""
    return store.count_cases(session.conn, f, cap)


def list_filtered(session: Session, f: CaseFilter) -> list[CaseRow]:
    """Every case the filter matches, newest first (``cases list --category``), read page by page."""
    rows: list[CaseRow] = []
    while True:
        page = store.page_cases(session.conn, f, (rows[-1].opened_at, rows[-1].id) if rows else None, 1000)
        rows += page
        if len(page) < 1000:
            return rows


def search(session: Session, query: str, limit: int = 500) -> list[CaseRow]:
    """The first ``limit`` cases matching the words, newest matching text first."""
    return list(store.search_cases(session.conn, CaseFilter(query=query), None, limit).rows)


def chronology(session: Session, case_id: int) -> list[ChronologyEntry]:
    """Top-level entries in order, each carrying its addenda."""
    addenda: dict[int, list[ChronologyEntry]] = {}
    top: list[ChronologyEntry] = []
    for e in store.chronology_of_case(session.conn, case_id):
        if e.amends_id is not None:
            addenda.setdefault(e.amends_id, []).append(e)
        else:
            top.append(e)
    return [dataclasses.replace(e, addenda=tuple(addenda.get(e.id, []))) for e in top]


def _section_answers(section: FormSection, answers: dict[str, Any], under_18: bool, soldier: bool) -> list[FormAnswer]:
    return [
        FormAnswer(section.id, section.title, section.nrf_section, f.id, f.label, f.kind, answers.get(f.id, ""),
                   rules.answer_text(answers.get(f.id, "")))
        for f in rules.visible_fields(section, under_18=under_18, soldier=soldier, answers=answers)
    ]


def case_detail(session: Session, case_id: int) -> CaseDetail:
    case = case_or_fail(session, case_id)
    person = person_of(session, case)
    profile = vault_profile(session)
    form = profile.referral_form
    answers, points = answers_of(form, case)
    under_18, soldier = flags_of(case, person)
    roles = {r.id: r.label for r in profile.routing.subject_roles}
    raisers = {r.id: r.label for r in profile.routing.raiser_roles}
    subject_role = str(answers.get("subject_role") or person.role)
    try:
        routing: RouteResult | None = route_concern(profile, subject_role, case.raised_by_role, under_18=under_18)
    except (UnknownRouteError, KeyError):
        routing = None
    form_answers = [a for s in form.sections for a in _section_answers(s, answers, under_18, soldier)]
    referrer_answers = {a.field_id: a.text for a in form_answers if a.section_id == "referrer"}
    others = tuple(ref for other_id, ref in store.refs_of_person(session.conn, person.id) if other_id != case_id)
    return CaseDetail(
        id=case_id,
        ref=case.ref,
        status=case.status,
        status_label=rules.status_label(case.status),
        version=case.version,
        opened_at=case.opened_at,
        summary=case.summary,
        concern_text=case.concern_text,
        immediate_danger=case.immediate_danger,
        person=PersonInfo(person.id, person.forenames, person.surname, person.dob, subject_role,
                          roles.get(subject_role, subject_role), rules.age_at_concern(person.dob, case.opened_at),
                          under_18),
        referrer=Referrer(case.raiser_name, case.raised_by_role,
                          raisers.get(case.raised_by_role, case.raised_by_role), referrer_answers),
        form_version=case.form_version,
        answers=answers,
        form_answers=tuple(form_answers),
        points=tuple(
            PointAnswer(p.no, p.text, rules.point_text(form, answers, points, p), rules.answered_as(form, p))
            for p in form.points if rules.point_applies(p, under_18=under_18)
        ),
        gaps=tuple(rules.completeness_gaps(form, answers, points, under_18=under_18, soldier=soldier)),
        ready_reason=case.ready_reason,
        ready_at=case.ready_at,
        routing=routing,
        decisions=tuple(store.decisions_of_case(session.conn, case_id)),
        outcomes=tuple(store.outcomes_of_case(session.conn, case_id)),
        reviews=tuple(store.reviews_of_case(session.conn, case_id)),
        chronology=tuple(chronology(session, case_id)),
        contacts_used=tuple(routing.contacts) if routing else (),
        exit_date=case.exit_date,
        closed_at=case.closed_at,
        read_only=case.status == "closed",
        other_cases=others,
        attachments=tuple(attachment_store.of_case(session.conn, case_id)),
        category=case.category,
        category_label=categories.label(session, case.category),
    )


def case_page(session: Session, case_id: int, today: date | None = None) -> CaseOverview:
    """The case page's read model: the case, its state and next step by the status rule, its documents (files
    attached, and exports / prints / copies saved out as the chronology records them), the person's cases."""
    day = today or dates.today()
    d = case_detail(session, case_id)
    state = state_of(session, case_id)
    referrals = [x for x in d.decisions if x.kind in case_status.REFERRAL_DECISIONS]
    step = case_status.next_step(
        state, today=day, chase_days=attention.chase_days(session), gaps=len(d.gaps),
        last_referral=(referrals[-1].kind, referrals[-1].decided_on) if referrals else None,
        open_reviews=[(r.label, r.due_on) for r in d.reviews if not r.done_on],
    )
    files = {a.entry_id: a for a in d.attachments}
    documents: list[DocumentLine] = []
    for e in (x for top in d.chronology for x in (top, *top.addenda)):
        if e.id in files:
            a = files[e.id]
            documents.append(DocumentLine("File", f"{a.filename} ({size_text(a.size)})", a.added_at, a.added_by,
                                          a.note, a.id, a.mime))
        elif e.kind == "document":
            kind = "Print" if " printed" in e.text else "Saved out" if "saved outside" in e.text else "Export"
            documents.append(DocumentLine(kind, e.text, e.recorded_at, e.author))
    history = tuple(
        OtherCase(c.id, c.ref, c.opened_at, c.status_label, c.summary,
                  tuple([f"Decision {uk_date(x.decided_on)}: {x.label}" for x in c.decisions]
                        + [f"Outcome {uk_date(x.outcome_on)}: {x.label}" for x in c.outcomes]))
        for c in person_history(session, d.person.id).cases
    )
    return CaseOverview(d, state, step, tuple(documents), history)


def person_history(session: Session, person_id: int) -> PersonHistory:
    person = store.get_person(session.conn, person_id)
    if person is None:
        raise KnownError(f"There is no person with id {person_id}.")
    details = tuple(case_detail(session, case_id) for case_id, _ref in store.refs_of_person(session.conn, person_id))
    info = details[-1].person if details else PersonInfo(
        person_id, person.forenames, person.surname, person.dob, person.role, person.role, None, False
    )
    return PersonHistory(info, details)


def find_case(session: Session, ident: str) -> int:
    """A case id from "12" or a reference like "PV-2026-0012" (any case): the one resolution every CLI command
    uses (``commands/case_arg.py``)."""
    text = ident.strip()
    if text.isdigit() and store.get_case(session.conn, int(text)) is not None:
        return int(text)
    case = store.get_case_by_ref(session.conn, text.upper())
    if case is None:
        what = f"with id {text}" if text.isdigit() else repr(text)
        raise KnownError(f"There is no case {what} in this vault (`cases list` shows every reference and id).")
    return case.id


def person_of_case(session: Session, case_id: int) -> int:
    """The id of the person a case is about (``export case-file PV-2026-0012``)."""
    return case_or_fail(session, case_id).person_id
