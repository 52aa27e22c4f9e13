"""Shared factories: synthetic records with sensible defaults, made through the real services.

Use these instead of copying a ``ConcernInput(...)`` or a contact draft into each test: a test names only what it
is about (``log_case(session, surname="Al-Saʼdi", decision="channel")``), and when a record's shape changes there
is one place to follow it. Every name, number and text here is synthetic (reserved Ofcom drama numbers,
example.org). Dates default to the app's today (``dates.today()``, which the ``clock`` fixture sets) or to
``today=``; a date of birth is only set when asked for (``age=16``), one month clear of a birthday so the age is
never ambiguous.

A vault: the ``session`` fixture (a copy of the session's template vault) or, for a second one in the same test,
the ``vault_factory`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from prevent_desktop.domain import case_records, dates
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.contact_records import ContactDraft, ContactRow
from prevent_desktop.services import plan, policies
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import guidance, intake, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.contacts import editing as contact_editing
from prevent_desktop.services.session import Session

FORENAMES = "Zoë"
SURNAME = "Example"
RAISER = "Tutor Test"
WHAT_HAPPENED = "Synthetic concern: shared an extremist video in a group chat."
REFERRAL_ANSWERS: dict[str, Any] = {
    "addresses": "1 Synthetic Road, Testtown (current)",
    "describe_concerns": "Synthetic account of the concern.",
}


def uk(day: date) -> str:
    """A date as a DSO types it (DD/MM/YYYY)."""
    return day.strftime("%d/%m/%Y")


def birth_date(age: int, today: date | None = None) -> date:
    """A date of birth ``age`` years and about a month before ``today`` (29 Feb is never chosen)."""
    day = (today or dates.today()) - timedelta(days=30)
    return date(day.year - age, day.month, min(day.day, 28))


def concern_input(*, age: int | None = None, today: date | None = None, **fields: Any) -> case_records.ConcernInput:
    """What *Log a concern* takes: a learner raised by staff, today, no date of birth unless ``age`` is given."""
    day = today or dates.today()
    values: dict[str, Any] = {
        "forenames": FORENAMES,
        "surname": SURNAME,
        "dob": uk(birth_date(age, day)) if age is not None else "",
        "subject_role": "learner",
        "raised_by_role": "staff",
        "raiser_name": RAISER,
        "concern_date": uk(day),
        "what_happened": WHAT_HAPPENED,
    }
    values.update(fields)
    return case_records.ConcernInput(**values)


def log_case(
    session: Session,
    *,
    referral: bool | dict[str, Any] = False,
    points: dict[str, str] | None = None,
    ready: bool | str = False,
    decision: str | None = None,
    decision_reason: str = "Synthetic reason for the decision.",
    decided_on: str = "",
    outcome: str | None = None,
    outcome_on: str = "",
    today: date | None = None,
    age: int | None = None,
    **concern_fields: Any,
) -> int:
    """A case as far as asked, through the real services; returns its id.

    ``referral``: save a referral draft (True: ``REFERRAL_ANSWERS``; a dict: those answers on top). ``ready``: mark
    it ready (a string is the reason for any gaps). ``decision`` / ``outcome``: a kind from ``domain.cases``
    ``DECISIONS`` / ``OUTCOMES``, on ``decided_on`` / ``outcome_on`` (default today).
    """
    case_id = intake.log_concern(session, concern_input(age=age, today=today, **concern_fields))
    version = case_queries.case_detail(session, case_id).version
    if referral or points or ready:
        extra = referral if isinstance(referral, dict) else (REFERRAL_ANSWERS if referral else {})
        answers = {**case_queries.case_detail(session, case_id).answers, **extra}
        version = referral_draft.save_draft(session, case_id, version, answers, dict(points or {}))
    if ready:
        reason = ready if isinstance(ready, str) else "Synthetic reason for the gaps."
        version = referral_draft.mark_ready(session, case_id, version, reason)
    if decision is not None:
        version = case_actions.record_decision(session, case_id, version, decision, decision_reason, decided_on)
    if outcome is not None:
        case_actions.record_outcome(
            session, case_id, version, outcome, outcome_on or (today or dates.today()).isoformat()
        )
    return case_id


def complete_referral_answers(session: Session, *, role: str, age: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Every referral field and Annex B2 point that applies to a ``role`` of ``age`` answered (``ZZ-<field id>``,
    ``ZZ-POINT-<n>``), as the wizard saves them: complete by the domain's rules (``completeness_gaps``)."""
    form = guidance.referral_form(session)
    under_18, soldier = age < 18, role == "soldier"
    answers: dict[str, Any] = {}
    for section in form.sections:
        for f in section.fields:
            if not rules.field_applies(f, under_18=under_18, soldier=soldier) or f.kind == "int":
                continue  # the one int field, the approximate age, applies only while the date of birth is unknown
            if f.kind == "yesno_text":
                answers[f.id] = {"answer": "yes", "text": f"ZZ-{f.id}"}
            elif f.kind == "date":
                answers[f.id] = birth_date(age).isoformat() if f.id == "date_of_birth" else dates.today().isoformat()
            elif f.kind == "choice":
                answers[f.id] = role
            else:
                answers[f.id] = f"ZZ-{f.id}"
    # A point that takes its answer from a field (answer_from) is answered by that field, as in the wizard.
    points = {str(p.no): f"ZZ-POINT-{p.no}" for p in form.points
              if rules.point_applies(p, under_18=under_18) and not p.answer_from}
    return answers, points


def complete_referral(session: Session, *, role: str = "learner", age: int = 16, **fields: Any) -> int:
    """A case whose referral is complete (nothing missing) and marked ready; returns its id."""
    answers, points = complete_referral_answers(session, role=role, age=age)
    return log_case(session, age=age, subject_role=role, referral=answers, points=points, ready=True, **fields)


def contact_draft(**fields: Any) -> ContactDraft:
    """A valid contact in the seeded "other-learners" group: one desk number, one email."""
    base = ContactDraft(
        group_id="other-learners",
        role="Early Help Team",
        name="Sam Example",
        organisation="Example Council",
        phones=(("Desk", "020 7946 0123"),),
        emails=("sam.example@example.org",),
        when_to_use="Early help referrals.",
        last_verified=dates.today().isoformat(),
    )
    return dataclasses.replace(base, **fields)


def make_contact(session: Session, **fields: Any) -> ContactRow:
    return contact_editing.add_contact(session, contact_draft(**fields))


def make_plan_row(
    session: Session,
    area: str = "Synthetic area",
    action: str = "Synthetic action",
    who: str = "",
    when_text: str = "",
    *,
    rag: str | None = None,
    reason: str = "Synthetic reason",
) -> int:
    """An action-plan row at the end of the plan (optionally rated); returns its id."""
    row_id = plan.add_row(session, area, action, who, when_text)
    if rag is not None:
        plan.update_row(session, row_id, "rag", rag, reason=reason)
    return row_id


def make_policy(
    session: Session,
    name: str = "Synthetic policy",
    *,
    group: str = "training",
    owner: str = "Test DSO",
    last_review: str = "",
    interval_months: int = 12,
) -> int:
    """An associated policy in the register; returns its id."""
    return policies.add_policy(session, name, group, owner, last_review, interval_months)
