"""Per-case tasks: what is to be done, by when, and who ticked it off when (a small to-do list on each case).

A task is due by the one due rule (``domain/due.py``, day precision: due on its day, overdue the day after) and
shows on Home from ``NOTICE_DAYS`` before it falls due, like a case's reviews. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prevent_desktop.domain import cases as case_rules
from prevent_desktop.domain.due import DueStatus, due_on
from prevent_desktop.errors import ValidationError

MAX_TASK_TEXT = case_rules.MAX_SHORT  # a task is one line: "Chase the MASH reference", not a note
NOTICE_DAYS = 14  # Home lists case reviews and tasks this many days before they fall due


@dataclass(frozen=True)
class CaseTask:
    id: int
    case_id: int
    text: str
    due_on: str  # ISO day, or "" for no due date (never on Home)
    created_at: str
    created_by: str
    done_at: str = ""  # ISO timestamp when ticked off ("" while open)
    done_by: str = ""

    @property
    def done(self) -> bool:
        return bool(self.done_at)

    def status(self, today: date) -> DueStatus:
        """Open and dated: the one due rule; done or undated: nothing is due."""
        due = due_on(self.due_on)
        return due.status(today) if due is not None and not self.done else DueStatus.NONE


@dataclass(frozen=True)
class TaskDue:
    """An open task Home lists, with its case's reference."""

    id: int
    case_id: int
    ref: str
    due_on: str
    text: str  # shown on Home's screen only (never printed by the CLI)


def check_task_text(text: str) -> str:
    value = case_rules.check_text(text, "Task", required=True, limit=MAX_TASK_TEXT).strip()
    if "\n" in value or "\r" in value:
        raise ValidationError("Task: write it on one line (put the detail in a note on the case).")
    return value


def check_task_due(text: str) -> str:
    """'' (no due date) or a real date (DD/MM/YYYY or YYYY-MM-DD) as ISO. A past date is allowed: a task can be
    recorded late."""
    if not (text or "").strip():
        return ""
    return case_rules.parse_date(text, "Due date").isoformat()
