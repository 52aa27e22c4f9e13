"""Dates: stored as ISO 8601, shown the UK way ("26 Nov 2026", "Dec 2023" for month-precision dates)."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# English month names whatever the process locale (Qt sets it from the desktop's; calendar.month_abbr follows it).
MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def today() -> date:
    """The app's one "today" (the local date). Call this rather than ``date.today()``, so the rule has one home;
    tests set it with time-machine (``tests/helpers/clock.py``)."""
    return date.today()


def parse_loose(text: str) -> date | None:
    """Parse "YYYY-MM-DD" or "YYYY-MM" (taken as the 1st); None for "" or anything else."""
    text = (text or "").strip()
    if not text:
        return None
    match = _MONTH.match(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def uk_date(text: str | date | datetime | None, empty: str = "") -> str:
    if text is None or text == "":
        return empty
    if isinstance(text, datetime):
        return f"{text.day} {MONTH_ABBR[text.month]} {text.year}"
    if isinstance(text, date):
        return f"{text.day} {MONTH_ABBR[text.month]} {text.year}"
    match = _MONTH.match(text.strip())
    if match:
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"{MONTH_ABBR[month]} {match.group(1)}"
    parsed = parse_loose(text)
    return uk_date(parsed) if parsed else text


def uk_datetime(value: str | datetime) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{uk_date(moment)} {moment:%H:%M}"


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_PROFILE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


def parse_profile_date(text: str) -> date:
    """Parse a date as profiles and contacts write it, strictly: ``"YYYY-MM"`` (month precision, taken as the
    1st) or ``"YYYY-MM-DD"``. Raises ``ValueError`` for anything else."""
    m = _PROFILE_DATE.fullmatch(text)
    if m is None:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM or YYYY-MM-DD)")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or "1"))


def is_profile_date(text: str) -> bool:
    try:
        parse_profile_date(text)
    except ValueError:
        return False
    return True
