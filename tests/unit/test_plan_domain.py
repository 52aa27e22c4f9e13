"""Action-plan rules: RAG parsing, "When" parsing, due and overdue (property tests around month ends, leap years)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevent_desktop.domain.dates import add_months
from prevent_desktop.domain.due import DueStatus
from prevent_desktop.domain.plan import (
    RECURRENCE_MONTHS,
    DutyCoverage,
    Rag,
    Recurrence,
    parse_when,
    row_due,
    row_status,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
month_ends = st.builds(
    lambda y, m: add_months(date(y, m, 1), 1) - timedelta(days=1), st.integers(1990, 2090), st.integers(1, 12)
)
recurrences = st.sampled_from(list(Recurrence))


def test_rag_text_and_parse() -> None:
    assert [Rag.parse(t) for t in ("Red", "amber", "G", "", "Not yet rated", "needs rating")] == [
        Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE, Rag.NONE, Rag.NONE,
    ]
    assert Rag.NONE.shown == "Needs rating" and Rag.NONE.label == "Not yet rated"
    with pytest.raises(ValueError):
        Rag.parse("purple")


def test_parse_when_forms() -> None:
    assert parse_when("") .text == ""
    assert parse_when("annual").every is Recurrence.ANNUAL
    assert parse_when("Termly").text == "Termly"
    assert parse_when("29/02/2028").on == date(2028, 2, 29)
    assert parse_when("2028-02-29").text == "2028-02-29"
    assert parse_when("2023-12").on == date(2023, 12, 1)
    assert parse_when("2023-12").shown == "Dec 2023"
    for bad in ("29/02/2027", "fortnightly", "2023-13", "soon"):
        with pytest.raises(ValueError):
            parse_when(bad)


def next_after(rec: Recurrence, last: date) -> date:
    due = row_due(rec.value, last.isoformat())
    assert due is not None
    return due.last


def is_overdue(when: str, last: date | None, today: date) -> bool:
    return row_status(when, last.isoformat() if last else "", today) is DueStatus.OVERDUE


@given(days, days)
def test_date_overdue_exactly_after_the_day(on: date, today: date) -> None:
    assert is_overdue(on.isoformat(), None, today) == (today > on)


@given(st.one_of(days, month_ends), recurrences, days)
def test_recurrence_overdue_iff_past_one_period(last: date, rec: Recurrence, today: date) -> None:
    due = next_after(rec, last)
    assert is_overdue(rec.value, last, today) == (today > due)
    # never overdue on the day it was reviewed, always overdue the day after its due date
    assert not is_overdue(rec.value, last, last)
    assert is_overdue(rec.value, last, due + timedelta(days=1))
    assert not is_overdue(rec.value, last, due)


@given(st.one_of(days, month_ends), recurrences)
def test_period_length_is_sane(last: date, rec: Recurrence) -> None:
    gap = (next_after(rec, last) - last).days
    if rec is Recurrence.WEEKLY:
        assert gap == 7
    else:
        months = RECURRENCE_MONTHS[rec]
        assert 28 * months - 3 <= gap <= 31 * months + 1
        assert next_after(rec, last).day <= last.day


@given(st.one_of(days, month_ends), recurrences, days, st.integers(0, 400))
def test_overdue_is_monotonic(last: date, rec: Recurrence, today: date, later: int) -> None:
    if is_overdue(rec.value, last, today):
        assert is_overdue(rec.value, last, today + timedelta(days=later))


def test_month_end_and_leap_year_cases() -> None:
    # Monthly from 31 Jan: due 29 Feb in a leap year, 28 Feb otherwise.
    assert next_after(Recurrence.MONTHLY, date(2028, 1, 31)) == date(2028, 2, 29)
    assert next_after(Recurrence.MONTHLY, date(2027, 1, 31)) == date(2027, 2, 28)
    assert not is_overdue("Monthly", date(2028, 1, 31), date(2028, 2, 29))
    assert is_overdue("Monthly", date(2028, 1, 31), date(2028, 3, 1))
    # Annual from 29 Feb: due 28 Feb next year.
    assert next_after(Recurrence.ANNUAL, date(2028, 2, 29)) == date(2029, 2, 28)
    assert is_overdue("Annual", date(2028, 2, 29), date(2029, 3, 1))
    assert next_after(Recurrence.QUARTERLY, date(2026, 11, 30)) == date(2027, 2, 28)
    assert next_after(Recurrence.TERMLY, date(2026, 10, 31)) == date(2027, 2, 28)


def test_a_month_precision_review_gives_a_month_precision_due() -> None:
    # The template's rows were last looked at "2023-12": Annual is due during Dec 2024, overdue from 1 Jan 2025.
    due = row_due("Annual", "2023-12")
    assert due is not None and due.text == "2024-12"
    assert row_status("Annual", "2023-12", date(2024, 12, 31)) is DueStatus.DUE_SOON
    assert row_status("Annual", "2023-12", date(2025, 1, 1)) is DueStatus.OVERDUE
    assert row_status("2026-11", "", date(2026, 11, 30)) is DueStatus.DUE_SOON  # a "When" of a month
    assert row_status("2026-11", "", date(2026, 12, 1)) is DueStatus.OVERDUE
    weekly = row_due("Weekly", "2026-11")  # counted from the month's last day
    assert weekly is not None and weekly.text == "2026-12-07"


def test_never_reviewed_recurrence_is_overdue_and_blank_is_never() -> None:
    assert is_overdue("Annual", None, date(2026, 1, 1))
    assert not is_overdue("", None, date(2026, 1, 1))
    assert row_status("", "", date(2026, 1, 1)) is DueStatus.NONE
    assert row_status("2026-01-20", "", date(2026, 1, 1)) is DueStatus.DUE_SOON
    assert row_status("2026-06-20", "", date(2026, 1, 1)) is DueStatus.OK
    assert row_status("nonsense", "", date(2026, 1, 1)) is DueStatus.NONE


def test_duty_coverage_warnings() -> None:
    assert DutyCoverage("x", "X", ()).warning.startswith("No action-plan row")
    assert "Green" in DutyCoverage("x", "X", ((1, "A", Rag.AMBER),)).warning
    assert DutyCoverage("x", "X", ((1, "A", Rag.GREEN), (2, "B", Rag.RED))).warning == ""
