"""Cases: the vocabularies (statuses, decisions, outcomes), input rules, age at a date and referral completeness.

Pure functions over plain data; no Qt, no I/O. The referral form's sections, fields and points come from the
profile's (versioned) ``referral_form`` data, never from this module.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from prevent_desktop.domain.case_status import (  # the status rule's vocabulary, re-exported for the callers
    DECISION_STATUS as DECISION_STATUS,
)
from prevent_desktop.domain.case_status import (
    EXIT_OUTCOMES as EXIT_OUTCOMES,
)
from prevent_desktop.domain.case_status import (
    OUTCOME_STATUS as OUTCOME_STATUS,
)
from prevent_desktop.domain.case_status import (
    REFERRAL_DECISIONS as REFERRAL_DECISIONS,
)
from prevent_desktop.domain.case_status import (
    REVIEW_MONTHS as REVIEW_MONTHS,
)
from prevent_desktop.domain.case_status import (
    STATUSES as STATUSES,
)
from prevent_desktop.domain.case_status import (
    status_label as status_label,
)
from prevent_desktop.domain.profile import FormField, FormPoint, FormSection, ReferralForm
from prevent_desktop.errors import ValidationError

# Asked first when a concern is logged (Yes: "call 999 now"), shown again in the referral wizard pre-filled with
# that answer, and printed in the referral pack's form header: one question, one answer on the case.
DANGER_QUESTION = "Is anyone in immediate danger right now?"
MAX_TEXT = 100_000  # characters: a longer text is refused with a clear message (never cut silently)
MAX_SHORT = 300
MAX_AGE_YEARS = 120

DECISIONS: dict[str, str] = {
    "police_prevent": "Referred to the police Prevent team",
    "channel": "Referred to Channel",
    "internal_support": "Internal support plan",
    "signposted": "Signposted (e.g. MASH / early help)",
    "nfa": "No further action (false alarm)",
}
OUTCOMES: dict[str, str] = {
    "gateway_accepted": "Police gateway: accepted for assessment",
    "gateway_declined": "Police gateway: not taken forward",
    "channel_adopted": "Channel panel: adopted",
    "channel_not_adopted": "Channel panel: not adopted",
    "prevent_case_management": "Prevent case management",
    "police_nfa": "No further action by police",
    "exit": "Exited support (6- and 12-month reviews scheduled)",
}
# Every kind a chronology entry can have, with the label people see: the one list. The import schema
# (services/cases_io.SCHEMA) and docs/cases-export.schema.json are generated from it.
CHRONOLOGY_KINDS = {
    "concern": "Concern logged",
    "note": "Note",
    "referral": "Referral",
    "decision": "Decision",
    "outcome": "Outcome",
    "review": "Review",
    "status": "Status",
    "addendum": "Addendum",
    "import": "Imported",
    "document": "Document",  # a PDF of the case exported or printed (services.cases.record_document_event)
    "attachment": "File attached",  # a file stored encrypted with the case (services.cases.attachments)
    "category": "Type of concern",  # the case's concern category set or changed (services.cases.categories)
}


def chronology_label(kind: str) -> str:
    """The label for a chronology kind; an unknown id (a newer file) reads as words, never as a raw id."""
    return CHRONOLOGY_KINDS.get(kind) or kind.replace("_", " ").strip().capitalize() or "Entry"


def ref_prefix(year: int) -> str:
    """Case references are numbered per year: "PV-2026-0001", "PV-2026-0002", ..."""
    return f"PV-{year}-"


def case_ref(year: int, n: int) -> str:
    return f"{ref_prefix(year)}{n:04d}"


def ref_sequence(ref: str) -> tuple[int, int] | None:
    """(year, number) of a reference made by :func:`case_ref`; None for any other text."""
    parts = ref.split("-")
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return int(parts[1]), int(parts[2])
    return None


def next_case_ref(year: int, last_of_year: str | None) -> str:
    """The reference after ``last_of_year`` (the year's highest so far, or None for the year's first)."""
    return case_ref(year, int(last_of_year.rsplit("-", 1)[1]) + 1 if last_of_year else 1)


class ConcurrencyError(ValidationError):
    """The case changed in another window since this one read it."""

    def __init__(self) -> None:
        super().__init__(
            "This case was changed in another window after you opened it, so your change was not saved. "
            "Your text is still here: copy it, reopen the case and apply it again."
        )


class ClosedCaseError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "This case is closed: reopen it (with a reason) to record a decision or an outcome. Notes, addenda and "
            "files can still be added to a closed case."
        )


# ----------------------------------------------------------------------------------------------------
# Input rules
# ----------------------------------------------------------------------------------------------------


_SEPARATED = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{2}|\d{4})")
DATE_WORDS = {"today": 0, "yesterday": 1}


def _full_year(year: str, today: date) -> int:
    """A two-digit year is the latest year ending in those digits that is not after ``today``'s year (for a
    date of birth or a concern, never in the future): on 18/03/2026 "10" is 2010 and "55" is 1955."""
    century = today.year - today.year % 100
    full = century + int(year)
    return full if full <= today.year else full - 100


def parse_date(text: str, what: str, today: date | None = None) -> date:
    """A date as typed: DD/MM/YYYY (UK) or YYYY-MM-DD; with ``today`` also the short forms a DSO types fast:
    "today", "yesterday", D/M (this year), D/M/YY, DDMMYY, DDMMYYYY, with "/", ".", "-" or a space between.
    Raise ValidationError naming ``what``; a date that does not exist (31/02/2026) is said to be so, never read as
    another day."""
    value = (text or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if today is not None and value.casefold() in DATE_WORDS:
            return today - timedelta(days=DATE_WORDS[value.casefold()])
        m = _SEPARATED.fullmatch(value) or _DIGITS.fullmatch(value)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), m.group(3) or ""
            if len(year) == 4:
                return date(int(year), month, day)
            if today is not None:  # a short year, or none (this year): read against today
                return date(_full_year(year, today) if year else today.year, month, day)
    except ValueError:
        # The shape of a date but no such day (31/02/2026): say so, never read it as another day.
        raise ValidationError(f"{what}: {value} is not a real date (enter it as DD/MM/YYYY).") from None
    raise ValidationError(f"{what}: enter a real date as DD/MM/YYYY (for example 05/03/2026).")


def check_dob(text: str, today: date) -> str:
    """'' stays '' (unknown); otherwise an ISO date no later than today and no more than 120 years ago."""
    if not (text or "").strip():
        return ""
    dob = parse_date(text, "Date of birth", today)
    if dob > today:
        raise ValidationError("Date of birth: it is in the future.")
    if age_at(dob, today) > MAX_AGE_YEARS:
        raise ValidationError(f"Date of birth: it is more than {MAX_AGE_YEARS} years ago.")
    return dob.isoformat()


def check_concern_date(text: str, today: date) -> str:
    when = parse_date(text, "Date of concern", today)
    if when > today:
        raise ValidationError("Date of concern: it is in the future.")
    if when.year < today.year - MAX_AGE_YEARS:
        raise ValidationError("Date of concern: it is too long ago.")
    return when.isoformat()


def check_text(value: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """Stored exactly as typed (markup, RTL, emoji included); only length and emptiness are checked."""
    text = value if isinstance(value, str) else ""
    if required and not text.strip():
        raise ValidationError(f"{what}: this is required.")
    if len(text) > limit:
        raise ValidationError(f"{what}: {len(text):,} characters is too long (the limit is {limit:,}).")
    return text


def check_choice(value: str, choices: dict[str, str] | list[str], what: str) -> str:
    if value not in choices:
        raise ValidationError(f"{what}: {value!r} is not one of the allowed values.")
    return value


def age_at(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def is_under_18(dob_iso: str, on_iso: str, approx_age: str = "") -> bool:
    """Under 18 at the date of concern; with no DOB, an approximate age under 18 counts."""
    if dob_iso:
        try:
            return age_at(date.fromisoformat(dob_iso), date.fromisoformat(on_iso[:10])) < 18
        except ValueError:
            return False
    try:
        return 0 < int(str(approx_age).strip()) < 18
    except ValueError:
        return False


def age_at_concern(dob_iso: str, opened_at: str) -> int | None:
    """Age in whole years at the date of concern; None when the date of birth is unknown."""
    if not dob_iso:
        return None
    return age_at(date.fromisoformat(dob_iso), date.fromisoformat(opened_at[:10]))


def subject_flags(
    answers: dict[str, Any], person_dob: str, person_role: str, opened_at: str, today: date
) -> tuple[bool, bool]:
    """(under 18 at the date of concern, is a soldier) for a case: the referral's answers first, else the person
    record. A date of birth that is not a valid one counts as unknown (then an approximate age decides)."""
    dob = str(answers.get("date_of_birth") or person_dob or "")
    try:
        dob = check_dob(dob, today) if dob else ""
    except ValidationError:
        dob = ""
    under_18 = is_under_18(dob, opened_at, str(answers.get("approx_age", "")))
    role = str(answers.get("subject_role") or person_role)
    return under_18, role == "soldier"


# ----------------------------------------------------------------------------------------------------
# Person matching (repeat concerns)
# ----------------------------------------------------------------------------------------------------


def name_key(forenames: str, surname: str) -> str:
    """Lower-case, accents removed, spaces collapsed: 'Zoë  Ó Brien' -> 'zoe o brien'."""
    text = unicodedata.normalize("NFKD", f"{forenames} {surname}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def surname_key(surname: str) -> str:
    return name_key("", surname)


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


CLOSE_NAME = 0.85


# ----------------------------------------------------------------------------------------------------
# The referral form: which fields and points apply, and what is still missing
# ----------------------------------------------------------------------------------------------------


def field_applies(
    f: FormField, *, under_18: bool, soldier: bool, answers: Mapping[str, Any] | None = None
) -> bool:
    """Whether the form asks ``f`` of this person: under-18-only and soldier-only fields by the subject's flags
    (:func:`subject_flags`, the one under-18 rule) and, when ``answers`` are given, the field's dependence on
    another answer (``applies_if_blank`` / ``applies_if_yes``). Without answers (a form being filled in) every
    field the flags allow applies."""
    if not ((under_18 or not f.under18_only) and (soldier or not f.soldier_only)):
        return False
    if answers is None:
        return True
    if f.applies_if_blank and answer_text(answers.get(f.applies_if_blank)).strip():
        return False
    if f.applies_if_yes:
        value = answers.get(f.applies_if_yes)
        return isinstance(value, dict) and value.get("answer") == "yes"
    return True


def point_applies(p: FormPoint, *, under_18: bool) -> bool:
    return under_18 or not p.under18_only


def answer_text(value: Any) -> str:
    """An answer as one line of text: yes/no answers become 'Yes — explanation'."""
    if isinstance(value, dict):
        yn = str(value.get("answer", "")).strip()
        text = str(value.get("text", ""))
        label = {"yes": "Yes", "no": "No"}.get(yn, "")
        return f"{label} — {text}" if label and text else label or text
    return "" if value is None else str(value)


def answer_filled(f: FormField, value: Any) -> bool:
    if f.kind == "yesno_text":
        return (
            isinstance(value, dict)
            and value.get("answer") in ("yes", "no")
            and bool(str(value.get("text", "")).strip())
        )
    return bool(str(value or "").strip())


@dataclass(frozen=True)
class Gap:
    """Something the national form still needs; ``page`` is the wizard page key that fixes it."""

    page: str  # a section id, or "points"
    item: str  # a field id, or "point-N"
    label: str
    # For a point answered by a field of the form (``answer_from``): its number (page and item are the field's).
    point_no: int | None = None

    @property
    def point(self) -> int | None:
        """The Annex B2 point's number for a point's gap; None for a field's."""
        if self.point_no is not None:
            return self.point_no
        return int(self.item.removeprefix("point-")) if self.item.startswith("point-") else None


# ----------------------------------------------------------------------------------------------------
# Questions asked once: a point that takes its answer from a field of the form (FormPoint.answer_from)
# ----------------------------------------------------------------------------------------------------


def point_source(form: ReferralForm, p: FormPoint) -> tuple[FormSection, FormField] | None:
    """The section and field whose answer is point ``p``'s answer; None for a point answered on its own."""
    return form.find_field(p.answer_from) if p.answer_from else None


def answered_as(form: ReferralForm, p: FormPoint) -> str:
    """Where a point that takes its answer from a field is asked ("section 3, Complex needs: Complex needs"); ""
    for a point answered on its own."""
    source = point_source(form, p)
    if source is None:
        return ""
    section, f = source
    where = f"section {section.nrf_section}, {section.title}" if section.nrf_section else section.title
    return f"{where}: {f.label}"


def point_text(form: ReferralForm, answers: Mapping[str, Any], points: Mapping[str, str], p: FormPoint) -> str:
    """Point ``p``'s answer: its field's answer as text ("Yes — …" for a yes/no one) when the point takes it from
    a field, else the point's own answer."""
    source = point_source(form, p)
    if source is None:
        return str(points.get(str(p.no), ""))
    return answer_text(answers.get(source[1].id))


def point_answers(form: ReferralForm, answers: Mapping[str, Any], points: Mapping[str, str]) -> dict[str, str]:
    """Every point's answer by number (as :func:`point_text`), answered ones only."""
    found = {str(p.no): point_text(form, answers, points, p) for p in form.points}
    return {no: text for no, text in found.items() if text.strip()}


def answer_uses(form: ReferralForm, field_id: str) -> tuple[str, ...]:
    """Where a field's answer is used when Annex B2 points take it too ("national form section 3", "Annex B2
    point 8"); () for a field no point shares."""
    shared = form.points_answered_by(field_id)
    found = form.find_field(field_id)
    if not shared or found is None:
        return ()
    section = found[0]
    where = f"national form section {section.nrf_section}" if section.nrf_section else f"the form's {section.title!r}"
    return (where, *(f"Annex B2 point {p.no}" for p in shared))


def uses_sentence(uses: tuple[str, ...]) -> str:
    """("national form section 3", "Annex B2 point 8") -> "Used in: national form section 3 and Annex B2 point 8"."""
    if not uses:
        return ""
    return "Used in: " + (uses[0] if len(uses) == 1 else ", ".join(uses[:-1]) + " and " + uses[-1])


JOINED_NOTE = "Written for Annex B2 point {no} before it was joined to this question:"


def join_shared_answers(
    form: ReferralForm, answers: Mapping[str, Any], points: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers saved before a point took its answer from a field (a draft from an older form, an import) joined
    into that field, so the question is asked once and nothing typed is lost:

    * only the point answered: its text becomes the field's (the explanation of a yes/no one; yes or no stays to
      be chosen);
    * both answered, the same text: the point's copy goes;
    * both answered, different texts: the field keeps its text and the point's follows it under a line saying so
      (``JOINED_NOTE``), both visible for the DSO to tidy.

    Returns new (answers, points); points a field answers are no longer kept on their own."""
    new_answers, new_points = dict(answers), dict(points)
    for p in form.points:
        source = point_source(form, p)
        key = str(p.no)
        if source is None or key not in new_points:
            continue
        f = source[1]
        own = str(new_points.pop(key))
        if not own.strip():
            continue
        value = new_answers.get(f.id)
        if f.kind == "yesno_text":
            current = dict(value) if isinstance(value, dict) else {"answer": "", "text": str(value or "")}
            text = str(current.get("text", ""))
        else:
            current = None
            text = "" if value is None or isinstance(value, dict) else str(value)
        same = " ".join(own.split()) in {" ".join(text.split()), " ".join(answer_text(value).split())}
        if same:
            continue
        joined = own if not text.strip() else f"{text.rstrip()}\n\n{JOINED_NOTE.format(no=p.no)}\n{own}"
        if current is not None:
            current.setdefault("answer", "")
            current["text"] = joined
            new_answers[f.id] = current
        else:
            new_answers[f.id] = joined
    return new_answers, new_points


def completeness_gaps(
    form: ReferralForm, answers: dict[str, Any], points: dict[str, str], *, under_18: bool, soldier: bool
) -> list[Gap]:
    gaps: list[Gap] = []
    for section in form.sections:
        for f in section.fields:
            if f.required and field_applies(f, under_18=under_18, soldier=soldier, answers=answers):
                if not answer_filled(f, answers.get(f.id)):
                    need = " (yes or no, and an explanation)" if f.kind == "yesno_text" else ""
                    gaps.append(Gap(section.id, f.id, f"{section.title}: {f.label}{need}"))
        if section.id == "referrer" and not (
            str(answers.get("referrer_phone", "")).strip() or str(answers.get("referrer_email", "")).strip()
        ):
            if any(f.id == "referrer_phone" for f in section.fields):
                gaps.append(Gap(section.id, "referrer_phone", f"{section.title}: a telephone number or an email"))
    for p in form.points:
        if not point_applies(p, under_18=under_18):
            continue
        source = point_source(form, p)
        if source is None:
            if not str(points.get(str(p.no), "")).strip():
                gaps.append(Gap("points", f"point-{p.no}", f"Annex B2 point {p.no}: {p.text}"))
        elif not answer_filled(source[1], answers.get(source[1].id)):
            # Asked once, as the field: the gap leads to the field.
            section, f = source
            gaps.append(Gap(section.id, f.id, f"Annex B2 point {p.no}: {p.text} (asked as {section.title}: "
                                               f"{f.label})", point_no=p.no))
    return gaps


@dataclass(frozen=True)
class FieldProblem:
    """An answer the referral keeps as typed but cannot send: ``page`` / ``item`` say where (as a :class:`Gap`),
    ``message`` what is wrong ("Date of birth: 31/02/2026 is not a real date …")."""

    page: str  # a section id, or "points"
    item: str  # a field id, or "point-N"
    message: str


def answer_problem(f: FormField, value: Any, today: date) -> str:
    """What is wrong with one answer as typed ("" when nothing is): too long, or a date that is not a real one
    (a date of birth also in the future or too long ago)."""
    text = str(value.get("text", "")) if isinstance(value, dict) else str(value or "")
    try:
        check_text(text, f.label)
        if f.kind == "date" and text.strip():
            if f.id == "date_of_birth":
                check_dob(text, today)
            else:
                parse_date(text, f.label, today)
    except ValidationError as exc:
        return str(exc)
    return ""


def answer_problems(
    form: ReferralForm, answers: dict[str, Any], points: dict[str, str], today: date
) -> list[FieldProblem]:
    """Every answer of a referral draft that must be fixed before it is marked ready, in form order. The draft is
    saved whatever this says (nothing typed is ever refused); marking ready is not."""
    problems: list[FieldProblem] = []
    known: set[str] = set()
    for section in form.sections:
        for f in section.fields:
            known.add(f.id)
            if f.id in answers:
                message = answer_problem(f, answers[f.id], today)
                if message:
                    problems.append(FieldProblem(section.id, f.id, message))
    for key, value in answers.items():  # an answer to a field a newer form dropped: still kept, still bounded
        if key not in known and len(answer_text(value)) > MAX_TEXT:
            problems.append(FieldProblem("", key, f"{key}: too long (the limit is {MAX_TEXT:,} characters)."))
    for no, text in points.items():
        try:
            check_text(text, f"Annex B2 point {no}")
        except ValidationError as exc:
            problems.append(FieldProblem("points", f"point-{no}", str(exc)))
    return problems


def visible_fields(
    section: FormSection, *, under_18: bool, soldier: bool, answers: Mapping[str, Any] | None = None
) -> list[FormField]:
    return [f for f in section.fields if field_applies(f, under_18=under_18, soldier=soldier, answers=answers)]
