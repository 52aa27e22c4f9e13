"""Policy rules and records: this policy's versions and summary of changes, and the associated-policy register
(groups, review intervals, when each review falls due — what "due" means is ``domain.due``'s)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from prevent_desktop.domain.due import NEVER, Due, DueStatus, due_after, due_on, status_of, status_text

DEFAULT_INTERVAL_MONTHS = 12
INTERVAL_RANGE = (1, 120)
GROUPS = {"training": "Training", "military": "Military"}


@dataclass(frozen=True)
class PolicyVersion:
    title: str
    version: str
    effective_date: str
    review_date: str
    next_review: str
    id: int = 0
    note: str = ""
    recorded_at: str = ""
    recorded_by: str = ""

    @property
    def next_due(self) -> Due | None:
        return due_on(self.next_review)


@dataclass(frozen=True)
class PolicyChange:
    id: int
    serial: int
    issue: str
    date: str
    summary: str


@dataclass(frozen=True)
class AssociatedPolicy:
    id: int
    name: str
    group: str
    owner: str
    last_review: str  # ISO day or month, "" when never reviewed
    review_interval_months: int
    position: int = 0
    retired_at: str | None = None
    # As of the ``today`` the service was asked for (``with_status``); the repository leaves them "".
    status: str = ""  # a DueStatus value: "ok", "due", "overdue"
    status_text: str = ""  # "On track", "Due soon", "Overdue", "Overdue (never reviewed)"

    @property
    def due(self) -> Due:
        """When the next review falls due: last review + interval, at the last review's precision."""
        return next_review_due(self.last_review, self.review_interval_months)

    @property
    def next_review(self) -> str:
        """The next review as ISO text ("" when never reviewed)."""
        return self.due.text

    @property
    def overdue(self) -> bool:
        return self.status == DueStatus.OVERDUE.value

    @property
    def never_reviewed(self) -> bool:
        return not self.last_review.strip()


def next_review_due(last_review: str, interval_months: int) -> Due:
    """A policy is next due for review ``interval_months`` calendar months after its last review; a policy with
    no (readable) review date is ``NEVER`` reviewed, so overdue."""
    try:
        return due_after(last_review, months=interval_months)
    except ValueError:
        return NEVER


def with_status(policy: AssociatedPolicy, today: date) -> AssociatedPolicy:
    """The policy with ``status`` and ``status_text`` worked out for ``today``."""
    due = policy.due
    return replace(policy, status=status_of(due, today).value, status_text=status_text(due, today))
