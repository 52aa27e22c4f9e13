"""The referral pack for one case: cover sheet, the national Prevent Referral Form content in the national form's
section order (0–7, with the 13 Annex B2 points after section 2), routing and decision record, outcomes, contacts
used, chronology.

The builder takes plain typed data (``ReferralPackData``), never a database connection. The form's sections,
labels and points come from the organisation profile's ``referral_form`` (see ``sections_from_form`` and
``points_from_form``), so a new version of the national form is a data change.

* Order: sections by their national-form number (``FormSection.nrf_section``, the profile's data); sections sharing
  a number keep their listed order, sections not on the national form come after section 7.
* The 13 points follow the section whose id is ``points_section`` ("concerns": section 2, "Describe concerns"),
  because the DfE guidance "Making a referral to Prevent" frames them as what to cover when describing concerns;
  if the form has no such section they are printed after the last section, as an annex.
* A field or point that does not apply to this person (``domain.cases.field_applies`` / ``point_applies``: under-18
  only, soldier only, or dependent on another answer) is left out. One that applies but has no answer prints
  "Not provided — <reason>" (the reason given when the referral was marked ready) or "Not provided".
* ``missing`` (the completeness check's gaps): when there are any, every page carries the draft mark
  ``DRAFT_MARK`` and the cover lists them.
* ``corrections``: addenda to the case's own chronology entries (the referral has no addenda of its own: it is
  edited until a decision is recorded, then stays as sent). Each is printed with the section it corrects
  (``section_id``), or at the head of the form, and again in the chronology under the entry it amends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak

from prevent_desktop.domain.cases import DANGER_QUESTION, field_applies, point_applies
from prevent_desktop.domain.profile import FormField, FormPoint, FormSection
from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import (
    NOT_PROVIDED_FILL,
    ChronologyEntry,
    chronology_table,
    gap,
    key_values,
    not_provided,
    show,
    show_date,
    yes_no,
)
from prevent_desktop.reports.styles import default_styles

__all__ = [
    "DRAFT_MARK",
    "ChronologyEntry",
    "ContactUsed",
    "Correction",
    "DecisionEntry",
    "FieldValue",
    "FormSectionData",
    "MissingItem",
    "OutcomeEntry",
    "PointAnswer",
    "ReferralPackData",
    "build_referral_pack",
    "points_from_form",
    "referral_pack_story",
    "sections_from_form",
]

TITLE = "Prevent referral pack"
DRAFT_MARK: Final = "DRAFT — incomplete"
POINTS_PLACEMENT: Final = (
    "Printed with section 2 because the DfE guidance “Making a referral to Prevent” frames these points as "
    "what to cover when describing concerns."
)
POINTS_AS_ANNEX: Final = "Printed after the form's sections, as an annex: this form has no “Describe concerns” section."


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One form field. ``value`` None (or blank) means not provided; ``missing_reason`` says why.

    ``kind`` "yesno_text" fields print ``answer`` (Yes/No) followed by ``value`` (the explanation).
    """

    id: str
    label: str
    value: str | None
    missing_reason: str = ""
    kind: str = "text"
    answer: bool | None = None

    @property
    def missing(self) -> bool:
        if self.kind == "yesno_text":
            return self.answer is None
        return self.value is None or not self.value.strip()

    def shown(self) -> str:
        if self.kind == "yesno_text":
            if self.answer is None:
                return not_provided(self.missing_reason)
            explanation = (self.value or "").strip()
            return f"{yes_no(self.answer)} — {explanation}" if explanation else f"{yes_no(self.answer)} — " + (
                not_provided(self.missing_reason or "no explanation was given")
            )
        if self.kind == "date" and not self.missing:
            return show_date(self.value)
        return show(self.value, self.missing_reason)


@dataclass(frozen=True, slots=True)
class FormSectionData:
    id: str
    title: str
    nrf_section: str = ""
    fields: tuple[FieldValue, ...] = ()


@dataclass(frozen=True, slots=True)
class PointAnswer:
    """One of the 13 Annex B2 points: its number and wording (from the profile) and the answer or None.

    ``applies`` False: the point does not apply to this person (e.g. under-18 only); it is left out of the pack."""

    no: int
    text: str
    answer: str | None
    missing_reason: str = ""
    applies: bool = True
    answered_as: str = ""  # a point asked once, as a field of the form: where ("section 3, Complex needs: …")


@dataclass(frozen=True, slots=True)
class Correction:
    """An addendum to one of the case's chronology entries that corrects what the form says."""

    amends_id: int  # the chronology entry it amends
    amends_kind: str  # that entry's kind, as a label ("Referral")
    amends_occurred: str  # ISO
    amends_text: str
    recorded: str  # ISO, when the addendum was written
    author: str
    text: str
    section_id: str = ""  # the form section it is printed with; "" (or unknown): at the head of the form


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One gap the completeness check found: its label (``domain.cases.Gap.label``) and, for an Annex B2 point,
    the point's number (the cover lists unanswered points as one line of numbers)."""

    label: str
    point: int | None = None


@dataclass(frozen=True, slots=True)
class ContactUsed:
    role: str
    organisation: str = ""
    name: str = ""
    numbers: str = ""  # e.g. "Telephone 01634 334466; Mobile 07901 384401"
    emails: str = ""


@dataclass(frozen=True, slots=True)
class DecisionEntry:
    date: str  # ISO
    decision: str
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class OutcomeEntry:
    date: str  # ISO
    source: str
    outcome: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ReferralPackData:
    # Cover sheet
    case_reference: str
    prepared_on: str  # ISO date
    prepared_by: str
    prepared_for: str
    form_version: str = ""
    form_marking: str = ""  # the national form's own marking, e.g. "OFFICIAL-SENSITIVE (when complete)"
    emergency_warning: str = ""
    # "Is anyone in immediate danger right now?" as answered on the case (None: not part of this pack)
    immediate_danger: bool | None = None
    # The national form, in its own order
    sections: tuple[FormSectionData, ...] = ()
    points: tuple[PointAnswer, ...] = ()
    points_section: str = "concerns"
    # What the completeness check still needs; any makes the pack a draft
    missing: tuple[MissingItem, ...] = ()
    corrections: tuple[Correction, ...] = ()
    # Routing and decision record
    routing_lines: tuple[str, ...] = ()
    contacts_used: tuple[ContactUsed, ...] = ()
    decisions: tuple[DecisionEntry, ...] = ()
    outcomes: tuple[OutcomeEntry, ...] = ()
    chronology: tuple[ChronologyEntry, ...] = ()
    # Extra cover lines (label, value), e.g. ("Submitted", "...") — optional
    cover_extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def draft(self) -> bool:
        return bool(self.missing)


def _field_value(f: FormField, value: Any, reason: str) -> FieldValue:
    """A stored answer (text, or ``{"answer": "yes"|"no", "text": ...}`` for a yes/no field) -> ``FieldValue``."""
    if f.kind == "yesno_text":
        if not isinstance(value, dict):
            return FieldValue(f.id, f.label, None, reason, f.kind, None)
        answer = {"yes": True, "no": False}.get(str(value.get("answer", "")).lower())
        return FieldValue(f.id, f.label, str(value.get("text", "")), reason, f.kind, answer)
    text = None if value is None or isinstance(value, dict) or not str(value).strip() else str(value)
    return FieldValue(f.id, f.label, text, reason, f.kind)


def sections_from_form(
    form_sections: Iterable[FormSection],
    answers: Mapping[str, Any],
    reasons: Mapping[str, str] | None = None,
    *,
    under18: bool = False,
    soldier: bool = False,
) -> tuple[FormSectionData, ...]:
    """Profile form sections + the case's answers (as stored) -> ``FormSectionData``s in the national form's order.

    Only the fields that apply to this person are kept (``domain.cases.field_applies``, given the answers);
    ``reasons`` maps a field id to the reason given for a missing answer."""
    reasons = reasons or {}
    out: list[FormSectionData] = []
    for section in sorted(form_sections, key=lambda s: s.form_position):
        fields = tuple(
            _field_value(f, answers.get(f.id), reasons.get(f.id, ""))
            for f in section.fields
            if field_applies(f, under_18=under18, soldier=soldier, answers=answers)
        )
        out.append(FormSectionData(section.id, section.title, section.nrf_section, fields))
    return tuple(out)


def points_from_form(
    form_points: Iterable[FormPoint],
    answers: Mapping[int, str | None],
    reasons: Mapping[int, str] | None = None,
    *,
    under18: bool = True,
    answered_as: Mapping[int, str] | None = None,
) -> tuple[PointAnswer, ...]:
    """Profile points + answers keyed by number -> ``PointAnswer``s; a point that does not apply to this person
    (``domain.cases.point_applies``) is marked so and left out of the pack (its number is named, its text not).
    ``answered_as``: for a point that takes its answer from a field, where that question is asked."""
    reasons, answered_as = reasons or {}, answered_as or {}
    return tuple(
        PointAnswer(p.no, p.text, answers.get(p.no), reasons.get(p.no, ""), point_applies(p, under_18=under18),
                    answered_as.get(p.no, ""))
        for p in form_points
    )


# ----------------------------------------------------------------------------------------------- layout


def _cover(data: ReferralPackData, meta: DocumentMeta, width: float) -> list[Flowable]:
    st = default_styles()
    story: list[Flowable] = [gap(20), para(TITLE, st.title)]
    if data.form_marking:
        story.append(para(data.form_marking, st.h2))
    rows = [
        ("Protective marking", meta.marking or "None", False),
        ("Case reference", show(data.case_reference), not data.case_reference.strip()),
        ("Date", show_date(data.prepared_on), not data.prepared_on),
        ("Prepared by", show(data.prepared_by), not data.prepared_by.strip()),
        ("Prepared for", show(data.prepared_for), not data.prepared_for.strip()),
        ("Organisation", meta.organisation, False),
    ]
    if data.form_version:
        rows.append(("Referral form version", data.form_version, False))
    rows.extend((label, show(value), not value.strip()) for label, value in data.cover_extra)
    story += [gap(6), key_values(rows, width, label_ratio=0.3)]
    if data.draft:
        count = len(data.missing)
        lines = [f"• {m.label}" for m in data.missing if m.point is None]
        points = [str(m.point) for m in data.missing if m.point is not None]
        if points:
            lines.append(f"• Annex B2 point{'s' if len(points) != 1 else ''} not answered: {', '.join(points)}")
        story += [
            para(f"{DRAFT_MARK}: {count} item{'s' if count != 1 else ''} the national form needs "
                 f"{'are' if count != 1 else 'is'} missing", st.h2),
            *(para(line, st.cell) for line in lines),
        ]
    if data.emergency_warning:
        story += [gap(8), para(data.emergency_warning, st.h2)]
    story += [
        gap(6),
        para(
            "This pack contains personal data. Keep it secure, share it only with those who need it, and destroy "
            "printed copies securely when they are no longer needed.",
            st.body,
        ),
        para(f"Contents: referral form (national form sections 1–7, the {len(data.points)} points of Annex B2 with "
             "section 2); routing and decision record; outcomes; contacts used; chronology.", st.small),
        PageBreak(),
    ]
    return story


def _points(points: Sequence[PointAnswer], width: float, heading: str, placement: str) -> list[Flowable]:
    st = default_styles()
    story: list[Flowable] = [para(heading, st.h1), para(placement, st.small)]
    rows: list[list[str | Cell | Flowable]] = []
    for p in points:
        if not p.applies:
            continue
        missing = p.answer is None or not p.answer.strip()
        answer: str | Cell = Cell(not_provided(p.missing_reason), NOT_PROVIDED_FILL) if missing else str(p.answer)
        if p.answered_as and not missing:  # one question, printed in both places
            stop = "" if p.answered_as.endswith(("?", ".", "!")) else "."  # "…parent or carer?)", not "?.)"
            answer = f"{p.answer}\n(The same answer as {p.answered_as}{stop})"
        rows.append([str(p.no), p.text, answer])
    widths = [10 * mm, width * 0.36, width - 10 * mm - width * 0.36]
    story.append(table(["No.", "Point", "Answer"], rows, widths))
    left_out = [str(p.no) for p in points if not p.applies]
    if left_out:
        one = len(left_out) == 1
        which = f"Point {left_out[0]} applies" if one else f"Points {', '.join(left_out)} apply"
        story.append(para(f"{which} only when the individual is under 18, so {'it is' if one else 'they are'} left "
                          "out.", st.small))
    return story


def _corrections(corrections: Sequence[Correction], width: float, heading: str) -> list[Flowable]:
    """Addenda shown with what they correct: the entry amended, then the correction."""
    if not corrections:
        return []
    st = default_styles()
    rows: list[list[str | Cell | Flowable]] = [
        [
            f"Entry {c.amends_id} ({c.amends_kind}, {show_date(c.amends_occurred)}):\n{c.amends_text}",
            f"{c.text}\n— {show(c.author)}, {show_date(c.recorded)}",
        ]
        for c in corrections
    ]
    return [
        KeepTogether([
            para(heading, st.h2),
            para("The answers are printed as the referral was written; these addenda correct them (each is also "
                 "in the chronology, under the entry it amends).", st.small),
            table(["Amends", "Correction (by, when)"], rows, [width * 0.4, width * 0.6]),
        ])
    ]


def _heading(section: FormSectionData, previous: str) -> str:
    if not section.nrf_section:
        return f"Not on the national form: {section.title}"
    if section.nrf_section == previous:
        return f"{section.nrf_section} (continued). {section.title}"
    return f"{section.nrf_section}. {section.title}"


def referral_pack_story(data: ReferralPackData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    story = _cover(data, meta, width)
    story.append(para("Prevent Referral Form", st.title))
    order = "Sections in the national form's order"
    story.append(para(f"Form version {data.form_version}. {order}." if data.form_version else f"{order}.", st.small))
    if data.form_marking or data.emergency_warning:  # the national form's own header (its section 0)
        story += [para(text, st.h2) for text in (data.form_marking, data.emergency_warning) if text]
    if data.immediate_danger is not None:
        story.append(key_values([(DANGER_QUESTION, yes_no(data.immediate_danger), False)], width))
    section_ids = {s.id for s in data.sections}
    story += _corrections([c for c in data.corrections if c.section_id not in section_ids], width,
                          "Corrections to this referral")
    points_done = False
    previous = ""
    for section in data.sections:
        block: list[Flowable] = [para(_heading(section, previous), st.h1)]
        previous = section.nrf_section
        if not section.nrf_section:
            block.append(para("Recorded by the organisation alongside the national form; not one of its sections.",
                              st.small))
        if section.fields:
            block.append(key_values([(f.label, f.shown(), f.missing) for f in section.fields], width))
        block += _corrections([c for c in data.corrections if c.section_id == section.id], width,
                              f"Corrections to section {section.nrf_section or section.title}")
        story.append(KeepTogether(block) if len(section.fields) <= 6 else block[0])  # a long one may split
        if len(section.fields) > 6:
            story.extend(block[1:])
        if section.id == data.points_section and data.points:
            number = section.nrf_section or section.title
            heading = f"{number} (continued). The {len(data.points)} points (Annex B2)"
            story += _points(data.points, width, heading, POINTS_PLACEMENT)
            points_done = True
    if data.points and not points_done:
        story += _points(data.points, width, f"Annex: the {len(data.points)} points (Annex B2)", POINTS_AS_ANNEX)

    story += [PageBreak(), para("Routing and decision record", st.title), para("Routing guidance", st.h1)]
    if data.routing_lines:
        story += [para(f"• {line}", st.body) for line in data.routing_lines]
    else:
        story.append(para(not_provided("no routing guidance was recorded"), st.body))
    story.append(para("Decisions", st.h1))
    if data.decisions:
        fixed = [24 * mm, 40 * mm, 30 * mm]
        story.append(
            table(
                ["Date", "Decision", "By", "Reason"],
                [[show_date(d.date), show(d.decision), show(d.by), show(d.reason, "no reason recorded")]
                 for d in data.decisions],
                [fixed[0], fixed[1], fixed[2], width - sum(fixed)],
            )
        )
    else:
        story.append(para("No decision has been recorded yet.", st.body))
    story.append(para("Outcomes", st.h1))
    if data.outcomes:
        fixed = [24 * mm, 34 * mm, 44 * mm]
        story.append(
            table(
                ["Date", "From", "Outcome", "Detail"],
                [[show_date(o.date), show(o.source), show(o.outcome), o.detail or "—"] for o in data.outcomes],
                [*fixed, width - sum(fixed)],
            )
        )
    else:
        story.append(para("No outcome has been received yet.", st.body))
    story.append(para("Contacts used", st.h1))
    story += contacts_used_table(data.contacts_used, width)
    story += [PageBreak(), para("Chronology", st.title)]
    story += chronology_table(data.chronology, width, empty="The chronology has no entries.")
    return story


def contacts_used_table(contacts: Sequence[ContactUsed], width: float) -> list[Flowable]:
    st = default_styles()
    if not contacts:
        return [para("No contacts were recorded for this referral.", st.body)]
    fixed = [width * 0.3, width * 0.22, width * 0.28]
    return [
        table(
            ["Who", "Organisation", "Numbers", "Email"],
            [
                [", ".join(x for x in (c.role, c.name) if x) or "—", c.organisation or "—", c.numbers or "—",
                 c.emails or "—"]
                for c in contacts
            ],
            [*fixed, width - sum(fixed)],
        )
    ]


def build_referral_pack(
    data: ReferralPackData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL-SENSITIVE",
    demo: bool = False,
) -> bytes:
    # The case reference (not personal data) is in every page header, so separated sheets stay identifiable.
    title = f"{TITLE} — {data.case_reference}" if data.case_reference.strip() else TITLE
    meta = DocumentMeta(
        title=title, organisation=organisation, generated_at=generated_at, marking=marking, demo=demo,
        draft=DRAFT_MARK if data.draft else "",
    )
    return build_pdf(meta, referral_pack_story(data, meta))
