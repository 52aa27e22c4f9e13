"""The Prevent Action Plan in the Annex A layout: header block + grid (landscape A4), RAG printed as a word
and as a tint, with the review history (reviews and recorded changes) as an appendix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import key_values, show, show_date
from prevent_desktop.reports.styles import RAG_COLOURS, default_styles

__all__ = [
    "ActionPlanData",
    "PlanChange",
    "PlanHeaderData",
    "PlanReview",
    "PlanRowData",
    "build_action_plan",
    "rag_word",
]

TITLE = "Prevent action plan"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}


def rag_word(rag: str) -> str:
    return RAG_WORDS.get(rag.strip().lower(), "Not rated")


@dataclass(frozen=True, slots=True)
class PlanHeaderData:
    organisation: str
    safeguarding_contact: str
    date_last_updated: str
    date_actions_to_be_reviewed: str
    next_review_due: str


@dataclass(frozen=True, slots=True)
class PlanRowData:
    no: int
    area: str
    action: str
    who: str
    when: str
    rag: str  # "", "red", "amber", "green"
    duties: tuple[str, ...] = ()  # duty titles the row evidences


@dataclass(frozen=True, slots=True)
class PlanReview:
    reviewed_on: str  # ISO
    reviewer: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PlanChange:
    changed_at: str  # ISO
    changed_by: str
    row_no: int
    field: str
    old_value: str
    new_value: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ActionPlanData:
    header: PlanHeaderData
    rows: tuple[PlanRowData, ...]
    reviews: tuple[PlanReview, ...] = ()
    changes: tuple[PlanChange, ...] = ()
    # Annex A column labels: No., area, action, who, when, RAG
    columns: tuple[str, str, str, str, str, str] = field(
        default=("No.", "Potential Prevent Vulnerability", "Action Required / Evidence if in place", "Who",
                 "When", "RAG")
    )


def _value(field_name: str, value: str) -> str:
    return rag_word(value) if field_name == "rag" else (value or "(blank)")


def action_plan_story(data: ActionPlanData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    h = data.header
    story: list[Flowable] = [para("Prevent Action Plan", st.title)]
    story.append(
        key_values(
            [
                ("Organisation", show(h.organisation), not h.organisation.strip()),
                ("Safeguarding contact", show(h.safeguarding_contact), not h.safeguarding_contact.strip()),
                ("Date last updated", show_date(h.date_last_updated, "not recorded"), not h.date_last_updated),
                ("Date actions to be reviewed", show_date(h.date_actions_to_be_reviewed, "not set"),
                 not h.date_actions_to_be_reviewed),
                ("Next review due", show_date(h.next_review_due, "not set"), not h.next_review_due),
            ],
            width * 0.6,
            label_ratio=0.4,
        )
    )
    story.append(para("RAG is printed as a word (Red, Amber, Green or Not rated); the tint only repeats it.",
                      st.small))
    fixed = [12 * mm, 62 * mm, 0.0, 42 * mm, 30 * mm, 22 * mm]
    fixed[2] = width - sum(fixed)
    rows: list[list[str | Cell | Flowable]] = []
    for r in data.rows:
        action = r.action or "—"
        if r.duties:
            action += "\nDuties: " + ", ".join(r.duties)
        rag = r.rag.strip().lower()
        rows.append(
            [str(r.no), r.area, action, r.who or "—", r.when or "—",
             Cell(rag_word(rag), RAG_COLOURS.get(rag), bold=bool(rag))]
        )
    story.append(table(list(data.columns), rows, fixed))
    counts = {w: sum(1 for r in data.rows if rag_word(r.rag) == w) for w in ("Red", "Amber", "Green", "Not rated")}
    story.append(para("Summary: " + ", ".join(f"{n} {w}" for w, n in counts.items()) + ".", st.small))

    story += [PageBreak(), para("Appendix: review history", st.title), para("Reviews", st.h1)]
    if data.reviews:
        story.append(
            table(
                ["Reviewed on", "Reviewer", "Notes"],
                [[show_date(v.reviewed_on), show(v.reviewer), v.notes or "—"] for v in data.reviews],
                [35 * mm, 60 * mm, width - 95 * mm],
            )
        )
    else:
        story.append(para("No review of the action plan has been recorded yet.", st.body))
    story.append(para("Changes to rows", st.h1))
    if data.changes:
        fixed2 = [30 * mm, 34 * mm, 14 * mm, 26 * mm, 45 * mm, 45 * mm]
        story.append(
            table(
                ["When", "By", "Row", "Field", "From", "To", "Reason"],
                [
                    [show_date(c.changed_at), show(c.changed_by), str(c.row_no), c.field,
                     _value(c.field, c.old_value), _value(c.field, c.new_value), c.reason or "—"]
                    for c in data.changes
                ],
                [*fixed2, width - sum(fixed2)],
            )
        )
    else:
        story.append(para("No changes to the rows have been recorded.", st.body))
    return story


def build_action_plan(
    data: ActionPlanData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL-SENSITIVE",
    demo: bool = False,
) -> bytes:
    meta = DocumentMeta(
        title=TITLE,
        organisation=organisation,
        generated_at=generated_at,
        marking=marking,
        demo=demo,
        landscape=True,
    )
    return build_pdf(meta, action_plan_story(data, meta))
