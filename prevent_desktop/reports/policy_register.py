"""The policy register: this policy's metadata, its summary of changes, and the associated policies with their
last and next review (overdue ones marked in words and with a tint)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import key_values, show, show_date
from prevent_desktop.reports.styles import RAG_COLOURS, default_styles

__all__ = ["PolicyChangeData", "PolicyInfo", "PolicyRegisterData", "RegisterEntry", "build_policy_register"]

TITLE = "Policy register"


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    title: str
    version: str
    effective_date: str
    review_date: str
    next_review: str
    owner: str = ""
    next_review_overdue: bool = False
    next_review_status: str = ""  # "Overdue", "Due soon", "On track" or "" (domain.due's words)


@dataclass(frozen=True, slots=True)
class PolicyChangeData:
    serial: int
    issue: str
    date: str
    summary: str


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    name: str
    group: str
    owner: str
    last_review: str  # ISO (month precision allowed)
    next_review: str  # ISO, computed by the caller from the interval
    review_interval_months: int
    overdue: bool
    status: str = ""  # "Overdue (never reviewed)", "Overdue", "Due soon", "On track" (domain.due's words)


@dataclass(frozen=True, slots=True)
class PolicyRegisterData:
    policy: PolicyInfo
    changes: tuple[PolicyChangeData, ...]
    entries: tuple[RegisterEntry, ...]
    as_of: str  # ISO date the overdue marks were worked out for


def policy_register_story(data: PolicyRegisterData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    p = data.policy
    next_review = show_date(p.next_review, "not set")
    if p.next_review_overdue:
        next_review += " — OVERDUE"
    elif p.next_review_status and p.next_review:
        next_review += f" — {p.next_review_status}"
    story: list[Flowable] = [para(p.title or "Policy", st.title), para("Policy details", st.h1)]
    story.append(
        key_values(
            [
                ("Title", show(p.title), not p.title.strip()),
                ("Version", show(p.version), not p.version.strip()),
                ("Effective date", show_date(p.effective_date, "not recorded"), not p.effective_date),
                ("Last reviewed", show_date(p.review_date, "not recorded"), not p.review_date),
                ("Next review", next_review, not p.next_review),
            ]
            + ([("Owner", p.owner, False)] if p.owner else []),
            width,
            label_ratio=0.3,
        )
    )
    story.append(para("Summary of changes", st.h1))
    if data.changes:
        fixed = [16 * mm, 16 * mm, 24 * mm]
        story.append(
            table(
                ["Serial", "Issue", "Date", "Summary"],
                [[str(c.serial), c.issue, show_date(c.date, "not recorded"), c.summary] for c in data.changes],
                [*fixed, width - sum(fixed)],
            )
        )
    else:
        story.append(para("No changes have been recorded.", st.body))
    story.append(para("Associated policies", st.h1))
    overdue = sum(1 for e in data.entries if e.overdue)
    story.append(
        para(f"As of {show_date(data.as_of)}: {len(data.entries)} policies, {overdue} overdue for review.", st.small)
    )
    if data.entries:
        fixed = [0.0, 20 * mm, 30 * mm, 24 * mm, 24 * mm, 30 * mm]
        fixed[0] = width - sum(fixed)
        rows = []
        for e in data.entries:
            if e.overdue:  # in capitals too, for a black-and-white print
                words = e.status or ("Overdue (never reviewed)" if not e.last_review else "Overdue")
                status = Cell(words.replace("Overdue", "OVERDUE", 1), RAG_COLOURS["red"], bold=True)
            elif e.status == "Due soon":
                status = Cell(e.status, RAG_COLOURS["amber"])
            else:
                status = Cell(e.status or "In date")
            rows.append(
                [e.name, e.group or "—", e.owner or "—", show_date(e.last_review) if e.last_review else "Not recorded",
                 show_date(e.next_review) if e.next_review else "—", status]
            )
        story.append(
            table(["Policy", "Group", "Owner", "Last review", "Next review", "Status"], rows, fixed)
        )
    else:
        story.append(para("No associated policies are registered.", st.body))
    return story


def build_policy_register(
    data: PolicyRegisterData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL",
    demo: bool = False,
) -> bytes:
    meta = DocumentMeta(
        title=TITLE, organisation=organisation, generated_at=generated_at, marking=marking, demo=demo
    )
    return build_pdf(meta, policy_register_story(data, meta))
