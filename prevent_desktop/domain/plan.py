"""Action-plan rules: RAG levels, "When" (a date or a recurrence) and when a row falls due.

What "due" and "overdue" mean is ``domain.due``'s, the one rule for the plan, the policies, Home and the PDFs.

No I/O, no Qt. Dates are ``datetime.date``; stored text is ISO 8601 ("YYYY-MM-DD" or month-precision "YYYY-MM").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from prevent_desktop.domain.dates import parse_loose, uk_date
from prevent_desktop.domain.due import Due, DueStatus, due_after, status_of
from prevent_desktop.domain.files import MAX_FILE_BYTES

MAX_EVIDENCE_BYTES = MAX_FILE_BYTES  # the one limit for files kept in the vault (domain/files.py)


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


def row_due(when: When | str, last_reviewed: str) -> Due | None:
    """When an action-plan row falls due (see ``domain.due`` for what "due" and "overdue" mean): its own date, or
    one period after its last review (``NEVER`` if it was never reviewed); None for a row with no "When".

    Raises ValueError for a "When" that does not parse."""
    parsed = parse_when(when) if isinstance(when, str) else when
    if parsed.on is not None:
        return Due(parsed.text)
    if parsed.every is Recurrence.WEEKLY:
        return due_after(last_reviewed, days=7)
    if parsed.every is not None:
        return due_after(last_reviewed, months=RECURRENCE_MONTHS[parsed.every])
    return None


def row_status(when: When | str, last_reviewed: str, today: date) -> DueStatus:
    """A row's due status as of ``today``; a "When" that does not parse is shown as not due."""
    try:
        return status_of(row_due(when, last_reviewed), today)
    except ValueError:
        return DueStatus.NONE


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


# -- records (what the repository returns and the pages show) ------------------------------------------------
@dataclass(frozen=True)
class PlanHeader:
    organisation: str
    safeguarding_contact: str
    date_last_updated: str
    date_actions_to_be_reviewed: str
    next_review_due: str


@dataclass(frozen=True)
class PlanRow:
    id: int
    no: int
    area: str
    action: str
    who: str
    when_text: str
    rag: str
    duties: tuple[str, ...]
    position: int = 0
    who_contact_id: str | None = None
    last_reviewed: str = ""
    retired_at: str | None = None
    updated_at: str = ""
    updated_by: str = ""
    evidence_count: int = 0
    # As of the ``today`` the service was asked for (``row_status``); the repository leaves it "".
    due_status: str = ""

    @property
    def overdue(self) -> bool:
        return self.due_status == DueStatus.OVERDUE.value


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    row_id: int | None
    changed_at: str
    changed_by: str
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    id: int
    row_id: int
    kind: str  # "note" or "file"
    note: str
    filename: str
    mime: str
    size: int
    added_at: str
    added_by: str


@dataclass(frozen=True)
class Review:
    id: int
    reviewed_on: str
    reviewer: str
    notes: str
    recorded_at: str


@dataclass(frozen=True)
class Duty:
    id: str
    title: str
    description: str
