"""Concern categories (the type of concern a case is about) and the annual summary's reporting year.

Categories are data, not code: the default profile ships the Home Office Prevent statistics' "type of concern"
terms. Each has a stable ``id`` (what a case stores and what an export carries), a ``label`` the organisation may
reword, and ``retired``: a retired category is no longer offered for new concerns, but the cases that have it keep
it, show it ("… (retired)") and count under it in the annual summary. Ids are never reused for another meaning.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator
from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.fields import MODEL_CONFIG, Flag, Id, NonEmptyText, Text, Whole, problem

MAX_CATEGORY_ID = 40  # an id is stored on every case and printed in exports: short, and never a sentence
MAX_CATEGORY_LABEL = 120


def _category_id(value: str) -> str:
    if len(value) > MAX_CATEGORY_ID:
        raise problem(f"{value[:50]!r}… is longer than {MAX_CATEGORY_ID} characters")
    return value


def _label(value: str) -> str:
    if len(value) > MAX_CATEGORY_LABEL or "\n" in value:
        raise problem(f"must be one line of at most {MAX_CATEGORY_LABEL} characters")
    return value


def _month(value: int) -> int:
    if not 1 <= value <= 12:
        raise problem(f"{value} is not a month (1 = January … 12 = December)")
    return value


CategoryId = Annotated[Id, AfterValidator(_category_id)]
CategoryLabel = Annotated[NonEmptyText, AfterValidator(_label)]


@dataclass(frozen=True, config=MODEL_CONFIG)
class ConcernCategory:
    id: CategoryId
    label: CategoryLabel
    description: Text = ""  # what the category covers, in the source's words (shown as help beside the choice)
    retired: Flag = False  # no longer offered; cases that have it keep it


@dataclass(frozen=True, config=MODEL_CONFIG)
class ConcernCategories:
    """The organisation's list, in the order it is offered and reported (unique ids: see checks)."""

    source: Text = ""  # where the terms come from, printed under the annual summary's table
    items: tuple[ConcernCategory, ...] = ()

    def get(self, category_id: str) -> ConcernCategory | None:
        return next((c for c in self.items if c.id == category_id), None)

    @property
    def active(self) -> tuple[ConcernCategory, ...]:
        return tuple(c for c in self.items if not c.retired)


@dataclass(frozen=True, config=MODEL_CONFIG)
class AnnualSummarySettings:
    """The annual Prevent summary: which month the reporting year starts in (9: the academic year, September to
    August; 1: the calendar year; 4: April to March, the Home Office statistics' year)."""

    year_start_month: Annotated[Whole, AfterValidator(_month)] = 9
    title: Text = "Annual Prevent summary"
