"""The routing data that :mod:`prevent_desktop.domain.routing` evaluates: roles, situations, rules, always.

References to contacts and roles are plain ids here; :mod:`.checks` verifies they exist.
"""

from __future__ import annotations

from dataclasses import field

from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.fields import MODEL_CONFIG, Flag, Id, NonEmptyText, Text


@dataclass(frozen=True, config=MODEL_CONFIG)
class RoleOption:
    id: Id
    label: NonEmptyText


@dataclass(frozen=True, config=MODEL_CONFIG)
class Situation:
    id: Id
    label: NonEmptyText
    guidance: tuple[Text, ...] = ()
    contacts: tuple[Text, ...] = ()  # at least one: see checks
    out_of_hours_contacts: tuple[Text, ...] = ()
    refer_to: tuple[Text, ...] = ()
    policy_refs: tuple[Text, ...] = ()
    precedence_note: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class RoutingRule:
    """Matches when the subject's role is in ``subject_roles`` and the raiser's in ``raised_by``.

    An empty list matches any role; an ``under18_only`` rule matches only for an under-18 subject.
    """

    id: Id
    subject_roles: tuple[Text, ...] = ()
    raised_by: tuple[Text, ...] = ()
    under18_only: Flag = False
    refer_to: tuple[Text, ...] = ()
    reviewers: tuple[Text, ...] = ()
    contacts: tuple[Text, ...] = ()
    guidance: tuple[Text, ...] = ()
    policy_refs: tuple[Text, ...] = ()
    precedence_note: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class RoutingAlways:
    """What applies to every referral.

    ``guidance_first`` comes before the matched rules' guidance, ``guidance`` after it.
    """

    guidance_first: tuple[Text, ...] = ()
    reviewers: tuple[Text, ...] = ()
    discuss_with: tuple[Text, ...] = ()
    guidance: tuple[Text, ...] = ()
    contacts: tuple[Text, ...] = ()
    policy_refs: tuple[Text, ...] = ()


@dataclass(frozen=True, config=MODEL_CONFIG)
class Party:
    """A party the routing names in words (``refer_to``, ``reviewers``, ``discuss_with``) and the contacts that
    reach it, so every party named can be called (see :func:`named_parties`; the checks require an entry each)."""

    name: NonEmptyText
    contacts: tuple[Text, ...] = ()  # at least one: see checks


@dataclass(frozen=True, config=MODEL_CONFIG)
class Routing:
    subject_roles: tuple[RoleOption, ...]
    raiser_roles: tuple[RoleOption, ...]
    situations: tuple[Situation, ...]
    rules: tuple[RoutingRule, ...]
    always: RoutingAlways = field(default_factory=RoutingAlways)
    parties: tuple[Party, ...] = ()

    def party(self, name: str) -> Party | None:
        return next((p for p in self.parties if p.name == name), None)


def named_parties(r: Routing) -> list[tuple[tuple[str | int, ...], str]]:
    """Every party the routing names in words, with the path where it is named (situations, rules, always)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for i, s in enumerate(r.situations):
        found += [(("routing", "situations", i, "refer_to", j), x) for j, x in enumerate(s.refer_to)]
    for i, rule in enumerate(r.rules):
        for key in ("refer_to", "reviewers"):
            found += [(("routing", "rules", i, key, j), x) for j, x in enumerate(getattr(rule, key))]
    for key in ("reviewers", "discuss_with"):
        found += [(("routing", "always", key, j), x) for j, x in enumerate(getattr(r.always, key))]
    return found
