"""The organisation, the policy's own metadata (front page, owner, summary of changes) and the section-4 duties."""

from __future__ import annotations

from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.fields import MODEL_CONFIG, Id, NonEmptyText, ProfileDate, Text, Whole


@dataclass(frozen=True, config=MODEL_CONFIG)
class Organisation:
    name: NonEmptyText
    short_name: NonEmptyText
    safeguarding_contact: Text
    dso_role_holder: Text
    protective_marking: NonEmptyText
    military_partner: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class PolicyChange:
    serial: Whole
    issue: Text
    date: ProfileDate
    summary: NonEmptyText


@dataclass(frozen=True, config=MODEL_CONFIG)
class Policy:
    title: NonEmptyText
    version: NonEmptyText
    effective_date: ProfileDate
    review_date: ProfileDate
    next_review: ProfileDate
    owner: Text = ""
    owner_role_holder: Text = ""
    validity: Text = ""
    changes: tuple[PolicyChange, ...] = ()


@dataclass(frozen=True, config=MODEL_CONFIG)
class Duty:
    id: Id
    title: NonEmptyText
    description: Text
    lead: Text = ""
