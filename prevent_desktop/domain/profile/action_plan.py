"""The Annex A action plan and the register of associated policies."""

from __future__ import annotations

from dataclasses import field
from typing import Annotated

from pydantic import AfterValidator
from pydantic.dataclasses import dataclass

from prevent_desktop.domain.dates import is_profile_date
from prevent_desktop.domain.profile.fields import (
    MODEL_CONFIG,
    Count,
    NonEmptyText,
    OptionalDate,
    Text,
    one_of,
    problem,
)

# Vocabularies of the profile format (not policy facts): the values a field may take.
RAG_VALUES = ("", "red", "amber", "green")
ACTION_PLAN_WHEN_KEYWORDS = ("", "Annual", "Termly", "Monthly")
POLICY_GROUPS = ("training", "military")


def _when(value: str) -> str:
    if value not in ACTION_PLAN_WHEN_KEYWORDS and not is_profile_date(value):
        raise problem(f"{value!r} must be one of Annual, Termly, Monthly, a date or empty")
    return value


@dataclass(frozen=True, config=MODEL_CONFIG)
class ActionPlanColumns:
    no: Text = "No."
    area: Text = "Potential Prevent Vulnerability"
    action: Text = "Action Required / Evidence if in place"
    who: Text = "Who"
    when: Text = "When"
    rag: Text = "RAG"


@dataclass(frozen=True, config=MODEL_CONFIG)
class ActionPlanRow:
    no: Count
    area: NonEmptyText
    action: Text = ""
    who: Text = ""
    when: Annotated[Text, AfterValidator(_when)] = ""
    rag: Annotated[Text, one_of(RAG_VALUES, "red, amber, green or empty")] = ""
    duties: tuple[Text, ...] = ()  # duty ids: see checks
    evidence: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class ActionPlan:
    organisation: NonEmptyText
    safeguarding_contact: Text
    date_last_updated: OptionalDate
    date_actions_to_be_reviewed: OptionalDate
    next_review_due: OptionalDate
    rows: tuple[ActionPlanRow, ...]
    columns: ActionPlanColumns = field(default_factory=ActionPlanColumns)


@dataclass(frozen=True, config=MODEL_CONFIG)
class AssociatedPolicy:
    name: NonEmptyText
    last_review: OptionalDate
    group: Annotated[Text, one_of(POLICY_GROUPS, ", ".join(POLICY_GROUPS))]
    owner: Text = ""
    review_interval_months: Count = 12
