"""PDF exports: which documents exist, how their data is gathered, and the export/print flow (build, encrypt,
write atomically, record).

The GUI (``ui/export_dialog.py``) and the CLI (``commands/export.py``) both go through here:

* ``build_document(session, kind, **params) -> (bytes, DocumentInfo)`` — the PDF in memory, never on disk.
* ``save_document(session, pdf, info, path, password)`` — encrypt (AES-256, R6) if a password is given, write
  atomically, record the export.
* ``export_document(session, kind, path, password, **params)`` — the two above in one call.
* ``record_print(session, kind, **params)`` — record that a document was printed.

Records name the kind of document, the case/person id and whether it was encrypted: never names or text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from prevent_desktop.domain import annual_summary as summary_rules
from prevent_desktop.domain import cases as case_rules
from prevent_desktop.domain.cases import chronology_label
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.files import size_text
from prevent_desktop.domain.passwords import MIN_FILE_PASSWORD as MIN_FILE_PASSWORD  # the GUI's hint
from prevent_desktop.domain.passwords import check_file_password
from prevent_desktop.domain.passwords import file_password_problem as file_password_problem
from prevent_desktop.domain.policies import GROUPS
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.reports import encrypt_pdf
from prevent_desktop.reports.action_plan import (
    ActionPlanData,
    PlanChange,
    PlanHeaderData,
    PlanReview,
    PlanRowData,
    build_action_plan,
)
from prevent_desktop.reports.annual_summary import (
    AnnualSummaryData,
    SummaryRow,
    SummaryTable,
    build_annual_summary,
)
from prevent_desktop.reports.case_file import AttachedFile, CaseFileData, CaseSummary, build_case_file
from prevent_desktop.reports.contacts_card import (
    VARIANTS,
    CardContact,
    CardGroup,
    ContactsCardData,
    build_contacts_card,
)
from prevent_desktop.reports.page import reporting_pages
from prevent_desktop.reports.parts import ChronologyEntry
from prevent_desktop.reports.policy_register import (
    PolicyChangeData,
    PolicyInfo,
    PolicyRegisterData,
    RegisterEntry,
    build_policy_register,
)
from prevent_desktop.reports.referral_pack import (
    ContactUsed,
    Correction,
    DecisionEntry,
    MissingItem,
    OutcomeEntry,
    ReferralPackData,
    build_referral_pack,
    points_from_form,
    sections_from_form,
)
from prevent_desktop.services import plan, policies, settings
from prevent_desktop.services.cases import categories as case_categories
from prevent_desktop.services.cases import documents as case_documents
from prevent_desktop.services.cases import guidance as case_guidance
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.session import Session
from prevent_desktop.storage import annual_summary as summary_store
from prevent_desktop.storage import profile_store
from prevent_desktop.storage.atomic import write_atomically
from prevent_desktop.storage.db import transaction

__all__ = [
    "KINDS",
    "DocumentInfo",
    "DocumentKind",
    "build_document",
    "export_document",
    "marking_for",
    "prepare_document",
    "record_export",
    "record_print",
    "save_document",
    "write_document",
]


@dataclass(frozen=True, slots=True)
class DocumentKind:
    id: str
    label: str
    has_case_data: bool
    params: tuple[str, ...] = ()  # the parameters the kind needs (e.g. "case_id")
    draft_when_incomplete: bool = False  # a draft (marked on every page) while ``DocumentInfo.missing`` names gaps


KINDS: Final[dict[str, DocumentKind]] = {
    k.id: k
    for k in (
        DocumentKind("referral-pack", "Referral pack", True, ("case_id",), draft_when_incomplete=True),
        DocumentKind("case-file", "Case file", True, ("person_id",)),
        DocumentKind("action-plan", "Action plan", False),
        DocumentKind("contacts-card", "Key contacts card", False),
        DocumentKind("policy-register", "Policy register", False),
        # Anonymised counts only (no names, no references): marked as a document without case data.
        DocumentKind("annual-summary", "Annual Prevent summary", False, ("year",)),
    )
}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    kind: str
    title: str
    filename: str  # suggested, neutral: no personal data
    has_case_data: bool
    case_id: int | None = None
    person_id: int | None = None
    variant: str = ""
    missing: tuple[str, ...] = ()  # what the referral still needs (a referral pack with any is a draft)
    year: str = ""  # the annual summary's reporting year ("2025/26")

    @property
    def entity(self) -> tuple[str, str]:
        """(entity, id) for the audit log."""
        if self.case_id is not None:
            return "case", str(self.case_id)
        if self.person_id is not None:
            return "person", str(self.person_id)
        return "document", self.kind


# ---------------------------------------------------------------------------------------------- helpers


def marking_for(session: Session, has_case_data: bool) -> str:
    """The protective marking printed on every page: vault setting, else the organisation profile's."""
    return settings.get(session, settings.PROTECTIVE_MARKING if has_case_data else settings.PUBLIC_MARKING)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _org_name(session: Session) -> str:
    return session.organisation_name or "Organisation"


def _int_param(params: dict[str, Any], name: str) -> int:
    value = params.get(name)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(f"A numeric {name.replace('_', ' ')} is needed for this document.") from None


def _stamp(today: date) -> str:
    return today.strftime("%Y-%m-%d")


# ------------------------------------------------------------------------------------------------ gather


def contacts_card_data(session: Session) -> ContactsCardData:
    groups: dict[str, list[CardContact]] = {}
    verified: list[str] = []
    for c in contact_directory.directory(session):
        groups.setdefault(c.group_title, []).append(
            CardContact(
                role=c.role,
                name=c.name,
                organisation=c.organisation,
                phones=tuple(c.phones),
                emails=tuple(c.emails),
                web=c.web,
                when_to_use=c.when_to_use,
                out_of_hours=c.out_of_hours,
            )
        )
        if c.last_verified:
            verified.append(c.last_verified)
    return ContactsCardData(
        groups=tuple(CardGroup(title, tuple(items)) for title, items in groups.items()),
        last_verified=min(verified) if verified else "",
    )


def action_plan_data(session: Session) -> ActionPlanData:
    h = plan.header(session)
    duty_titles = {d.id: d.title for d in plan.duties(session)}
    active = plan.rows(session)
    rows = tuple(
        PlanRowData(r.no, r.area, r.action, r.who, r.when_text, r.rag, tuple(duty_titles.get(d, d) for d in r.duties))
        for r in active
    )
    reviews = tuple(
        PlanReview(r.reviewed_on, r.reviewer, r.notes)
        for r in sorted(plan.reviews(session), key=lambda r: (r.reviewed_on, r.id))
    )
    numbers = {r.id: r.no for r in plan.rows(session, include_retired=True)}
    changes = tuple(
        PlanChange(e.changed_at, e.changed_by, numbers[e.row_id], e.field, e.old_value, e.new_value, e.reason)
        for e in sorted(plan.history(session), key=lambda e: (e.changed_at, e.id))
        if e.row_id is not None and e.row_id in numbers
    )
    return ActionPlanData(
        PlanHeaderData(
            h.organisation,
            h.safeguarding_contact,
            h.date_last_updated,
            h.date_actions_to_be_reviewed,
            h.next_review_due,
        ),
        rows,
        reviews,
        changes,
    )


def policy_register_data(session: Session, today: date | None = None) -> PolicyRegisterData:
    """The register as the Policies page and Home show it for ``today``: the same statuses, by the same rule."""
    today = today or date.today()
    v, version_status = policies.version_status(session, today)
    owner = str((profile_store.get(session.conn, "policy", {}) or {}).get("owner", ""))
    changes = tuple(PolicyChangeData(c.serial, c.issue, c.date, c.summary) for c in policies.changes(session))
    entries = tuple(
        RegisterEntry(
            name=p.name,
            group=GROUPS.get(p.group, p.group),  # "Training", as on the page, not the stored id
            owner=p.owner,
            last_review=p.last_review,
            next_review=p.next_review,  # at the last review's precision ("2023-05" -> "2024-05")
            review_interval_months=p.review_interval_months,
            overdue=p.overdue,
            status=p.status_text,
        )
        for p in policies.register(session, today=today)
    )
    return PolicyRegisterData(
        PolicyInfo(
            v.title,
            v.version,
            v.effective_date,
            v.review_date,
            v.next_review,
            owner,
            version_status is DueStatus.OVERDUE,
            next_review_status=version_status.label,
        ),
        changes,
        entries,
        today.isoformat(),
    )


def summary_year(session: Session, year: object = None, today: date | None = None) -> summary_rules.ReportingYear:
    """The reporting year the annual summary covers: ``year`` as typed ("2025", "2025/26", or the int 2025: the
    year that starts in it), or the year today falls in. The profile's ``annual_summary.year_start_month`` says
    when a year starts (9: the academic year)."""
    start_month = case_categories.annual_summary_settings(session).year_start_month
    if year is None or year == "":
        return summary_rules.year_containing(today or date.today(), start_month)
    return summary_rules.parse_year(str(year), start_month)


def summary_years(session: Session, today: date | None = None) -> list[summary_rules.ReportingYear]:
    """The reporting years a summary can be made for, newest first: from the year of the first concern in the vault
    to the year today falls in (just that one in an empty vault)."""
    today = today or date.today()
    start_month = case_categories.annual_summary_settings(session).year_start_month
    current = summary_rules.year_containing(today, start_month)
    first, _last = summary_store.years_with_cases(session.conn)
    oldest = summary_rules.year_containing(date.fromisoformat(first), start_month) if first else current
    years = [current]
    while years[-1].start > oldest.start:
        years.append(summary_rules.reporting_year(years[-1].start.year - 1, start_month))
    return years


def annual_summary_data(session: Session, year: object = None, today: date | None = None) -> AnnualSummaryData:
    """The anonymised annual summary for ``year`` (see :func:`summary_year`): counts of the concerns whose date of
    concern falls in it, small numbers hidden by ``domain.annual_summary``'s rule. No name, reference or text of
    any case is read."""
    today = today or date.today()
    period = summary_year(session, year, today)
    after = date.fromordinal(period.end.toordinal() + 1)
    referral_kinds = sorted(case_rules.REFERRAL_DECISIONS)
    facts = summary_store.case_facts(session.conn, period.start.isoformat(), after.isoformat(), referral_kinds)
    cats = case_categories.categories(session)
    used = {f.category for f in facts}
    decisions = list(case_rules.DECISIONS.items())
    vocab = summary_rules.Vocabulary(
        categories=(
            *((c.id, case_categories.label(session, c.id)) for c in cats.items if not c.retired or c.id in used),
            ("", case_categories.label(session, "")),
        ),
        roles=tuple(case_guidance.subject_roles(session)),
        referral_decisions=tuple((k, v) for k, v in decisions if k in case_rules.REFERRAL_DECISIONS),
        other_decisions=tuple((k, v) for k, v in decisions if k not in case_rules.REFERRAL_DECISIONS),
        outcomes=tuple(case_rules.OUTCOMES.items()),
    )
    figures = summary_rules.summarise(facts, period, vocab, today)
    settings_ = case_categories.annual_summary_settings(session)
    notes = [
        "Each concern counts once in every table: under its type of concern, the person's role, the month of its "
        "date of concern and what was decided.",
        "Referred: a decision to refer to the police Prevent team or to Channel. Considered, not referred: a "
        "decision recorded that was not a referral (internal support, signposting, no further action).",
        "Time to decision: days from the date of concern to the first decision recorded. Outcomes: the latest "
        "answer recorded for each referral.",
    ]
    if cats.source:
        notes.append(f"Types of concern: {cats.source}.")
    if period.end >= today:
        notes.insert(0, f"The year is not over: this summary counts the concerns logged up to {uk_date(today)}.")
    return AnnualSummaryData(
        title=settings_.title or "Annual Prevent summary",
        year_label=period.label,
        period=period.period,
        as_of=figures.as_of,
        headline=(
            ("Concerns logged", figures.concerns.text),
            ("Referred (police Prevent team or Channel)", figures.referred.text),
            ("Considered, not referred", figures.considered.text),
            ("No decision yet", figures.undecided.text),
            ("Typical time from concern to decision (median)", figures.median_days),
        ),
        tables=tuple(
            SummaryTable(
                t.title, t.intro,
                tuple(SummaryRow(r.label, r.cell.text, r.cell.bar, r.level) for r in t.rows),
                t.total_label, t.total.text, t.shown, t.chart, t.note,
            )
            for t in figures.tables
        ),
        suppression_rule=summary_rules.SUPPRESSION_RULE,
        notes=tuple(notes),
    )


# ------------------------------------------------------------------------------------------------ build


def _contact_used(contact: Any) -> ContactUsed:
    numbers = "; ".join(f"{p.label} {p.number}".strip() for p in contact.phones)
    return ContactUsed(
        role=contact.role,
        organisation=contact.organisation,
        name=contact.name,
        numbers=numbers or contact.web,
        emails="; ".join(contact.emails),
    )


def _chronology_entries(entries: Any) -> tuple[ChronologyEntry, ...]:
    """Top-level entries, each followed by its addenda (which point at it)."""
    out: list[ChronologyEntry] = []
    for e in entries:  # the kind as its label ("Document"), never the stored id
        out.append(
            ChronologyEntry(e.id, e.occurred_at, e.recorded_at, e.author, chronology_label(e.kind), e.text, e.amends_id)
        )
        out.extend(
            ChronologyEntry(a.id, a.occurred_at, a.recorded_at, a.author, chronology_label(a.kind), a.text, a.amends_id)
            for a in e.addenda
        )
    return tuple(out)


# The chronology entries whose corrections are corrections of the form: the concern as logged (it opens
# "Describe concerns") and the referral's own entries. Printed with the section they correct ("" = the form's head).
_FORM_ENTRIES: Final = {"concern": "concerns", "referral": ""}


def _corrections(entries: Any) -> tuple[Correction, ...]:
    return tuple(
        Correction(e.id, chronology_label(e.kind), e.occurred_at, e.text, a.recorded_at, a.author, a.text,
                   _FORM_ENTRIES[e.kind])
        for e in entries
        if e.kind in _FORM_ENTRIES
        for a in e.addenda
    )


def referral_pack_data(session: Session, case_id: int) -> ReferralPackData:
    """Map ``case_queries.case_detail`` into the referral pack's flat data, in the national form's own order.

    The fields and points that apply come from the domain's rules (``subject_flags``, ``field_applies``); a gap
    left at the completeness check prints "Not provided — <the reason given when the case was marked ready>", and
    the gaps (``detail.gaps``) make the pack a draft.
    """
    detail = case_queries.case_detail(session, case_id)
    form = case_guidance.referral_form(session)
    gap_reason = detail.ready_reason.strip() or (
        "not yet answered (the referral has not been marked ready)" if not detail.ready_at else ""
    )
    field_reasons = {g.item: gap_reason for g in detail.gaps if g.point is None}
    point_answers: dict[int, str | None] = {p.no: (p.answer or None) for p in detail.points}
    point_reasons = {g.point: gap_reason for g in detail.gaps if g.point is not None}
    under18, soldier = bool(detail.person.under_18), detail.person.role == "soldier"
    routing_lines: list[str] = []
    if detail.routing is not None:
        r = detail.routing
        if r.refer_to:
            routing_lines.append("Refer to: " + ", ".join(r.refer_to))
        if r.reviewers:
            routing_lines.append("Reviewed by: " + ", ".join(r.reviewers))
        if r.precedence_note:
            routing_lines.append(r.precedence_note)
        routing_lines.extend(r.guidance)
        if r.policy_refs:
            routing_lines.append("Policy references: " + ", ".join(r.policy_refs))
    cover_extra: list[tuple[str, str]] = [("Status", detail.status_label)]
    if detail.ready_at:
        cover_extra.append(("Marked ready", detail.ready_at[:10]))
    if detail.ready_reason:
        cover_extra.append(("Reason given for gaps", detail.ready_reason))
    return ReferralPackData(
        case_reference=detail.ref,
        prepared_on=date.today().isoformat(),
        prepared_by=session.user,
        prepared_for="Kent Police Prevent Team (national Prevent referral)",
        form_version=detail.form_version or form.version,
        form_marking=form.marking,
        emergency_warning=form.emergency_warning,
        sections=sections_from_form(form.sections, detail.answers, field_reasons, under18=under18, soldier=soldier),
        points=points_from_form(form.points, point_answers, point_reasons, under18=under18,
                                answered_as={p.no: p.answered_as for p in detail.points}),
        immediate_danger=detail.immediate_danger,
        missing=tuple(MissingItem(g.label, g.point) for g in detail.gaps),
        corrections=_corrections(detail.chronology),
        routing_lines=tuple(routing_lines),
        contacts_used=tuple(_contact_used(c) for c in detail.contacts_used),
        decisions=tuple(DecisionEntry(d.decided_on, d.label, d.reason, d.decided_by) for d in detail.decisions),
        outcomes=tuple(OutcomeEntry(o.outcome_on, o.recorded_by, o.label, o.notes) for o in detail.outcomes),
        chronology=_chronology_entries(detail.chronology),
        cover_extra=tuple(cover_extra),
    )


def case_file_data(session: Session, person_id: int) -> CaseFileData:
    """One person's whole history across all their cases, for a transfer to another setting."""
    history = case_queries.person_history(session, person_id)
    p = history.person
    person_lines = [
        ("Name", f"{p.forenames} {p.surname}".strip()),
        ("Date of birth", p.dob),
        ("Role", p.role_label),
    ]
    return CaseFileData(
        person_reference=f"Person {p.id}",
        prepared_on=date.today().isoformat(),
        prepared_by=session.user,
        prepared_for="The receiving setting's Designated Safeguarding Lead",
        person_lines=tuple(person_lines),
        cases=tuple(
            CaseSummary(
                reference=c.ref,
                status=c.status_label,
                opened_on=c.opened_at[:10],
                closed_on=(c.closed_at or "")[:10],
                summary=c.summary or c.concern_text,
                chronology=_chronology_entries(c.chronology),
                attachments=tuple(AttachedFile(a.filename, size_text(a.size), a.added_at[:10], a.added_by, a.note)
                                  for a in c.attachments),
            )
            for c in history.cases
        ),
    )


def safe_filename_part(text: str) -> str:
    """Keep a case reference like "PD-2026-0001" usable in a file name (letters, digits, dashes only)."""
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")
    return cleaned[:40] or "document"


Builder = Callable[[], tuple[bytes, DocumentInfo]]


def build_with_progress(builder: Builder, on_page: Callable[[int], None]) -> tuple[bytes, DocumentInfo]:
    """Run a ``prepare_document`` builder, calling ``on_page(pages laid out so far)`` as each page is finished
    (on the builder's thread: the GUI relays it to the UI thread)."""
    with reporting_pages(on_page):
        return builder()


def prepare_document(session: Session, kind: str, *, now: datetime | None = None, **params: Any) -> Builder:
    """Read everything the document needs now (on the caller's thread) and return a function that lays the PDF
    out without touching the database, so the GUI can run it off the UI thread.

    ``params``: ``case_id`` (referral pack), ``person_id`` (case file), ``variant`` ("a4"/"fold", contacts card),
    ``year`` (annual summary: "2025" or "2025/26"; default the year today falls in).
    ``now`` (default: the clock) is the moment printed on the document and the day due/overdue is worked out for.
    """
    if kind not in KINDS:
        raise ValidationError(f"Unknown document {kind!r}; choose one of: {', '.join(KINDS)}.")
    spec = KINDS[kind]
    now = now or _now()
    stamp = _stamp(now.date())
    org = _org_name(session)
    marking = marking_for(session, spec.has_case_data)
    demo = session.demo
    common: dict[str, Any] = {"organisation": org, "generated_at": now, "marking": marking, "demo": demo}
    if kind == "referral-pack":
        case_id = _int_param(params, "case_id")
        pack = referral_pack_data(session, case_id)
        name = f"referral-pack-{safe_filename_part(pack.case_reference)}.pdf"
        missing = tuple(m.label for m in pack.missing)
        info = DocumentInfo(kind, "Referral pack", name, True, case_id=case_id, missing=missing)
        return lambda: (build_referral_pack(pack, **common), info)
    if kind == "case-file":
        person_id = _int_param(params, "person_id")
        data = case_file_data(session, person_id)
        info = DocumentInfo(kind, "Case file", f"case-file-{person_id}-{stamp}.pdf", True, person_id=person_id)
        return lambda: (build_case_file(data, **common), info)
    if kind == "contacts-card":
        variant = str(params.get("variant") or "a4")
        if variant not in VARIANTS:
            raise ValidationError(f"Unknown contacts card variant {variant!r}; choose a4 or fold.")
        card = contacts_card_data(session)
        suffix = "-fold" if variant == "fold" else ""
        info = DocumentInfo(kind, "Key contacts card", f"contacts-card{suffix}-{stamp}.pdf", False, variant=variant)
        return lambda: (build_contacts_card(card, variant=variant, **common), info)
    if kind == "annual-summary":
        summary = annual_summary_data(session, params.get("year"), now.date())
        slug = safe_filename_part(summary.year_label.replace("/", "-"))
        info = DocumentInfo(kind, spec.label, f"annual-prevent-summary-{slug}.pdf", False, year=summary.year_label)
        return lambda: (build_annual_summary(summary, **common), info)
    if kind == "action-plan":
        plan_data = action_plan_data(session)
        info = DocumentInfo(kind, "Action plan", f"action-plan-{stamp}.pdf", False)
        return lambda: (build_action_plan(plan_data, **common), info)
    register = policy_register_data(session, now.date())
    info = DocumentInfo(kind, "Policy register", f"policy-register-{stamp}.pdf", False)
    return lambda: (build_policy_register(register, **common), info)


def build_document(
    session: Session, kind: str, *, now: datetime | None = None, **params: Any
) -> tuple[bytes, DocumentInfo]:
    """Build the PDF for ``kind`` in memory (never on disk); see ``prepare_document`` for ``params``."""
    return prepare_document(session, kind, now=now, **params)()


# ------------------------------------------------------------------------------------------- save/record


def _record(session: Session, action: str, info: DocumentInfo, detail: str) -> None:
    entity, entity_id = info.entity
    with transaction(session.conn):
        session.audit(action, entity, entity_id, detail)
        if info.has_case_data:  # the export or print also goes in the case's chronology
            case_documents.record_document_event(
                session, action=action, kind=info.kind, case_id=info.case_id, person_id=info.person_id, detail=detail
            )


def write_document(pdf: bytes, path: str | os.PathLike[str], password: str | None) -> None:
    """Encrypt if ``password`` (AES-256, R6) and write atomically (0600). No database access: safe off-thread."""
    if password is not None:
        check_file_password(password, "PDF password")  # the one rule, GUI and CLI alike
    data = encrypt_pdf(pdf, password) if password is not None else pdf
    try:
        write_atomically(Path(path), data)
    except FileNotFoundError:
        raise KnownError("The folder to save the PDF in does not exist.") from None
    except PermissionError:
        raise KnownError("The PDF could not be saved there: permission denied.") from None
    except OSError as exc:
        raise KnownError(f"The PDF could not be saved ({exc.strerror or 'write error'}).") from None


def record_export(session: Session, info: DocumentInfo, encrypted: bool) -> None:
    """Record a finished export in the audit log (and the case chronology once the cases work offers it)."""
    extra = (f" variant={info.variant}" if info.variant else "") + (f" year={info.year}" if info.year else "")
    _record(session, "export.pdf", info, f"kind={info.kind} encrypted={'yes' if encrypted else 'no'}{extra}")


def save_document(
    session: Session, pdf: bytes, info: DocumentInfo, path: str | os.PathLike[str], password: str | None
) -> None:
    """Encrypt if ``password`` (AES-256, R6), write atomically to ``path``, then record the export."""
    write_document(pdf, path, password)
    record_export(session, info, password is not None)


def export_document(
    session: Session, kind: str, path: str | os.PathLike[str], password: str | None, **params: Any
) -> DocumentInfo:
    pdf, info = build_document(session, kind, **params)
    save_document(session, pdf, info, path, password)
    return info


def record_print(session: Session, kind: str, **params: Any) -> None:
    """Record that a document of ``kind`` was sent to a printer (printing is never encrypted)."""
    if kind not in KINDS:
        raise ValidationError(f"Unknown document {kind!r}.")
    spec = KINDS[kind]
    case_id = params.get("case_id")
    person_id = params.get("person_id")
    info = DocumentInfo(
        kind,
        spec.label,
        "",
        spec.has_case_data,
        case_id=int(case_id) if case_id is not None else None,
        person_id=int(person_id) if person_id is not None else None,
        variant=str(params.get("variant") or ""),
    )
    extra = f" variant={info.variant}" if info.variant else ""
    _record(session, "print.pdf", info, f"kind={kind}{extra}")
