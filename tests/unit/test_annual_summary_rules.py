"""The annual summary's rules, pure: the reporting year, and small-number suppression (checked against a brute-force
reader who knows the rule and every total)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prevent_desktop.domain import annual_summary as rules
from prevent_desktop.domain.annual_summary import Cell, Shown, suppress
from prevent_desktop.errors import ValidationError


def texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells]


# ------------------------------------------------------------------------------------------- the year


def test_the_academic_year_runs_september_to_august() -> None:
    y = rules.reporting_year(2025, 9)
    assert (y.start, y.end, y.label) == (date(2025, 9, 1), date(2026, 8, 31), "2025/26")
    assert y.period == "1 September 2025 to 31 August 2026"
    assert y.months()[0] == (2025, 9) and y.months()[-1] == (2026, 8)
    assert rules.year_containing(date(2026, 3, 18), 9) == y
    assert rules.year_containing(date(2025, 8, 31), 9).label == "2024/25"


def test_other_year_starts_follow_the_profile() -> None:
    assert rules.reporting_year(2025, 1).label == "2025"
    assert rules.reporting_year(2025, 1).end == date(2025, 12, 31)
    assert rules.reporting_year(2024, 4).end == date(2025, 3, 31)  # the Home Office statistics' year
    assert rules.reporting_year(2024, 3).end == date(2025, 2, 28)


@pytest.mark.parametrize("text", ["2025", "2025/26", "2025-26", "2025/2026", " 2025 "])
def test_a_year_is_typed_as_its_first_year(text: str) -> None:
    assert rules.parse_year(text, 9).label == "2025/26"


@pytest.mark.parametrize("text", ["", "25", "2025/27", "twenty", "2025/26/27", "٢٠٢٥"])
def test_a_year_that_is_not_one_is_refused_in_words(text: str) -> None:
    with pytest.raises(ValidationError, match="Year: "):
        rules.parse_year(text, 9)


def test_a_split_year_is_refused_for_a_calendar_year() -> None:
    with pytest.raises(ValidationError, match="does not name one reporting year"):
        rules.parse_year("2025/26", 1)


# ------------------------------------------------------------------------------------------ suppression


def test_small_numbers_read_fewer_than_5_and_zero_is_shown() -> None:
    assert texts(suppress([12, 9, 0, 7])) == ["12", "9", "0", "7"]
    cells = suppress([12, 3, 0, 2, 9])  # two small ones: their sum, 5, does not give either away
    assert texts(cells) == ["12", "fewer than 5", "0", "fewer than 5", "9"]


def test_one_small_number_hides_the_next_smallest_too() -> None:
    # 20 - 12 - 6 = 2 would give the small one away: the 6 is hidden as well
    assert texts(suppress([12, 2, 6])) == ["12", "fewer than 5", "not shown"]


def test_a_small_number_and_a_five_are_not_enough() -> None:
    # a reader knows "fewer than 5" is 1..4 and "not shown" is 0 or 5+: with 1 and 5 hidden (sum 6) both are pinned
    cells = suppress([1, 5, 30, 40])
    assert rules.pinned(cells, 76) is False
    assert [c.shown for c in cells][:2] == [Shown.SMALL, Shown.HIDDEN]
    assert cells[2].shown is Shown.HIDDEN  # the next smallest had to go too


def test_two_fours_alone_are_pinned_by_their_sum() -> None:
    cells = suppress([4, 4, 0, 10])
    assert not rules.pinned(cells, 18)
    assert sum(c.shown is not Shown.VALUE for c in cells) >= 3


def test_a_table_whose_total_is_small_is_not_shown() -> None:
    assert all(c.shown is Shown.HIDDEN for c in suppress([3, 0, 1]))
    assert not rules.table_shown(4) and rules.table_shown(0) and rules.table_shown(5)


def test_a_row_fixed_by_another_table_is_kept_as_it_is() -> None:
    # shown elsewhere: never picked to hide here (hiding it here would not hide it)
    cells = suppress([2, 6, 30], forced={1: Shown.VALUE})
    assert cells[1].shown is Shown.VALUE and cells[2].shown is Shown.HIDDEN
    cells = suppress([10, 10, 7], forced={2: Shown.HIDDEN})
    assert cells[2].shown is Shown.HIDDEN


def reader_can_pin(cells: list[Cell], total: int) -> bool:
    """A brute-force reader: every assignment of the hidden cells consistent with the rule and the total."""
    hidden = [i for i, c in enumerate(cells) if c.shown is not Shown.VALUE]
    rest = total - sum(c.value for c in cells if c.shown is Shown.VALUE)
    domains = [
        range(1, 5) if cells[i].shown is Shown.SMALL else [0, *range(5, rest + 1)]
        for i in hidden
    ]
    solutions = [combo for combo in itertools.product(*domains) if sum(combo) == rest]
    return any(len({s[k] for s in solutions}) == 1 for k in range(len(hidden)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5))
def test_no_hidden_number_can_be_worked_out_from_the_total(values: list[int]) -> None:
    cells = suppress(values)
    total = sum(values)
    assert [c.value for c in cells] == values
    for c in cells:
        if 0 < c.value < 5 and rules.table_shown(total):
            assert c.shown is not Shown.VALUE  # every small number is hidden
        if c.shown is Shown.VALUE:
            assert c.text == f"{c.value:,}" and not 0 < c.value < 5
    if rules.table_shown(total) and not all(c.shown is Shown.HIDDEN for c in cells):
        assert not reader_can_pin(cells, total)  # no hidden number can be worked out from the total
        assert not rules.pinned(cells, total)  # and the rule's own check agrees with the reader
    # (a small total, or every cell "not shown": the table is not printed at all)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
       st.lists(st.sampled_from([Shown.SMALL, Shown.HIDDEN, Shown.VALUE]), min_size=4, max_size=4))
def test_the_pinning_check_is_what_a_reader_can_work_out(values: list[int], states: list[Shown]) -> None:
    cells = [
        Cell(v, Shown.SMALL if 0 < v < 5 else (Shown.HIDDEN if s is Shown.HIDDEN else Shown.VALUE))
        for v, s in zip(values, states, strict=False)
    ]
    assert rules.pinned(cells, sum(values)) == reader_can_pin(cells, sum(values))


def test_a_table_no_hiding_can_protect_is_not_shown_at_all() -> None:
    # 5 and 1, total 6: hiding both still leaves 1..4 + (0 or 5+) = 6, so both could be worked out
    assert [c.shown for c in suppress([5, 1])] == [Shown.HIDDEN, Shown.HIDDEN]
