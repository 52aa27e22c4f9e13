"""The annual Prevent summary's rules: the reporting year, what is counted, and how small numbers are hidden.

Everything here is pure: the service hands in one :class:`CaseFacts` per case (no names, no references, no text)
and gets back :class:`Figures` whose every number is already a word to print ("12", "fewer than 5", "not shown").
So the report builder never sees a raw small number, and the suppression rule lives in one place.

**Suppression** (statistical disclosure control, as in published official statistics):

* a count from 1 to 4 is shown as "fewer than 5" (primary suppression); 0 is shown as 0;
* every table is a partition with a known total (each case counts once in it), so a hidden number could be worked
  out by subtraction; while any hidden number could be (checked exactly: :func:`pinned`), the next smallest
  number of 5 or more is hidden too ("not shown"; secondary suppression), then zeros if need be;
* a table whose total is itself fewer than 5 is not shown at all, nor one no hiding can protect (all its cells
  "not shown");
* sub-rows of a hidden row are not shown; a table about a hidden group (the outcomes of referrals when the number
  referred is hidden) is not shown; a row repeated in two tables is hidden in both alike.

Tables are margins of the same concerns (by category, by role, by month…), each protected on its own, as the usual
practice for published tables is; no cross-tabulation is printed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Final

from prevent_desktop.errors import ValidationError

SUPPRESS_BELOW: Final = 5
SMALL_TEXT: Final = f"fewer than {SUPPRESS_BELOW}"
HIDDEN_TEXT: Final = "not shown"
SUPPRESSION_RULE: Final = (
    f"To keep people from being identified, numbers from 1 to {SUPPRESS_BELOW - 1} are shown as "
    f"\u201c{SMALL_TEXT}\u201d. Where a hidden number could otherwise be worked out from a total, the next smallest "
    f"number is hidden as well (\u201c{HIDDEN_TEXT}\u201d). A table whose total is fewer than {SUPPRESS_BELOW} is not "
    "shown. Zero is shown as 0. Bars are drawn only for numbers that are shown."
)

# Time from the concern to the first decision, in days (inclusive upper bounds); the last bucket is open.
DECISION_BUCKETS: Final = ((0, "On the same day"), (2, "1 to 2 days"), (7, "3 to 7 days"), (14, "8 to 14 days"),
                           (28, "15 to 28 days"))
DECISION_BUCKET_OVER: Final = "More than 28 days"
NO_DECISION: Final = "No decision yet"
NO_ANSWER: Final = "No answer recorded yet"

MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")


# ----------------------------------------------------------------------------------------------------
# The reporting year
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingYear:
    start: date  # first day
    end: date  # last day
    label: str  # "2025/26" (or "2025" for a calendar year)

    @property
    def period(self) -> str:
        """ "1 September 2025 to 31 August 2026"."""
        return f"{_long(self.start)} to {_long(self.end)}"

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of each month of the year, in order."""
        out = []
        y, m = self.start.year, self.start.month
        for _ in range(12):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def reporting_year(start_year: int, start_month: int) -> ReportingYear:
    """The year starting on the 1st of ``start_month`` of ``start_year``."""
    if not 1 <= start_month <= 12:
        raise ValidationError(f"The reporting year must start in a month from 1 to 12, not {start_month}.")
    if not 1900 <= start_year <= 9998:
        raise ValidationError(f"{start_year} is not a year this summary can cover.")
    start = date(start_year, start_month, 1)
    after = date(start_year + 1, start_month, 1)
    end = date.fromordinal(after.toordinal() - 1)
    label = str(start_year) if start_month == 1 else f"{start_year}/{(start_year + 1) % 100:02d}"
    return ReportingYear(start, end, label)


def year_containing(day: date, start_month: int) -> ReportingYear:
    """The reporting year ``day`` falls in."""
    return reporting_year(day.year if day.month >= start_month else day.year - 1, start_month)


def parse_year(text: str, start_month: int) -> ReportingYear:
    """ "2025" (the year that starts in 2025), or "2025/26" / "2025-26" / "2025/2026" for a year that does not start
    in January. A ValidationError names what was typed and the forms allowed."""
    value = (text or "").strip()
    head, sep, tail = value.replace("-", "/").partition("/")
    if not (head.isascii() and head.isdigit() and len(head) == 4):
        raise ValidationError(f"Year: {value!r} is not a year; give it as YYYY (the year it starts in) or YYYY/YY.")
    year = reporting_year(int(head), start_month)
    if sep:
        ok = tail.isascii() and tail.isdigit() and (int(tail) in ((int(head) + 1) % 100, int(head) + 1))
        if start_month == 1 or not ok:
            raise ValidationError(
                f"Year: {value!r} does not name one reporting year (this organisation's year runs "
                f"{MONTHS[start_month - 1]} to {MONTHS[(start_month - 2) % 12]}; give YYYY or "
                f"{year.label if start_month != 1 else 'YYYY'})."
            )
    return year


# ----------------------------------------------------------------------------------------------------
# Suppression
# ----------------------------------------------------------------------------------------------------


class Shown(Enum):
    VALUE = "value"
    SMALL = "small"  # 1..4: "fewer than 5"
    HIDDEN = "hidden"  # secondary: "not shown"


@dataclass(frozen=True)
class Cell:
    value: int
    shown: Shown

    @property
    def text(self) -> str:
        if self.shown is Shown.SMALL:
            return SMALL_TEXT
        if self.shown is Shown.HIDDEN:
            return HIDDEN_TEXT
        return f"{self.value:,}"

    @property
    def bar(self) -> int | None:
        """The bar to draw: only for a number that is shown."""
        return self.value if self.shown is Shown.VALUE else None


def _others_can_sum(s: int, small: int, hidden: int) -> bool:
    """Whether ``small`` cells known to be 1..4 and ``hidden`` cells known to be 0 or 5+ can add up to ``s``."""
    if s < 0:
        return False
    if small <= s <= 4 * small:
        return True
    return hidden > 0 and s >= small + SUPPRESS_BELOW


def pinned(cells: Sequence[Cell], total: int) -> bool:
    """Whether a reader who knows the table's total could work out any hidden cell exactly: a cell shown as "fewer
    than 5" is known to be 1..4, one "not shown" to be 0 or 5 and more (else it would read "fewer than 5")."""
    hidden = [i for i, c in enumerate(cells) if c.shown is not Shown.VALUE]
    if not hidden:
        return False
    rest = total - sum(c.value for c in cells if c.shown is Shown.VALUE)
    n_small = sum(1 for i in hidden if cells[i].shown is Shown.SMALL)
    n_hidden = len(hidden) - n_small
    for i in hidden:
        small = cells[i].shown is Shown.SMALL
        others_small, others_hidden = n_small - small, n_hidden - (not small)
        candidates = range(1, SUPPRESS_BELOW) if small else (0, *range(SUPPRESS_BELOW, rest + 1))
        feasible = 0
        for v in candidates:
            if _others_can_sum(rest - v, others_small, others_hidden):
                feasible += 1
                if feasible > 1:
                    break
        if feasible <= 1:
            return True
    return False


def suppress(values: Sequence[int], total: int | None = None, forced: Mapping[int, Shown] | None = None) -> list[Cell]:
    """The cells of one table (a partition: ``total`` defaults to their sum), small numbers hidden by the rule
    above. ``forced``: cells whose state another table already fixed (a row the two share), kept exactly so:
    hidden alike, or shown and never picked to hide."""
    total = sum(values) if total is None else total
    if not table_shown(total):  # every cell alike: "fewer than 5" for some would tell the zeros apart
        return [Cell(v, Shown.HIDDEN) for v in values]
    fixed = dict(forced or {})
    cells = [
        Cell(v, fixed.get(i) or (Shown.SMALL if 0 < v < SUPPRESS_BELOW else Shown.VALUE)) for i, v in enumerate(values)
    ]
    while pinned(cells, total):
        visible = [i for i, c in enumerate(cells) if c.shown is Shown.VALUE and i not in fixed]
        if not visible:  # nothing left to hide and still a number could be worked out: show none of them
            return [Cell(v, Shown.HIDDEN) for v in values]
        # the smallest number of 5 or more first (the classic rule), zeros last
        i = min(visible, key=lambda k: (cells[k].value == 0, cells[k].value, -k))
        cells[i] = Cell(cells[i].value, Shown.HIDDEN)
    return cells


def single(n: int) -> Cell:
    """One number on its own (a total): "fewer than 5" from 1 to 4, else the number."""
    return Cell(n, Shown.SMALL if 0 < n < SUPPRESS_BELOW else Shown.VALUE)


def table_shown(total: int) -> bool:
    """A table is printed only when its total may be: 0, or 5 and more."""
    return not 0 < total < SUPPRESS_BELOW


# ----------------------------------------------------------------------------------------------------
# What is counted
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """One case of the year, as counted: no name, no reference, no text."""

    opened_at: str  # the date of concern (ISO)
    category: str  # category id, "" not recorded
    subject_role: str  # role id
    first_decided_on: str  # ISO date of the first decision, "" none yet
    latest_decision: str  # decision kind, "" none yet
    referral: str  # the kind of the latest decision that referred the case out (police Prevent, Channel), "" none
    latest_outcome: str  # outcome kind, "" none

    @property
    def referred(self) -> bool:
        return bool(self.referral)


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell
    level: int = 0  # 1: a sub-row of the row above


@dataclass(frozen=True)
class Table:
    title: str
    intro: str
    rows: tuple[Row, ...]
    total_label: str
    total: Cell
    shown: bool = True  # False: too few to show (the report says so instead of the rows)
    chart: bool = True
    note: str = ""


@dataclass(frozen=True)
class Figures:
    year: ReportingYear
    as_of: str  # ISO date the decisions and outcomes were read for
    concerns: Cell
    referred: Cell
    considered: Cell  # considered, not referred
    undecided: Cell
    median_days: str  # "3 days", or why it is not shown
    tables: tuple[Table, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Vocabulary:
    """The labels to count under, in order: categories (id, label) with "" = not recorded last, subject roles,
    decisions grouped (referral kinds, considered kinds), outcomes."""

    categories: tuple[tuple[str, str], ...]
    roles: tuple[tuple[str, str], ...]
    referral_decisions: tuple[tuple[str, str], ...]
    other_decisions: tuple[tuple[str, str], ...]
    outcomes: tuple[tuple[str, str], ...]


def _counted(keys: Sequence[tuple[str, str]], values: Iterable[str], other_label: str) -> list[tuple[str, int]]:
    """Counts for each (key, label) in order; values not among the keys go under ``other_label`` (shown only when
    there are any), so every table still adds up to its total."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    known = {k for k, _ in keys}
    rows = [(label, counts.get(k, 0)) for k, label in keys]
    extra = sum(n for k, n in counts.items() if k not in known)
    if extra:
        rows.append((other_label, extra))
    return rows


def _flat(title: str, intro: str, counted: list[tuple[str, int]], total_label: str, total: int,
          *, chart: bool = True, note: str = "", forced: Mapping[int, Shown] | None = None,
          total_cell: Cell | None = None) -> Table:
    cells = suppress([n for _, n in counted], total, forced)
    rows = tuple(Row(label, c) for (label, _), c in zip(counted, cells, strict=True))
    shown = table_shown(total) and not (total and all(c.shown is Shown.HIDDEN for c in cells))
    return Table(title, intro, rows, total_label, total_cell or single(total), shown, chart, note)


def days_between(first: str, second: str) -> int:
    return (date.fromisoformat(second[:10]) - date.fromisoformat(first[:10])).days


def decision_bucket(days: int) -> str:
    for upper, label in DECISION_BUCKETS:
        if days <= upper:
            return label
    return DECISION_BUCKET_OVER


def summarise(facts: Sequence[CaseFacts], year: ReportingYear, vocab: Vocabulary, as_of: date) -> Figures:
    """Count the year's cases (``facts`` are the cases whose date of concern falls in ``year``) and hide small
    numbers. Every table is a partition: each case counts once in it."""
    n = len(facts)
    concerns = single(n)

    # What was decided: groups (referred / considered, not referred / none yet), each with its kinds.
    referred = [f for f in facts if f.referred]
    considered = [f for f in facts if not f.referred and f.latest_decision]
    undecided = n - len(referred) - len(considered)
    groups = suppress([len(referred), len(considered), undecided], n)
    # sub-rows: a referred case under the referral it last had; a considered case under its latest decision
    ref_rows = _counted(vocab.referral_decisions, (f.referral for f in referred), "Another referral")
    con_rows = _counted(vocab.other_decisions, (f.latest_decision for f in considered), "Another decision")
    rows: list[Row] = [Row("Referred (police Prevent team or Channel)", groups[0])]
    rows += _sub(ref_rows, groups[0], len(referred))
    rows.append(Row("Considered, not referred", groups[1]))
    rows += _sub(con_rows, groups[1], len(considered))
    rows.append(Row(NO_DECISION, groups[2]))
    decisions = Table(
        "Referrals made and concerns considered",
        "Every concern logged in the year, by what was decided (the referral made, or the latest decision).",
        tuple(rows), "Concerns logged", concerns, table_shown(n), chart=False,
    )

    outcome_keys = [*vocab.outcomes, ("", NO_ANSWER)]
    outcome_rows = _counted(outcome_keys, (f.latest_outcome for f in referred), "Another outcome")
    outcomes = _flat(
        "Outcomes of referrals", "Each referral made in the year, by the latest answer recorded.",
        outcome_rows, "Referrals made", len(referred), total_cell=groups[0],
    )
    if groups[0].shown is not Shown.VALUE:  # the number referred is hidden: its breakdown would give it away
        outcomes = Table(outcomes.title, outcomes.intro, outcomes.rows, outcomes.total_label, groups[0], False)

    by_category = _flat(
        "By type of concern", "Every concern logged in the year, by its type of concern.",
        _counted(vocab.categories, (f.category for f in facts), "Another type (not in this organisation's list)"),
        "Concerns logged", n, total_cell=concerns,
    )
    by_role = _flat(
        "By who the concern was about", "Every concern logged in the year, by the person's role.",
        _counted(vocab.roles, (f.subject_role for f in facts), "Another role"), "Concerns logged", n,
        total_cell=concerns,
    )
    month_keys = [
        (f"{y:04d}-{m:02d}", f"{MONTHS[m - 1][:3]} {y}" + (" (still to come)" if date(y, m, 1) > as_of else ""))
        for y, m in year.months()
    ]
    by_month = _flat(
        "By month", "Every concern logged in the year, by the month of the date of concern.",
        _counted(month_keys, (f.opened_at[:7] for f in facts), "Another month"), "Concerns logged", n,
        total_cell=concerns,
    )

    # Time from concern to first decision: the undecided row is the same number as above, hidden alike.
    decided = [f for f in facts if f.first_decided_on]
    days = [max(days_between(f.opened_at, f.first_decided_on), 0) for f in decided]
    bucket_keys = [(label, label) for _, label in DECISION_BUCKETS] + [(DECISION_BUCKET_OVER, DECISION_BUCKET_OVER)]
    time_rows = _counted(bucket_keys, (decision_bucket(d) for d in days), "Another time")
    time_rows.append((NO_DECISION, n - len(decided)))
    forced = {len(time_rows) - 1: groups[2].shown}
    timing = _flat(
        "Time from concern to decision", "Every concern logged in the year, by the days from the date of concern "
        "to the first decision recorded.", time_rows, "Concerns logged", n, forced=forced, total_cell=concerns,
    )
    if len(days) >= SUPPRESS_BELOW:
        median = statistics.median(days)
        median_text = f"{median:g} day{'s' if median != 1 else ''}"
    else:
        median_text = f"not shown (fewer than {SUPPRESS_BELOW} decisions)"
    return Figures(
        year, as_of.isoformat(), concerns, groups[0], groups[1], groups[2], median_text,
        (decisions, by_category, by_role, by_month, timing, outcomes),
    )


def _sub(counted: list[tuple[str, int]], parent: Cell, total: int) -> list[Row]:
    """Sub-rows of a group: protected against the group's total when it is shown, else not shown at all."""
    if parent.shown is not Shown.VALUE:
        return [Row(label, Cell(v, Shown.HIDDEN), level=1) for label, v in counted]
    cells = suppress([v for _, v in counted], total)
    return [Row(label, c, level=1) for (label, _), c in zip(counted, cells, strict=True)]
