"""Routing for the contacts panel ("Who do I call for...") and the referral wizard (policy 3.6-3.11)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prevent_desktop.domain.profile import (
    Profile,
    RoutingRule,
    default_profile_path,
    load_profile,
    profile_from_dict,
    profile_to_dict,
)
from prevent_desktop.domain.routing import (
    RouteResult,
    UnknownRouteError,
    matching_rules,
    raiser_roles,
    route_concern,
    route_situation,
    situations,
    subject_roles,
)

MILITARY = ["duty-supervisory-care-nco", "unit-welfare-officer", "military-out-of-hours-welfare"]
LEARNER_SAFEGUARDING = ["medway-mash", "kcc-safeguarding", "kent-medway-out-of-hours-social-services"]
PRECEDENCE = "The 1 RSME Regt. Supervisor Care Directive takes precedence over this policy for soldiers."
ALWAYS_REFS = ["3.10", "3.11", "3.13", "3.14", "Annex B2"]
ALWAYS_CONTACTS = ["kent-police-prevent-team", "emergency-999"]  # every referral: discuss with 3.11's team
CALL_999 = "If you have any immediate concerns about the welfare of anyone, contact the police, call 999."


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(default_profile_path())


def _ids(result: RouteResult) -> list[str]:
    return [c.id for c in result.contacts]


def _numbers(result: RouteResult) -> list[str]:
    return [p.number for c in result.contacts for p in c.phones]


# ----------------------------------------------------------------------------------------------------
# "Who do I call for..."
# ----------------------------------------------------------------------------------------------------


def test_situations_in_order(profile: Profile) -> None:
    assert [s.id for s in situations(profile)] == [
        "immediate-danger",
        "learner",
        "apprentice",
        "soldier",
        "staff",
        "online-material",
        "police",
        "dfe-advice",
    ]
    assert all(s.label for s in situations(profile))


def test_immediate_danger_is_999(profile: Profile) -> None:
    r = route_situation(profile, "immediate-danger")
    assert _numbers(r) == ["999"]
    assert r.guidance == [CALL_999]
    assert r.policy_refs == ["Annex B2"]
    assert r.situation_id == "immediate-danger"


@pytest.mark.parametrize("situation", ["learner", "apprentice"])
def test_learner_and_apprentice(profile: Profile, situation: str) -> None:
    r = route_situation(profile, situation)
    assert _ids(r) == ["dpo", *LEARNER_SAFEGUARDING]
    assert _numbers(r) == ["01634 822386", "01634 334466", "03000 41 11 11", "03000 41 91 91"]
    assert r.refer_to == ["Designated Safeguarding Officer"]
    assert "3.6" in r.policy_refs
    ooh = route_situation(profile, situation, out_of_hours=True)
    assert _numbers(ooh)[0] == "03000 41 91 91"


def test_soldier_in_hours_and_out_of_hours(profile: Profile) -> None:
    r = route_situation(profile, "soldier")
    assert _ids(r) == MILITARY
    assert _numbers(r) == ["0785 507 9207", "01634 822966", "01634 822442"]
    assert r.refer_to == ["Military chain of command"]
    assert r.policy_refs == ["3.8", "Scope"]
    assert r.precedence_note == PRECEDENCE

    ooh = route_situation(profile, "soldier", out_of_hours=True)
    assert _numbers(ooh) == ["01634 822442", "0785 507 9207"]
    assert ooh.contacts[0].out_of_hours
    # One situation, in or out of hours: no label that contradicts the in/out-of-hours choice.
    assert not any("hours" in s.label for s in situations(profile))


def test_staff_situation(profile: Profile) -> None:
    r = route_situation(profile, "staff")
    assert r.refer_to == ["HR Advisor", "Designated Prevent Officer"]
    assert _ids(r) == ["hr-advisor", "dpo"]
    assert r.policy_refs == ["3.7", "3.10"]


def test_online_material(profile: Profile) -> None:
    r = route_situation(profile, "online-material")
    assert r.contacts[0].web == "GOV.UK: report online material promoting terrorism or extremism"
    assert r.contacts[1].web == "GOV.UK: complete an online report for possible terrorist activity"
    assert _numbers(r) == ["101", "0800 789 321"]
    assert all(c.public_line for c in r.contacts)


def test_police_and_dfe(profile: Profile) -> None:
    assert _numbers(route_situation(profile, "police")) == ["101", "0800 789 321"]
    dfe = route_situation(profile, "dfe-advice")
    assert [c.name for c in dfe.contacts] == ["Dr Helene Morris"]
    assert _numbers(dfe) == ["02045 666324", "07901 384401"]


def test_out_of_hours_without_ooh_contacts_keeps_contacts(profile: Profile) -> None:
    assert _ids(route_situation(profile, "staff", out_of_hours=True)) == ["hr-advisor", "dpo"]


def test_unknown_situation(profile: Profile) -> None:
    with pytest.raises(UnknownRouteError):
        route_situation(profile, "nope")


# ----------------------------------------------------------------------------------------------------
# Concern routing for the wizard
# ----------------------------------------------------------------------------------------------------


def test_role_vocabularies(profile: Profile) -> None:
    assert [r.id for r in subject_roles(profile)] == [
        "learner",
        "apprentice",
        "soldier",
        "staff",
        "visitor",
        "other",
    ]
    assert [r.id for r in raiser_roles(profile)] == ["staff", "soldier", "learner", "other"]


def _check_always(r: RouteResult) -> None:
    """What applies to every referral: 999 first, DSO review (3.10), Kent Police Prevent Team (3.11)."""
    assert r.guidance[0] == CALL_999
    assert r.reviewers[0] == "Designated Safeguarding Officer"
    assert r.discuss_with == ["Kent Police Prevent Team"]
    assert _ids(r)[-2:] == ALWAYS_CONTACTS  # 3.11's team can be called from the route (its number, when recorded)
    for ref in ALWAYS_REFS:
        assert ref in r.policy_refs
    assert any("Kent Police Prevent Team" in g for g in r.guidance)
    assert len(r.guidance) == len(set(r.guidance))
    assert len(r.contacts) == len({c.id for c in r.contacts})


@pytest.mark.parametrize("subject", ["learner", "apprentice"])
def test_staff_about_learner_goes_to_dso(profile: Profile, subject: str) -> None:
    r = route_concern(profile, subject, "staff")
    _check_always(r)
    assert r.refer_to == ["Designated Safeguarding Officer"]
    assert r.reviewers == ["Designated Safeguarding Officer"]
    assert _ids(r) == ["dpo", *LEARNER_SAFEGUARDING, *ALWAYS_CONTACTS]
    assert r.policy_refs[0] == "3.6"
    assert r.precedence_note is None


def test_staff_about_colleague_goes_to_hr_or_dpo(profile: Profile) -> None:
    r = route_concern(profile, "staff", "staff")
    _check_always(r)
    assert r.refer_to == ["HR Advisor", "Designated Prevent Officer"]
    assert r.reviewers == ["Designated Safeguarding Officer", "HR Advisor"]
    assert _ids(r) == ["hr-advisor", "dpo", *ALWAYS_CONTACTS]
    assert r.policy_refs[:2] == ["3.7", "3.10"]
    assert r.matched_rules == ["staff-about-colleague", "staff-subject-review"]


@pytest.mark.parametrize("raiser", ["staff", "soldier", "learner", "other"])
def test_staff_subject_always_reviewed_by_hr(profile: Profile, raiser: str) -> None:
    r = route_concern(profile, "staff", raiser)
    assert "HR Advisor" in r.reviewers


@pytest.mark.parametrize("raiser", ["staff", "soldier", "learner", "other"])
def test_soldier_subject_goes_through_chain_of_command(profile: Profile, raiser: str) -> None:
    r = route_concern(profile, "soldier", raiser)
    _check_always(r)
    assert r.refer_to[0] == "Military chain of command"
    assert _ids(r)[:3] == MILITARY
    assert r.precedence_note == PRECEDENCE
    assert "Scope" in r.policy_refs and "3.8" in r.policy_refs


def test_staff_about_soldier_also_tells_dso(profile: Profile) -> None:
    r = route_concern(profile, "soldier", "staff")
    assert r.refer_to == ["Military chain of command", "Designated Safeguarding Officer"]
    assert _ids(r) == [*MILITARY, "dpo", *ALWAYS_CONTACTS]
    assert r.policy_refs[:3] == ["Scope", "3.8", "3.6"]


@pytest.mark.parametrize("subject", ["learner", "apprentice", "soldier", "staff", "visitor", "other"])
def test_soldier_raiser_uses_chain_of_command(profile: Profile, subject: str) -> None:
    r = route_concern(profile, subject, "soldier")
    _check_always(r)
    assert "Military chain of command" in r.refer_to
    assert set(MILITARY) <= set(_ids(r))
    assert "3.8" in r.policy_refs
    assert r.precedence_note == PRECEDENCE


def test_learner_about_learner(profile: Profile) -> None:
    r = route_concern(profile, "learner", "learner")
    _check_always(r)
    assert r.refer_to == [
        "Programme Leader",
        "Designated Safeguarding Officer",
        "Any member of the Senior Leadership Team",
    ]
    assert r.policy_refs[0] == "3.9"
    assert _ids(r) == ["dpo", *LEARNER_SAFEGUARDING, *ALWAYS_CONTACTS]
    assert any(g.startswith("If a non-military learner has a concern") for g in r.guidance)


@pytest.mark.parametrize("subject", ["soldier", "staff", "visitor", "other"])
def test_learner_about_anyone_else(profile: Profile, subject: str) -> None:
    r = route_concern(profile, subject, "learner")
    assert "Programme Leader" in r.refer_to
    assert "3.9" in r.policy_refs


def test_visitor_raised_by_staff(profile: Profile) -> None:
    r = route_concern(profile, "visitor", "staff")
    _check_always(r)
    assert r.refer_to == ["Designated Safeguarding Officer"]
    assert _ids(r) == ["dpo", *ALWAYS_CONTACTS]


def test_other_raiser_falls_back_to_dso(profile: Profile) -> None:
    r = route_concern(profile, "learner", "other")
    _check_always(r)
    assert r.refer_to == ["Designated Safeguarding Officer"]


def test_under_18_adds_mash_guidance(profile: Profile) -> None:
    adult = route_concern(profile, "learner", "staff")
    child = route_concern(profile, "learner", "staff", under_18=True)
    assert "under-18" not in adult.matched_rules
    assert "under-18" in child.matched_rules
    assert any("parallel referral" in g for g in child.guidance)
    assert "medway-mash" in _ids(child)
    assert route_concern(profile, "soldier", "soldier", under_18=True).matched_rules == [
        "soldier-subject",
        "soldier-raiser",
    ]


@pytest.mark.parametrize(("subject", "raiser"), [("alien", "staff"), ("learner", "alien"), ("", "")])
def test_unknown_roles(profile: Profile, subject: str, raiser: str) -> None:
    with pytest.raises(UnknownRouteError):
        route_concern(profile, subject, raiser)


@settings(max_examples=60, deadline=None, database=None)
@given(
    subject=st.sampled_from(["learner", "apprentice", "soldier", "staff", "visitor", "other"]),
    raiser=st.sampled_from(["staff", "soldier", "learner", "other"]),
    under_18=st.booleans(),
)
def test_every_combination_routes_somewhere(subject: str, raiser: str, under_18: bool) -> None:
    profile = load_profile(default_profile_path())
    r = route_concern(profile, subject, raiser, under_18=under_18)
    _check_always(r)
    assert r.refer_to, "every concern must name someone to refer to"
    assert len(r.refer_to) == len(set(r.refer_to))


# ----------------------------------------------------------------------------------------------------
# The rules are data: changing the profile changes the routing, with no code change
# ----------------------------------------------------------------------------------------------------


def _with(profile: Profile, mutate: Any) -> Profile:
    data = profile_to_dict(profile)
    mutate(data)
    return profile_from_dict(data, "edited")


def test_rules_are_data(profile: Profile) -> None:
    def add_rule(d: dict[str, Any]) -> None:
        d["routing"]["rules"].insert(
            0,
            {
                "id": "visitor-dfe",
                "subject_roles": ["visitor"],
                "raised_by": [],
                "refer_to": ["Regional Prevent Coordinator"],
                "contacts": ["dfe-coordinator"],
                "guidance": ["Test rule."],
                "policy_refs": ["X.1"],
            },
        )
        d["routing"]["parties"].append({"name": "Regional Prevent Coordinator", "contacts": ["dfe-coordinator"]})

    edited = _with(profile, add_rule)
    r = route_concern(edited, "visitor", "staff")
    assert r.refer_to[0] == "Regional Prevent Coordinator"
    assert _ids(r)[0] == "dfe-coordinator"
    assert r.policy_refs[0] == "X.1"
    assert r.matched_rules[0] == "visitor-dfe"


def test_edited_contact_number_flows_through(profile: Profile) -> None:
    edited = _with(profile, lambda d: d["contacts"][0]["phones"][0].update(number="01634 000000"))
    assert _numbers(route_situation(edited, "staff")) == ["01634 000000"]


def test_always_section_is_data(profile: Profile) -> None:
    edited = dataclasses.replace(
        profile,
        routing=dataclasses.replace(
            profile.routing,
            always=dataclasses.replace(profile.routing.always, discuss_with=("Someone else",)),
            rules=(RoutingRule(id="only", refer_to=("X",)),),
        ),
    )
    r = route_concern(edited, "learner", "staff")
    assert r.refer_to == ["X"]
    assert r.discuss_with == ["Someone else"]
    assert matching_rules(edited, "staff", "other")[0].id == "only"
