"""The referral pack for one case: cover sheet, the national Prevent Referral Form content in the form's own
section order (with the 13 Annex B2 points), routing and decision record, outcomes, chronology, contacts used.

The builder takes plain typed data (``ReferralPackData``), never a database connection. The form's sections,
labels and points come from the organisation profile's ``referral_form`` (see ``sections_from_form`` and
``points_from_form``), so a new version of the national form is a data change.

Mapping guide (for whoever fills ``ReferralPackData`` from the case model):

* ``sections``: one ``FormSectionData`` per profile ``referral_form.sections`` entry, in that order; build them with
  ``sections_from_form(form.sections, values, reasons)`` where ``values`` maps a field id to its text (``str``), a
  ``(bool | None, str)`` pair for ``yesno_text`` fields, or ``None``; ``reasons`` maps a field id to the reason
  given at completeness check for a missing answer. Fields marked ``under18_only``/``soldier_only`` are left out
  when ``under18``/``soldier`` is False.
* ``points``: ``points_from_form(form.points, answers, reasons, under18=...)`` (answers keyed by point number).
  They are printed inside the section whose id is ``points_section`` (default "concerns").
* Everything else is flat lists of small records; ISO 8601 strings for dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak

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
    "ChronologyEntry",
    "ContactUsed",
    "DecisionEntry",
    "FieldValue",
    "FormSectionData",
    "OutcomeEntry",
    "PointAnswer",
    "ReferralPackData",
    "build_referral_pack",
    "points_from_form",
    "referral_pack_story",
    "sections_from_form",
]

TITLE = "Prevent referral pack"


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
    """One of the 13 Annex B2 points: its number and wording (from the profile) and the answer or None."""

    no: int
    text: str
    answer: str | None
    missing_reason: str = ""


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
    # The national form, in its own order
    sections: tuple[FormSectionData, ...] = ()
    points: tuple[PointAnswer, ...] = ()
    points_section: str = "concerns"
    # Routing and decision record
    routing_lines: tuple[str, ...] = ()
    contacts_used: tuple[ContactUsed, ...] = ()
    decisions: tuple[DecisionEntry, ...] = ()
    outcomes: tuple[OutcomeEntry, ...] = ()
    chronology: tuple[ChronologyEntry, ...] = ()
    # Extra cover lines (label, value), e.g. ("Submitted", "...") — optional
    cover_extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _field_dict(item: Any) -> Mapping[str, Any]:
    if isinstance(item, Mapping):
        return item
    return {k: getattr(item, k) for k in ("id", "label", "kind", "under18_only", "soldier_only")}


def sections_from_form(
    form_sections: Iterable[Any],
    values: Mapping[str, Any],
    reasons: Mapping[str, str] | None = None,
    *,
    under18: bool = False,
    soldier: bool = False,
) -> tuple[FormSectionData, ...]:
    """Profile form sections (``domain.profile.FormSection`` or their dicts) + answers -> ``FormSectionData``s."""
    reasons = reasons or {}
    out: list[FormSectionData] = []
    for section in form_sections:
        s = section if isinstance(section, Mapping) else {
            "id": section.id, "title": section.title, "nrf_section": section.nrf_section, "fields": section.fields
        }
        fields: list[FieldValue] = []
        for raw in s.get("fields", ()):
            f = _field_dict(raw)
            if f.get("under18_only") and not under18:
                continue
            if f.get("soldier_only") and not soldier:
                continue
            fid = str(f["id"])
            kind = str(f.get("kind", "text"))
            value = values.get(fid)
            reason = reasons.get(fid, "")
            if kind == "yesno_text":
                answer, text = value if isinstance(value, tuple) else (None, None)
                fields.append(FieldValue(fid, str(f["label"]), text, reason, kind, answer))
            else:
                fields.append(
                    FieldValue(fid, str(f["label"]), None if value is None else str(value), reason, kind)
                )
        out.append(FormSectionData(str(s["id"]), str(s["title"]), str(s.get("nrf_section", "")), tuple(fields)))
    return tuple(out)


def points_from_form(
    form_points: Iterable[Any],
    answers: Mapping[int, str | None],
    reasons: Mapping[int, str] | None = None,
    *,
    under18: bool = True,
) -> tuple[PointAnswer, ...]:
    """Profile points (``FormPoint`` or dicts) + answers keyed by number -> ``PointAnswer``s.

    An ``under18_only`` point for an adult is kept and printed as not applicable (so all 13 always appear).
    """
    reasons = reasons or {}
    out: list[PointAnswer] = []
    for point in form_points:
        p = point if isinstance(point, Mapping) else {
            "no": point.no, "text": point.text, "under18_only": point.under18_only
        }
        no = int(p["no"])
        reason = reasons.get(no, "")
        if p.get("under18_only") and not under18 and not answers.get(no):
            reason = reason or "not applicable: the individual is 18 or over"
        out.append(PointAnswer(no, str(p["text"]), answers.get(no), reason))
    return tuple(out)


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
    if data.emergency_warning:
        story += [gap(8), para(data.emergency_warning, st.h2)]
    story += [
        gap(6),
        para(
            "This pack contains personal data. Keep it secure, share it only with those who need it, and destroy "
            "printed copies securely when they are no longer needed.",
            st.body,
        ),
        para("Contents: referral form; routing and decision record; outcomes; chronology; contacts used.", st.small),
        PageBreak(),
    ]
    return story


def _points(points: Sequence[PointAnswer], width: float) -> list[Flowable]:
    st = default_styles()
    story: list[Flowable] = [para("The 13 points (Annex B2)", st.h2)]
    rows: list[list[str | Cell | Flowable]] = []
    for p in points:
        missing = p.answer is None or not p.answer.strip()
        answer: str | Cell = Cell(not_provided(p.missing_reason), NOT_PROVIDED_FILL) if missing else str(p.answer)
        rows.append([str(p.no), p.text, answer])
    widths = [10 * mm, width * 0.36, width - 10 * mm - width * 0.36]
    story.append(table(["No.", "Point", "Answer"], rows, widths))
    return story


def referral_pack_story(data: ReferralPackData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    story = _cover(data, meta, width)
    story.append(para("Prevent Referral Form", st.title))
    if data.form_version:
        story.append(para(f"Form version {data.form_version}, sections in the form's own order.", st.small))
    points_done = False
    for section in data.sections:
        heading = f"{section.nrf_section}. {section.title}" if section.nrf_section else section.title
        block: list[Flowable] = [para(heading, st.h1)]
        if section.fields:
            block.append(key_values([(f.label, f.shown(), f.missing) for f in section.fields], width))
        story.append(KeepTogether(block) if len(section.fields) <= 6 else block[0])
        if len(section.fields) > 6:
            story.extend(block[1:])
        if section.id == data.points_section and data.points:
            story += [gap(2), *_points(data.points, width)]
            points_done = True
    if data.points and not points_done:
        story += _points(data.points, width)

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
        title=title, organisation=organisation, generated_at=generated_at, marking=marking, demo=demo
    )
    return build_pdf(meta, referral_pack_story(data, meta))
