"""Who must be told about a concern: one generic evaluator over the profile's routing data.

Used by both the contacts panel ("Who do I call for...", :func:`route_situation`) and the referral wizard
(:func:`route_concern`). Every policy fact (roles, contacts, wording, policy references, the precedence of the
military directive) lives in the profile's ``[routing]`` data; this module only evaluates it:

- a situation returns its own contacts (or its out-of-hours contacts when asked and it has some);
- a concern collects, in file order, every rule whose ``subject_roles`` contain the subject's role and whose
  ``raised_by`` contain the raiser's role (an empty list matches any role; ``under18_only`` rules need
  ``under_18=True``), then adds ``routing.always`` (what applies to every referral). Lists keep their first
  occurrence only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from prevent_desktop.domain.profile import Contact, Profile, RoleOption, RoutingRule, Situation

__all__ = [
    "RouteResult",
    "UnknownRouteError",
    "matching_rules",
    "raiser_roles",
    "route_concern",
    "route_situation",
    "situations",
    "subject_roles",
]


class UnknownRouteError(ValueError):
    """A situation id or role that the profile does not define (a programming error in the caller)."""


@dataclass(frozen=True)
class RouteResult:
    refer_to: list[str]
    reviewers: list[str]
    contacts: list[Contact]
    guidance: list[str]
    policy_refs: list[str]
    precedence_note: str | None = None
    discuss_with: list[str] = field(default_factory=list)
    situation_id: str | None = None
    matched_rules: list[str] = field(default_factory=list)


def situations(profile: Profile) -> list[Situation]:
    """The "Who do I call for..." situations, in the profile's order."""
    return list(profile.routing.situations)


def subject_roles(profile: Profile) -> list[RoleOption]:
    return list(profile.routing.subject_roles)


def raiser_roles(profile: Profile) -> list[RoleOption]:
    return list(profile.routing.raiser_roles)


def route_situation(profile: Profile, situation_id: str, *, out_of_hours: bool = False) -> RouteResult:
    for s in profile.routing.situations:
        if s.id == situation_id:
            break
    else:
        raise UnknownRouteError(f"no situation with id {situation_id!r}")
    contact_ids = s.out_of_hours_contacts if out_of_hours and s.out_of_hours_contacts else s.contacts
    return RouteResult(
        refer_to=_unique(s.refer_to),
        reviewers=[],
        contacts=_resolve(profile, contact_ids),
        guidance=_unique(s.guidance),
        policy_refs=_unique(s.policy_refs),
        precedence_note=s.precedence_note or None,
        situation_id=s.id,
    )


def matching_rules(
    profile: Profile, subject_role: str, raised_by_role: str, *, under_18: bool = False
) -> list[RoutingRule]:
    """The rules that apply, in the profile's order."""
    if subject_role not in {r.id for r in profile.routing.subject_roles}:
        raise UnknownRouteError(f"unknown subject role {subject_role!r}")
    if raised_by_role not in {r.id for r in profile.routing.raiser_roles}:
        raise UnknownRouteError(f"unknown raiser role {raised_by_role!r}")
    return [
        rule
        for rule in profile.routing.rules
        if (not rule.subject_roles or subject_role in rule.subject_roles)
        and (not rule.raised_by or raised_by_role in rule.raised_by)
        and (under_18 or not rule.under18_only)
    ]


def route_concern(
    profile: Profile, subject_role: str, raised_by_role: str, *, under_18: bool = False
) -> RouteResult:
    """Who must be told, who reviews, whom to call and why, for a concern about ``subject_role`` raised by
    ``raised_by_role`` (role ids from ``routing.subject_roles`` / ``routing.raiser_roles``)."""
    rules = matching_rules(profile, subject_role, raised_by_role, under_18=under_18)
    always = profile.routing.always
    notes = _unique(r.precedence_note for r in rules if r.precedence_note)
    return RouteResult(
        refer_to=_unique(x for r in rules for x in r.refer_to),
        reviewers=_unique([*always.reviewers, *(x for r in rules for x in r.reviewers)]),
        contacts=_resolve(profile, [*(x for r in rules for x in r.contacts), *always.contacts]),
        guidance=_unique([*always.guidance_first, *(x for r in rules for x in r.guidance), *always.guidance]),
        policy_refs=_unique([*(x for r in rules for x in r.policy_refs), *always.policy_refs]),
        precedence_note=" ".join(notes) or None,
        discuss_with=_unique(always.discuss_with),
        matched_rules=[r.id for r in rules],
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _resolve(profile: Profile, contact_ids: Iterable[str]) -> list[Contact]:
    return [profile.contact(cid) for cid in _unique(contact_ids)]
