"""The one due/overdue rule (domain/due.py): day and month precision, around month ends and leap years, and the
policy register's "last review + interval" at the last review's precision."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from prevent_desktop.domain.dates import add_months
from prevent_desktop.domain.due import DUE_SOON_DAYS, NEVER, Due, DueStatus, due_after, due_on, status_text
from prevent_desktop.domain.policies import AssociatedPolicy, next_review_due, with_status

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
months = st.builds(lambda y, m: date(y, m, 1), st.integers(1990, 2090), st.integers(1, 12))
leap_days = st.builds(lambda y: date(y, 2, 29), st.integers(1990, 2090).filter(calendar.isleap))
month_ends = st.builds(lambda d: add_months(d, 1) - timedelta(days=1), months)
edgy_days = st.one_of(days, month_ends, leap_days)


def last_day(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


@given(edgy_days, edgy_days)
def test_a_day_is_due_on_the_day_and_overdue_the_day_after(day: date, today: date) -> None:
    due = Due(day.isoformat())
    assert due.overdue(today) == (today > day)
    assert not due.overdue(day)
    assert due.overdue(day + timedelta(days=1))
    assert due.status(day) is DueStatus.DUE_SOON


@given(months, edgy_days)
def test_a_month_is_due_all_month_and_overdue_from_the_first_of_the_next(month: date, today: date) -> None:
    due = Due(month.isoformat()[:7])
    assert due.month_precision and due.first == month and due.last == last_day(month)
    assert due.overdue(today) == ((today.year, today.month) > (month.year, month.month))
    for day in (month, last_day(month), month + timedelta(days=14)):
        assert due.status(day) is DueStatus.DUE_SOON  # due, not overdue, on any day of its month
    assert due.status(last_day(month) + timedelta(days=1)) is DueStatus.OVERDUE  # the 1st of the next month
    assert due.status(month - timedelta(days=DUE_SOON_DAYS)) is DueStatus.DUE_SOON
    assert due.status(month - timedelta(days=DUE_SOON_DAYS + 1)) is DueStatus.OK


def test_the_issue_examples() -> None:
    nov = Due("2026-11")
    assert not nov.overdue(date(2026, 11, 30)) and nov.overdue(date(2026, 12, 1))
    day = Due("2026-11-26")
    assert not day.overdue(date(2026, 11, 26)) and day.overdue(date(2026, 11, 27))
    # Leap years: a month-precision February lasts to the 29th.
    assert not Due("2028-02").overdue(date(2028, 2, 29)) and Due("2028-02").overdue(date(2028, 3, 1))
    assert not Due("2027-02").overdue(date(2027, 2, 28)) and Due("2027-02").overdue(date(2027, 3, 1))


@given(edgy_days, st.integers(1, 120), edgy_days)
def test_policy_review_keeps_precision_and_clamps_month_ends(last: date, interval: int, today: date) -> None:
    by_day = next_review_due(last.isoformat(), interval)
    assert by_day.text == add_months(last, interval).isoformat()
    by_month = next_review_due(last.isoformat()[:7], interval)
    assert by_month.text == add_months(last.replace(day=1), interval).isoformat()[:7]
    # A month-precision review is never overdue sooner than the same review recorded on a day of that month.
    assert not by_month.overdue(today) or by_day.overdue(today)


@given(edgy_days, st.integers(0, 800))
def test_overdue_never_goes_away_as_time_passes(day: date, later: int) -> None:
    for due in (Due(day.isoformat()), Due(day.isoformat()[:7])):
        if due.overdue(day):
            assert due.overdue(day + timedelta(days=later))


def test_never_reviewed_is_overdue_and_no_date_is_not_due() -> None:
    assert NEVER.overdue(date(1990, 1, 1)) and NEVER.status(date(2026, 1, 1)) is DueStatus.OVERDUE
    assert due_after("", months=12) is NEVER
    assert status_text(NEVER, date(2026, 1, 1)) == "Overdue (never reviewed)"
    assert status_text(None, date(2026, 1, 1)) == ""
    assert due_on("") is None and due_on("someday") is None and due_on("2026-13") is None
    policy = with_status(AssociatedPolicy(1, "P", "training", "", "", 12), date(2026, 1, 1))
    assert policy.overdue and policy.never_reviewed and policy.status_text == "Overdue (never reviewed)"
