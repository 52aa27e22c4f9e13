"""Action plan and policy-register rules: RAG levels, "When" (a date or a recurrence), due and overdue.

No I/O, no Qt. Dates are ``datetime.date``; stored text is ISO 8601 ("YYYY-MM-DD" or month-precision "YYYY-MM").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from prevent_desktop.domain.dates import add_months, parse_loose, uk_date

DUE_SOON_DAYS = 30
DEFAULT_POLICY_INTERVAL_MONTHS = 12
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class Rag(StrEnum):
    NONE = ""
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return RAG_LABELS[self]

    @property
    def shown(self) -> str:
        """What the grid shows: an empty rating reads as needing one."""
        return "Needs rating" if self is Rag.NONE else RAG_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Rag:
        """Accept the stored value or the label, any case ("Red", "r", "not yet rated", "")."""
        value = (text or "").strip().lower()
        for rag in cls:
            if value in (rag.value, rag.label.lower(), rag.shown.lower()) or (rag.value and value == rag.value[0]):
                return rag
        raise ValueError(f"not a RAG rating: {text!r}")


RAG_LABELS = {Rag.NONE: "Not yet rated", Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE)
DEFAULT_RAG_DEFINITIONS = {
    Rag.RED: "Action not started or risk not controlled",
    Rag.AMBER: "In progress / partly in place",
    Rag.GREEN: "In place and evidenced",
    Rag.NONE: "Not yet assessed: give it a rating",
}


class Recurrence(StrEnum):
    ANNUAL = "Annual"
    TERMLY = "Termly"
    QUARTERLY = "Quarterly"
    MONTHLY = "Monthly"
    WEEKLY = "Weekly"

    def next_after(self, day: date) -> date:
        """When the item is next due after it was last reviewed on ``day``."""
        if self is Recurrence.WEEKLY:
            return day + timedelta(days=7)
        return add_months(day, RECURRENCE_MONTHS[self])


# Three terms a year: a termly item is looked at every four months.
RECURRENCE_MONTHS = {
    Recurrence.ANNUAL: 12,
    Recurrence.TERMLY: 4,
    Recurrence.QUARTERLY: 3,
    Recurrence.MONTHLY: 1,
}
_ALIASES = {"annually": "Annual", "yearly": "Annual", "per term": "Termly", "each term": "Termly"}
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_UK_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class When:
    """A row's "When": nothing, a date (``on``), or a recurrence (``every``)."""

    text: str  # normalised stored text: "", ISO date/month, or the recurrence's name
    on: date | None = None
    every: Recurrence | None = None

    @property
    def shown(self) -> str:
        if self.every is not None:
            return self.every.value
        return uk_date(self.text) if self.text else ""

    @property
    def editable(self) -> str:
        """The text an editor starts from: DD/MM/YYYY, MM/YYYY or the recurrence's name."""
        if self.every is not None:
            return self.every.value
        if self.on is None:
            return ""
        if len(self.text) == 7:
            return f"{self.on.month:02d}/{self.on.year}"
        return f"{self.on.day:02d}/{self.on.month:02d}/{self.on.year}"


def parse_when(text: str) -> When:
    """Parse user or stored text; raises ValueError with a plain message for anything else."""
    raw = (text or "").strip()
    if not raw:
        return When("")
    name = _ALIASES.get(raw.lower(), raw)
    for rec in Recurrence:
        if name.lower() == rec.value.lower():
            return When(rec.value, every=rec)
    uk = _UK.match(raw)
    if uk:
        try:
            day = date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        except ValueError:
            raise ValueError(f"{raw!r} is not a real date.") from None
        return When(day.isoformat(), on=day)
    uk_month = _UK_MONTH.match(raw)
    if uk_month:
        raw = f"{int(uk_month.group(2)):04d}-{int(uk_month.group(1)):02d}"
    if _ISO_MONTH.match(raw):
        parsed = parse_loose(raw)
        if parsed is None:
            raise ValueError(f"{raw!r} is not a real month.")
        return When(raw, on=parsed)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            f"{raw!r} is not a date (DD/MM/YYYY) or one of: " + ", ".join(r.value for r in Recurrence) + "."
        ) from None
    return When(day.isoformat(), on=day)


def due_date(when: When | str, last_reviewed: date | None) -> date | None:
    """The date the item falls due: its own date, or one period after the last review.

    A recurring item never reviewed is due at once (there is no evidence it was ever looked at)."""
    parsed = parse_when(when) if isinstance(when, str) else when
    if parsed.on is not None:
        return parsed.on
    if parsed.every is not None:
        return parsed.every.next_after(last_reviewed) if last_reviewed is not None else date.min
    return None


def is_overdue(when: When | str, last_reviewed: date | None, today: date) -> bool:
    """True once the due date has passed (on the due date itself the item is due, not overdue)."""
    due = due_date(when, last_reviewed)
    return due is not None and today > due


class DueStatus(StrEnum):
    NONE = ""
    OK = "ok"
    DUE_SOON = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"": "", "ok": "On track", "due": "Due soon", "overdue": "Overdue"}[self.value]


def due_status(when: When | str, last_reviewed: date | None, today: date) -> DueStatus:
    try:
        due = due_date(when, last_reviewed)
    except ValueError:
        return DueStatus.NONE
    if due is None:
        return DueStatus.NONE
    if today > due:
        return DueStatus.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return DueStatus.DUE_SOON
    return DueStatus.OK


def policy_review_due(last_review: str, interval_months: int) -> date | None:
    """A policy is next due for review ``interval_months`` calendar months after its last review."""
    last = parse_loose(last_review)
    return add_months(last, interval_months) if last is not None else None


def policy_status(last_review: str, interval_months: int, today: date) -> DueStatus:
    due = policy_review_due(last_review, interval_months)
    if due is None:
        return DueStatus.DUE_SOON  # never reviewed: needs a review date
    if today > due:
        return DueStatus.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return DueStatus.DUE_SOON
    return DueStatus.OK


@dataclass(frozen=True)
class DutyCoverage:
    duty_id: str
    title: str
    rows: tuple[tuple[int, str, Rag], ...]  # (no, area, rag) of the active rows that evidence the duty

    @property
    def warning(self) -> str:
        if not self.rows:
            return "No action-plan row evidences this duty"
        if not any(rag is Rag.GREEN for _no, _area, rag in self.rows):
            return "No row for this duty is rated Green yet"
        return ""
