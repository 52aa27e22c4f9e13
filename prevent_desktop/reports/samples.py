"""Synthetic sample data for the case documents (tests, benchmarks, docs/samples). No real person appears here.

The form sections and the 13 points come from the bundled organisation profile, exactly as a real pack would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from prevent_desktop.domain.cases import answered_as, completeness_gaps, point_text
from prevent_desktop.domain.profile import default_profile_path, load_profile
from prevent_desktop.reports.case_file import CaseFileData, CaseSummary
from prevent_desktop.reports.parts import ChronologyEntry
from prevent_desktop.reports.referral_pack import (
    ContactUsed,
    Correction,
    DecisionEntry,
    MissingItem,
    OutcomeEntry,
    ReferralPackData,
    points_from_form,
    sections_from_form,
)

INJECTION = "Fish <b>&</b> chips <font color='red'>x</font> </para> <br/> &amp; done"
CASE_REF = "PD-2026-0001"
FORENAMES = "Zoë Łukasz"
SURNAME = "Al-Saʼdi"

_KINDS = ("observation", "conversation", "decision", "advice", "note")


def chronology(count: int, *, start: datetime | None = None, long_every: int = 7) -> tuple[ChronologyEntry, ...]:
    """``count`` synthetic entries; every ``long_every``-th is long enough to wrap over many lines."""
    start = start or datetime(2026, 1, 5, 9, 30)
    out = []
    for i in range(1, count + 1):
        when = start + timedelta(hours=7 * i)
        text = f"Entry {i}: the tutor noted a change in behaviour during the session and spoke with the learner."
        if i % long_every == 0:
            text += " " + " ".join(f"Follow-up detail {j} recorded verbatim as the learner said it." for j in range(12))
        out.append(
            ChronologyEntry(
                id=i,
                occurred=when.isoformat(timespec="minutes"),
                recorded=(when + timedelta(hours=1)).isoformat(timespec="minutes"),
                author="Test DSO",
                kind=_KINDS[i % len(_KINDS)],
                text=text,
                amends_id=i - 1 if i % 11 == 0 else None,
            )
        )
    return tuple(out)


def _form() -> Any:
    return load_profile(default_profile_path()).referral_form


def referral_values() -> tuple[dict[str, Any], dict[str, str]]:
    """The answers as the vault stores them (a yes/no field as ``{"answer": "yes"|"no", "text": ...}``) and the
    reasons given for the gaps."""
    values: dict[str, Any] = {
        "subject_role": "learner",
        "forenames": FORENAMES,
        "surname": SURNAME,
        "date_of_birth": "2009-04-12",
        "gender": "Female",
        "addresses": "12 Example Road, Sampletown AB1 2CD (current)\n3 Old Lane, Sampletown AB1 9ZZ (previous)",
        "nationality": "British",
        "primary_language": "English; also speaks عربي at home",
        "contact_numbers": "07700 900123",
        "other_family_details": "Lives with mother and two younger siblings.",
        "parent_carer_details": "Mother: Ms Example Parent, 07700 900456",
        "parent_carer_discussions": {
            "answer": "yes", "text": "Spoke with the learner on 2 Feb and with the mother on 3 Feb; she shares the "
                                     "concern."
        },
        "parental_support": "Mother supportive.",
        "current_occupation": "Apprentice (Level 2)",
        "current_education": "Example Training Centre",
        "describe_concerns": "Since January the learner has shared extremist material in class chat. " + INJECTION,
        "complex_needs": "Suspected dyslexia (not yet assessed).",
        "other_information": "Other agencies: none known.",
        "referrer_forename": "Test",
        "referrer_surname": "DSO",
        "referrer_role_organisation": "Designated Safeguarding Officer, Example Training",
        "referrer_relationship": "Tutor's safeguarding lead",
        "referrer_phone": "01234 567890",
        "discussed_with_lead": {"answer": "yes", "text": "Discussed with the DSO on 2 Feb 2026; agreed to refer."},
        "individual_informed": {"answer": "no", "text": "Not told yet: advice from the police Prevent team awaited."},
        "direct_action_taken": {"answer": "yes", "text": "Learner's account on the college Wi-Fi was reviewed."},
        "parallel_mash": {"answer": "yes", "text": "MASH referral made the same day."},
        "parallel_mash_date": "2026-02-03",
    }
    reasons = {
        "immigration_status": "not known to the college",
        "email_addresses": "the learner has no college email",
        "others_informed": "to be confirmed with the mother",
        "previous_occupation": "first job",
        "previous_education": "records not yet received from the previous school",
        "other_agencies": "none known",
    }
    return values, reasons


def point_answers() -> tuple[dict[int, str | None], dict[int, str]]:
    answers: dict[int, str | None] = {
        1: "A classmate reported posts in the class group chat.",
        2: "On 28 Jan 2026 the learner shared a video glorifying an attack.",
        3: "Withdrawn, new group of online friends, changed appearance.",
        4: "Expressed admiration for a banned group. " + INJECTION,
        5: "Uses an encrypted app late at night; found out from the classmate's screenshots.",
        6: "Online contact with an adult unknown to the family, several times a week.",
        7: None,
        9: "Older cousin known to children's services.",
        12: "Presence of an extremist ideology in the material shared.",
        13: "Risk of further isolation and of being drawn into violent extremism.",
    }
    reasons = {7: "no threats were heard or reported"}
    return answers, reasons


def _referral_entry_corrected(
    entries: tuple[ChronologyEntry, ...],
) -> tuple[tuple[ChronologyEntry, ...], tuple[Correction, ...]]:
    """The sample chronology's last entry as the referral's own ("Referral marked ready"), with an addendum under
    it that corrects the referral; and that correction as the pack prints it with the form."""
    if not entries:
        return entries, ()
    last = replace(entries[-1], kind="Referral", text="Referral marked ready. 2 item(s) not provided.", amends_id=None)
    recorded = "2026-02-06T11:20"
    text = "Correction: the mother was told about the referral on 5 Feb 2026."
    addendum = ChronologyEntry(last.id + 1, recorded, recorded, "Test DSO", "Addendum", text, last.id)
    correction = Correction(last.id, last.kind, last.occurred, last.text, recorded, addendum.author, text)
    return (*entries[:-1], last, addendum), (correction,)


def referral_pack(chronology_entries: int = 12) -> ReferralPackData:
    form = _form()
    values, reasons = referral_values()
    answers, point_reasons = point_answers()
    points = {str(no): text for no, text in answers.items() if text}
    # points 8, 10 and 11 take their answers from the form's fields (asked once): printed in both places
    answers.update({p.no: point_text(form, values, points, p) for p in form.points if p.answer_from})
    shared = {p.no: answered_as(form, p) for p in form.points if p.answer_from}
    entries, corrections = _referral_entry_corrected(chronology(chronology_entries))
    return ReferralPackData(
        case_reference=CASE_REF,
        prepared_on="2026-02-04",
        prepared_by="Test DSO (Designated Safeguarding Officer)",
        prepared_for="Police Prevent team",
        form_version=form.version,
        form_marking=form.marking,
        emergency_warning=form.emergency_warning,
        sections=sections_from_form(form.sections, values, reasons, under18=True, soldier=False),
        points=points_from_form(form.points, answers, point_reasons, under18=True, answered_as=shared),
        missing=tuple(
            MissingItem(g.label, g.point) for g in completeness_gaps(form, values, points, under_18=True, soldier=False)
        ),
        corrections=corrections,
        routing_lines=(
            "If you have any immediate concerns about the welfare of anyone, contact the police, call 999.",
            "Staff concern about a learner: refer to the Designated Safeguarding Officer (3.6).",
            "Under 18: consider a parallel referral to the Multi-Agency Safeguarding Hub (MASH).",
        ),
        contacts_used=(
            ContactUsed("Designated Prevent Officer", "Example Training", "Test Officer", "Telephone 01234 567890"),
            ContactUsed("Multi-Agency Safeguarding Hub (MASH)", "Example Council", "", "Telephone 01234 000000"),
            ContactUsed("Police – non-emergency", "Police", "", "Telephone 101"),
        ),
        decisions=(
            DecisionEntry("2026-02-02", "Prevent referral", "Indicators 3, 4 and 12 present; lead agrees.", "Test DSO"),
        ),
        outcomes=(OutcomeEntry("2026-02-10", "Counter Terrorism Policing", "Under assessment", "Awaiting feedback."),),
        chronology=entries,
    )


def case_file(entries_per_case: int = 40, cases: int = 2) -> CaseFileData:
    return CaseFileData(
        person_reference="Person 7",
        prepared_on="2026-03-01",
        prepared_by="Test DSO",
        prepared_for="Receiving college DSL (transfer)",
        person_lines=(("Name", f"{FORENAMES} {SURNAME}"), ("Date of birth", "12 Apr 2009"), ("Learner ref", "")),
        cases=tuple(
            CaseSummary(
                reference=f"PD-2026-{n:04d}",
                status="closed" if n < cases else "monitoring",
                opened_on=f"2026-0{min(n, 9)}-05",
                closed_on="2026-01-30" if n < cases else "",
                summary="Concern about online material. " + INJECTION,
                chronology=chronology(entries_per_case),
            )
            for n in range(1, cases + 1)
        ),
        transfer_note="Transfer to a new setting within 5 days; confirm receipt.",
    )
