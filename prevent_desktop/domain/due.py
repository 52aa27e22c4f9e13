"""Due and overdue: the one rule. The Policies page, the action plan grid, Home, the PDFs and the CLI all ask it.

A due date is stored as ISO text at one of two precisions, and means:

* **Day precision** ("2026-11-26"): due on that day. On the due day it is *due*, not overdue; it is
  *overdue* from the day after (27 Nov 2026).
* **Month precision** ("2026-11", as the policy and the Annex A template record their reviews): due at any time
  during that month. It is *due* all through November 2026 and *overdue* from 1 December 2026.

*Due soon* is the ``DUE_SOON_DAYS`` (30) days before it falls due (before its day, or before the 1st of its month)
and the time it is due: "2026-11" is due soon from 2 Oct to 30 Nov 2026; "2026-11-26" from 27 Oct to 26 Nov.
Before that it is *on track*.

**Never reviewed** (``NEVER``: a recurring action, or a policy, with no review recorded) is *overdue*: there is no
evidence it was ever looked at.

**A period after a review keeps the review's precision**: a policy reviewed "2025-11" every 12 months is due
"2026-11"; one reviewed "2025-11-30" every 3 months is due "2026-02-28" (a day past the end of a shorter month
is clamped to its last day, 29 Feb in a leap year). A period counted in days (weekly) from a month-precision
review counts from the last day of that month ("2026-11" + 7 days = 7 Dec 2026).

Nothing here reads the clock: every caller passes ``today``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from prevent_desktop.domain.dates import add_months, uk_date

DUE_SOON_DAYS = 30
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DueStatus(StrEnum):
    NONE = ""  # nothing is due (no date, no recurrence)
    OK = "ok"
    DUE_SOON = "due"  # due soon, or due now (its day or its month)
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"": "", "ok": "On track", "due": "Due soon", "overdue": "Overdue"}[self.value]


@dataclass(frozen=True, slots=True)
class Due:
    """When something falls due: ``text`` is "YYYY-MM-DD", "YYYY-MM", or "" for never reviewed (``NEVER``)."""

    text: str

    def __post_init__(self) -> None:
        if self.text and not (_DAY.match(self.text) or _MONTH.match(self.text)):
            raise ValueError(f"not an ISO day or month: {self.text!r}")
        if self.text:
            self.first  # noqa: B018  (checks it is a real day or month)

    @property
    def never(self) -> bool:
        return not self.text

    @property
    def month_precision(self) -> bool:
        return len(self.text) == 7

    @property
    def first(self) -> date:
        """The first day it is due (``date.min`` when never reviewed)."""
        if self.never:
            return date.min
        if self.month_precision:
            return date(int(self.text[:4]), int(self.text[5:7]), 1)
        return date.fromisoformat(self.text)

    @property
    def last(self) -> date:
        """The last day it is due and not yet overdue: the day itself, or the last day of the month."""
        first = self.first
        if self.never or not self.month_precision:
            return first
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def overdue(self, today: date) -> bool:
        return today > self.last

    def status(self, today: date) -> DueStatus:
        if self.overdue(today):
            return DueStatus.OVERDUE
        if (self.first - today).days <= DUE_SOON_DAYS:
            return DueStatus.DUE_SOON
        return DueStatus.OK

    @property
    def shown(self) -> str:
        """UK form: "26 Nov 2026", "Nov 2026", or "never reviewed"."""
        return uk_date(self.text) if self.text else "never reviewed"


NEVER = Due("")


def due_on(text: str) -> Due | None:
    """A stored due date ("YYYY-MM-DD" or "YYYY-MM"); None for "" or anything else."""
    text = (text or "").strip()
    try:
        return Due(text) if text else None
    except ValueError:
        return None


def due_after(last_review: str, *, months: int = 0, days: int = 0) -> Due:
    """Due one period after ``last_review`` (ISO day or month), keeping its precision; ``NEVER`` when ``""``.

    Raises ValueError for text that is not an ISO day or month."""
    last_review = (last_review or "").strip()
    if not last_review:
        return NEVER
    done = Due(last_review)
    if days:
        return Due((done.last + timedelta(days=days)).isoformat())
    moved = add_months(done.first, months)
    return Due(moved.isoformat()[:7] if done.month_precision else moved.isoformat())


def status_of(due: Due | None, today: date) -> DueStatus:
    return DueStatus.NONE if due is None else due.status(today)


def status_text(due: Due | None, today: date) -> str:
    """What every page, Home line, PDF and CLI shows: "Overdue (never reviewed)", "Overdue", "Due soon",
    "On track", or "" when nothing is due."""
    status = status_of(due, today)
    if status is DueStatus.OVERDUE and due is not None and due.never:
        return "Overdue (never reviewed)"
    return status.label
