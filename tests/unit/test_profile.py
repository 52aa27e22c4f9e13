"""The default profile holds every fact of the seed policy, exactly; bad profiles fail clearly."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevent_desktop.domain import contacts as contact_rules
from prevent_desktop.domain.profile import (
    Contact,
    Profile,
    ProfileError,
    default_profile_path,
    load_profile,
    load_profile_text,
    named_parties,
    parse_profile_date,
    profile_from_dict,
    profile_to_dict,
)
from prevent_desktop.domain.profile.toml_lines import key_lines

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "prevent-strategy-and-policy.txt"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(default_profile_path())


@pytest.fixture(scope="module")
def toml_text() -> str:
    return default_profile_path().read_text(encoding="utf-8")


def _data() -> dict[str, Any]:
    return profile_to_dict(load_profile(default_profile_path()))


def _contact(profile: Profile, contact_id: str) -> Contact:
    return profile.contact(contact_id)


def _numbers(c: Contact) -> list[tuple[str, str]]:
    return [(p.label, p.number) for p in c.phones]


# ----------------------------------------------------------------------------------------------------
# The shipped profile
# ----------------------------------------------------------------------------------------------------


def test_default_profile_path_is_package_data() -> None:
    path = default_profile_path()
    assert path.is_file()
    assert path.parts[-4:] == ("prevent_desktop", "resources", "profiles", "mkc-training.toml")


def test_organisation_and_policy_metadata(profile: Profile) -> None:
    org = profile.organisation
    assert org.name == "MKC Training Services Ltd"
    assert org.short_name == "MKC Training"
    assert org.safeguarding_contact == "Dr John Dynes"
    assert org.dso_role_holder == "Innovation & Continual Improvement Lead"
    assert org.protective_marking == "OFFICIAL-SENSITIVE"
    pol = profile.policy
    assert pol.title == "Prevent Strategy and Policy"
    assert pol.version == "3"
    assert (pol.effective_date, pol.review_date, pol.next_review) == ("2019-03", "2023-12", "2024-12")
    assert pol.owner == "Designated Safeguarding Officer"
    assert profile.schema == 1


def test_summary_of_changes(profile: Profile) -> None:
    assert len(profile.policy.changes) == 1
    change = profile.policy.changes[0]
    assert (change.serial, change.issue, change.date) == (1, "3", "2023-12")
    assert change.summary == (
        "Addition of this summary of changes table. Minor adjustment to scope to balance military learners "
        "and other (non-military) learners. Added content on virtual learning risk to section 3.3."
    )


def test_duties_of_section_4(profile: Profile) -> None:
    assert [(d.id, d.title) for d in profile.duties] == [
        ("pastoral-care", "Soldiers and Learners"),
        ("staff-duty-of-care", "Staff"),
        ("events", "Events and Activities"),
        ("partnership", "Partnership"),
        ("it-security", "Security"),
        ("training", "Training"),
    ]
    assert profile.duty("pastoral-care").description.startswith(
        "There is sufficient pastoral care, learning support and welfare support for all learners"
    )
    assert profile.duty("staff-duty-of-care").lead == "HR Advisor"
    assert "including the use of Wi-Fi" in profile.duty("it-security").description


def test_contact_groups_in_policy_order(profile: Profile) -> None:
    assert [g.title for g in profile.contact_groups] == [
        "Designated Prevent Officer – MKC Training",
        "Department for Education",
        "Military soldier safeguarding / Prevent concerns",
        "Other learner and apprentice safeguarding / Prevent concerns",
        "Emergency and reporting lines",
        "Reporting Prevent Referrals",
    ]


def test_designated_prevent_officer(profile: Profile) -> None:
    c = _contact(profile, "dpo")
    assert c.name == "Dr John Dynes"
    assert c.role == "Designated Prevent Officer"
    assert c.organisation == "MKC Training"
    assert c.phones[0].number == "01634 822386"
    assert c.emails == ("john.dynes@midkent.ac.uk",)
    assert c.group == "prevent-officer"


def test_dfe_coordinator(profile: Profile) -> None:
    c = _contact(profile, "dfe-coordinator")
    assert c.name == "Dr Helene Morris"
    assert c.role == "Dfe Regional Prevent Coordinator for South-East Counter-Extremism Division"
    assert c.organisation == "Department for Education"
    assert c.emails == ("Helene.MORRIS@EDUCATION.GOV.UK",)
    assert _numbers(c) == [("Desk", "02045 666324"), ("Mobile", "07901 384401")]


def test_military_contacts(profile: Profile) -> None:
    military = profile.contacts_in_group("military")
    assert [(c.role, c.phones[0].number) for c in military] == [
        ("Duty Supervisory Care NCO", "0785 507 9207"),
        ("Unit Welfare Officer", "01634 822966"),
        ("Out of hours welfare support", "01634 822442"),
    ]
    assert [c.out_of_hours for c in military] == [False, False, True]
    assert all(c.name == "" for c in military)


def test_other_learner_contacts(profile: Profile) -> None:
    others = profile.contacts_in_group("other-learners")
    # The policy writes each as "<organisation> <service> – Telephone <number>".
    assert [(f"{c.organisation} {c.role}", _numbers(c)) for c in others] == [
        ("Medway Council Multi-Agency Safeguarding Hub (MASH)", [("Telephone", "01634 334466")]),
        ("Kent County Council Safeguarding", [("Telephone", "03000 41 11 11")]),
        ("Kent and Medway Out of Hours Social Services", [("Telephone", "03000 41 91 91")]),
    ]
    assert [c.out_of_hours for c in others] == [False, False, True]


def test_emergency_and_reporting_lines(profile: Profile) -> None:
    lines = profile.contacts_in_group("emergency")
    numbers = [p.number for c in lines for p in c.phones]
    assert numbers == ["999", "101", "0800 789 321"]
    assert all(c.public_line for c in lines)
    webs = [c.web for c in lines if c.web]
    assert webs == [
        "GOV.UK: complete an online report for possible terrorist activity",
        "GOV.UK: report online material promoting terrorism or extremism",
    ]
    # The application never goes online: no link anywhere in a contact.
    for c in profile.contacts:
        assert "://" not in c.web and "www." not in c.web


def test_every_contact_verified_and_private_lines_flagged(profile: Profile) -> None:
    assert len(profile.contacts) == 17
    named_only = [c.id for c in profile.contacts_in_group("reporting")]  # the policy gives them nothing to verify
    assert named_only == ["kent-police-prevent-team", "hr-advisor", "programme-leader", "senior-leadership-team"]
    assert all(c.last_verified == "2023-12" for c in profile.contacts if c.id not in named_only)
    assert all(profile.contact(i).last_verified == "" for i in named_only)
    private = [c.id for c in profile.contacts if not c.public_line]
    assert "dpo" in private and "emergency-999" not in private


def test_thirteen_annex_b2_points_exact(profile: Profile) -> None:
    points = profile.referral_form.points
    assert [p.no for p in points] == list(range(1, 14))
    assert [p.text for p in points] == [
        "How or why you came to be concerned.",
        "What happened if there was a specific event.",
        "The indicators that something is wrong.",
        "Any sympathetic interest in hate crimes, extremism or terrorism - including any extremist ideology, "
        "group or cause, support for 'school shooters' or public massacres, or murders of public figures.",
        "Any worrying use of mobile phone, internet or social media and how you found this out.",
        "Any contact with groups or individuals that cause you concern, including who and how often, and why "
        "you are concerned.",
        "Any expression of wanting to cause physical harm, or threats of violence, including who to, when "
        "and what was said or expressed.",
        "Any additional need, disability or special educational need, including what they are and if they're "
        "known or suspected.",
        "Any other safeguarding concerns about the family, peer group or environment",
        "Any discussions you've had with the learner, parent or carer (if under 18).",
        "The parental or carer support (if known and under 18).",
        "Why the referral is relevant to Prevent, for example, is there a presence or possible presence, of "
        "any terrorist or terrorism-linked ideology.",
        "What you are worried about, what may happen if the learner's needs are not met and how this will "
        "affect them.",
    ]
    assert [p.no for p in points if p.under18_only] == [10, 11]


def test_referral_form_sections_and_fields(profile: Profile) -> None:
    form = profile.referral_form
    assert form.version == "NRF-2024"
    # The national form's order (its section numbers), the organisation's own section last.
    assert [(s.id, s.nrf_section) for s in form.sections] == [
        ("individual", "1"),
        ("family", "1"),
        ("concerns", "2"),
        ("complex_needs", "3"),
        ("other_information", "4"),
        ("referrer", "5"),
        ("relevant_information", "6"),
        ("employment_education", "7"),
        ("parallel_referrals", ""),
    ]
    fields = {f.id: f for s in form.sections for f in s.fields}
    assert {f for f, x in fields.items() if x.soldier_only} == {
        "service_number",
        "unit",
        "chain_of_command_informed",
    }
    assert {"parent_carer_discussions", "parental_support", "parallel_mash"} <= {
        f for f, x in fields.items() if x.under18_only
    }
    for yesno in ("discussed_with_lead", "individual_informed", "direct_action_taken", "others_informed"):
        assert fields[yesno].kind == "yesno_text" and fields[yesno].required
    assert fields["describe_concerns"].required and fields["describe_concerns"].kind == "longtext"
    assert fields["subject_role"].choices == ("learner", "apprentice", "soldier", "staff", "visitor", "other")
    for required in ("referrer_forename", "referrer_surname", "referrer_role_organisation"):
        assert fields[required].required
    assert all(s.help for s in form.sections)
    assert fields["approx_age"].applies_if_blank == "date_of_birth"
    assert fields["parallel_mash_date"].applies_if_yes == fields["parallel_mash_reference"].applies_if_yes == (
        "parallel_mash"
    )


def test_sections_listed_out_of_order_are_held_in_the_national_forms_order(toml_text: str) -> None:
    # An older vault (or an edited file) may list "7. Employment and education" first: the form still reads 1..7,
    # sections sharing a number keep the order they are listed in, and problems still name the line they are on.
    data = _data()
    sections = data["referral_form"]["sections"]
    by_id = {s["id"]: s for s in sections}
    data["referral_form"]["sections"] = [by_id[i] for i in (
        "parallel_referrals", "employment_education", "individual", "family", "concerns", "complex_needs",
        "other_information", "referrer", "relevant_information")]
    form = profile_from_dict(data).referral_form
    assert [s.id for s in form.sections] == [s["id"] for s in sections]
    first = toml_text.index("[[referral_form.sections]]")
    moved_start = toml_text.index('[[referral_form.sections]]\nid = "employment_education"')
    moved_end = toml_text.index("[[referral_form.sections]]", moved_start + 1)
    moved = toml_text[moved_start:moved_end].replace('kind = "text" }', 'kind = "blob" }', 1)
    text = toml_text[:first] + moved + toml_text[first:moved_start] + toml_text[moved_end:]
    error = _toml_error(text)
    assert [(p.path, p.line) for p in error.issues] == [
        ("referral_form.sections[0].fields[0].kind", _line_of(text, 'kind = "blob" }'))
    ]


def test_action_plan_header_and_columns(profile: Profile) -> None:
    ap = profile.action_plan
    assert ap.organisation == "MKC Training Services Ltd"
    assert ap.safeguarding_contact == "Dr John Dynes"
    assert ap.date_last_updated == "2023-12"
    assert ap.date_actions_to_be_reviewed == ""
    assert ap.next_review_due == "2024-12"
    cols = ap.columns
    assert (cols.no, cols.area, cols.action, cols.who, cols.when, cols.rag) == (
        "No.",
        "Potential Prevent Vulnerability",
        "Action Required / Evidence if in place",
        "Who",
        "When",
        "RAG",
    )


def test_action_plan_rows_exact(profile: Profile) -> None:
    rows = [(r.no, r.area, r.action, r.who, r.when, r.rag) for r in profile.action_plan.rows]
    assert rows == [
        (1, "Awareness", "Mandatory training", "All staff", "Annual", ""),
        (2, "Safeguarding", "Mandatory training", "All staff", "Annual", ""),
        (3, "IT systems", "Cyber Essentials +", "IT", "", ""),
        (4, "Security", "DBS enhanced clearance, BPS security clearance", "HR", "", ""),
        (5, "Events", "", "", "", ""),
        (6, "Communication", "News feed comms, updates to SLT", "Designated Safeguarding Lead", "", ""),
        (7, "Funding & resources", "", "", "", ""),
        (8, "Policies & procedures", "External facing policy", "Designated Safeguarding Lead", "Annual", ""),
        (9, "Information sharing / partnerships", "", "", "", ""),
        (10, "Dangerous substances / items", "", "", "", ""),
        (11, "Dealing with an incident", "", "", "", ""),
        (12, "Curriculum", "", "", "", ""),
    ]
    duty_ids = {d.id for d in profile.duties}
    for row in profile.action_plan.rows:
        assert row.duties and set(row.duties) <= duty_ids
    # Every section-4 duty is evidenced by at least one row.
    assert {d for r in profile.action_plan.rows for d in r.duties} == duty_ids


def test_associated_policies(profile: Profile) -> None:
    training = [(p.name, p.last_review) for p in profile.associated_policies if p.group == "training"]
    assert training == [
        ("Safeguarding policy", "2021-02"),
        ("Quality Policy", "2023-01"),
        ("Complaint, Compliments and Appeals policy", "2022-10"),
        ("Collaborative Working policy", "2021-02"),
        ("Equality, Diversity, and Inclusion policy", "2023-01"),
        ("Corporate Social Responsibility policy", "2022-03"),
        ("Slavery & Human Trafficking statement", "2021-05"),
        ("Dignity at Work policy", "2021-01"),
        ("Recruitment Policy", "2018-09"),
        ("Combined Disciplinary policy", "2022-10"),
        ("Data Protection policy", "2018-05"),
        ("Combined Whistleblowing policy", "2023-07"),
        ("Social Media policy", "2023-05"),
    ]
    military = [(p.name, p.last_review) for p in profile.associated_policies if p.group == "military"]
    assert military == [
        ("Chatham Station Directives – Supervisory Care Directive", ""),
        ("Army Apprentice and Functional Skills Safeguarding", ""),
        ("Code of practice for trainers", ""),
    ]
    assert all(p.review_interval_months == 12 for p in profile.associated_policies)


@pytest.mark.skipif(not SEED.is_file(), reason="seed policy not beside the project")
def test_every_profile_fact_appears_in_the_seed(profile: Profile) -> None:
    # Flatten whitespace and drop the footnote that splits a section-4 sentence across a page break.
    footnote = (
        "³ At the time of the document update, the National Referral Form is still to be rolled out "
        "across the FE community."
    )
    seed = " ".join(SEED.read_text(encoding="utf-8").replace(footnote, " ").split())
    facts = [profile.organisation.name, profile.organisation.safeguarding_contact]
    facts += [profile.organisation.dso_role_holder, profile.policy.changes[0].summary]
    for c in profile.contacts:
        facts += [p.number for p in c.phones] + list(c.emails)
        if c.name:
            facts.append(c.name)
        if c.group in {"military", "prevent-officer", "dfe"}:
            facts.append(c.role)
    facts += [g.title for g in profile.contact_groups if g.id != "emergency"]
    facts += [d.description for d in profile.duties] + [d.title for d in profile.duties]
    facts += [p.text for p in profile.referral_form.points]
    facts += [p.name for p in profile.associated_policies]
    for r in profile.action_plan.rows:
        facts += [x for x in (r.area, r.action, r.who) if x]
    for s in profile.routing.situations:
        facts += [s.precedence_note] if s.precedence_note else []
    missing = [f for f in facts if " ".join(f.split()) not in seed]
    assert missing == []


# ----------------------------------------------------------------------------------------------------
# Dates and round trip
# ----------------------------------------------------------------------------------------------------


def test_parse_profile_date() -> None:
    assert parse_profile_date("2023-12") == dt.date(2023, 12, 1)
    assert parse_profile_date("2024-02-29") == dt.date(2024, 2, 29)
    for bad in ("Dec 2023", "2023-13", "2023-02-30", "2023", "", "2023-1"):
        with pytest.raises(ValueError):
            parse_profile_date(bad)


def test_round_trip_through_json(profile: Profile) -> None:
    as_json = json.dumps(profile_to_dict(profile), ensure_ascii=False)
    assert profile_from_dict(json.loads(as_json)) == profile


def test_load_profile_text_accepts_bytes_and_bom(toml_text: str, profile: Profile) -> None:
    assert load_profile_text(toml_text.encode("utf-8"), "x.toml") == profile
    assert load_profile_text("\ufeff" + toml_text, "x.toml") == profile


def test_profile_is_frozen(profile: Profile) -> None:
    with pytest.raises(AttributeError):
        profile.organisation.name = "x"  # type: ignore[misc]


# ----------------------------------------------------------------------------------------------------
# Bad profiles
# ----------------------------------------------------------------------------------------------------


def _error_for(data: dict[str, Any]) -> str:
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data, "test.toml")
    return str(info.value)


def test_syntax_error_names_line(toml_text: str) -> None:
    lines = toml_text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("short_name"))
    lines[n] = "short_name = MKC Training"  # unquoted
    with pytest.raises(ProfileError) as info:
        load_profile_text("\n".join(lines), "broken.toml")
    message = str(info.value)
    assert f"line {n + 1}" in message
    assert "broken.toml" in message
    assert info.value.problems and info.value.problems[0].startswith(f"line {n + 1}")


def test_missing_nested_field_named_by_path() -> None:
    data = _data()
    del data["contacts"][3]["phones"][0]["number"]
    assert "contacts[3].phones[0].number: required" in _error_for(data)


def test_missing_section() -> None:
    data = _data()
    del data["action_plan"]
    assert "action_plan: required" in _error_for(data)


def test_missing_schema() -> None:
    data = _data()
    del data["schema"]
    assert "schema: required" in _error_for(data)


def test_unsupported_schema() -> None:
    data = _data()
    data["schema"] = 99
    assert "schema: unsupported version 99" in _error_for(data)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("organisation", "name"), 3, "organisation.name: expected text"),
        (("contacts", 0, "out_of_hours"), "yes", "contacts[0].out_of_hours: expected true or false"),
        (("action_plan", "rows", 0, "no"), "1", "action_plan.rows[0].no: expected a whole number"),
        (("action_plan", "rows", 0, "no"), True, "action_plan.rows[0].no: expected a whole number"),
        (("contacts", 1, "emails"), "a@b.c", "contacts[1].emails: expected a list"),
        (("contacts", 1, "phones", 0), "01634", "contacts[1].phones[0]: expected a table"),
        (("policy", "effective_date"), dt.date(2019, 3, 1), "policy.effective_date: expected text"),
    ],
)
def test_wrong_type(path: tuple[str | int, ...], value: object, expected: str) -> None:
    data = _data()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert expected in _error_for(data)


def test_unknown_key_is_an_error() -> None:
    data = _data()
    data["contacts"][2]["phone"] = "123"
    data["organisation"]["nmae"] = "typo"
    data["extra"] = 1
    message = _error_for(data)
    assert "contacts[2].phone: unknown key" in message
    assert "organisation.nmae: unknown key" in message
    assert "extra: unknown key" in message


def test_unknown_key_in_toml_text(toml_text: str) -> None:
    text = toml_text.replace('short_name = "MKC Training"', 'short_name = "MKC Training"\nshortname = "x"', 1)
    with pytest.raises(ProfileError, match=r"organisation\.shortname: unknown key"):
        load_profile_text(text, "t.toml")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["contacts"][0].update(group="nope"),
            "contacts[0].group: no contact group with id 'nope'",
        ),
        (
            lambda d: d["routing"]["rules"][0]["contacts"].append("ghost"),
            "routing.rules[0].contacts[3]: no contact with id 'ghost'",
        ),
        (
            lambda d: d["routing"]["situations"][0]["contacts"].__setitem__(0, "ghost"),
            "routing.situations[0].contacts[0]: no contact with id 'ghost'",
        ),
        (
            lambda d: d["routing"]["rules"][0]["subject_roles"].append("alien"),
            "routing.rules[0].subject_roles[1]: no subject role with id 'alien'",
        ),
        (
            lambda d: d["routing"]["always"]["contacts"].append("ghost"),
            "routing.always.contacts[2]: no contact with id 'ghost'",
        ),
        (
            lambda d: d["action_plan"]["rows"][2]["duties"].append("nope"),
            "action_plan.rows[2].duties[1]: no duty with id 'nope'",
        ),
        (lambda d: d["contacts"][1].update(id="dpo"), "contacts[1].id: duplicate contact id 'dpo'"),
        (lambda d: d["duties"][1].update(id="events"), "duties[2].id: duplicate duty id 'events'"),
        (
            lambda d: d["policy"].update(review_date="Dec 2023"),
            "policy.review_date: 'Dec 2023' is not a date",
        ),
        (lambda d: d["contacts"][0].update(last_verified="2023-13"), "contacts[0].last_verified"),
        (lambda d: d["action_plan"]["rows"][0].update(rag="pink"), "action_plan.rows[0].rag"),
        (lambda d: d["action_plan"]["rows"][0].update(when="Weekly"), "action_plan.rows[0].when"),
        (lambda d: d["associated_policies"][0].update(group="x"), "associated_policies[0].group"),
        (
            lambda d: d["associated_policies"][0].update(last_review="Feb 2021"),
            "associated_policies[0].last_review",
        ),
        (lambda d: d["contacts"][0]["emails"].append("not-an-email"), "contacts[0].emails[1]"),
        (lambda d: d["contacts"][0]["phones"][0].update(number="call me"), "contacts[0].phones[0].number"),
        (
            lambda d: d["contacts"][0]["phones"][0].update(number=" "),
            "contacts[0].phones[0].number: the number is empty.",
        ),
        (lambda d: d["contacts"][0].update(web="https://example.org"), "contacts[0].web"),
        (lambda d: d["referral_form"]["points"][3].update(no=7), "referral_form.points[3].no: expected 4"),
        (lambda d: d["referral_form"]["sections"][0]["fields"][1].update(kind="blob"), "fields[1].kind"),
        (lambda d: d["referral_form"]["sections"][0]["fields"][0].update(choices=[]), "fields[0].choices"),
        (
            lambda d: d["referral_form"]["sections"][1]["fields"][0].update(id="forenames"),
            "referral_form.sections[1].fields[0].id: duplicate field id 'forenames'",
        ),
        (lambda d: d["contacts"][0].update(id="Bad Id"), "contacts[0].id: 'Bad Id' is not a valid id"),
        (
            lambda d: d["referral_form"]["sections"][2].update(nrf_section="two"),
            "referral_form.sections[2].nrf_section: 'two' is not a section number of the national form",
        ),
        (
            lambda d: d["referral_form"]["sections"][0]["fields"][4].update(applies_if_blank="dob"),
            "referral_form.sections[0].fields[4].applies_if_blank: no other field of the form with id 'dob'",
        ),
        (
            lambda d: d["referral_form"]["sections"][0]["fields"][4].update(applies_if_yes="date_of_birth"),
            "fields[4].applies_if_yes: 'date_of_birth' is not a yes/no field",
        ),
        (lambda d: d["organisation"].update(name="  "), "organisation.name: must not be empty"),
        (
            lambda d: d["referral_form"]["points"][7].update(answer_from="needs"),
            "referral_form.points[7].answer_from: no field of the form with id 'needs'",
        ),
        (
            lambda d: d["referral_form"]["points"][0].update(answer_from="date_of_birth"),
            "referral_form.points[0].answer_from: 'date_of_birth' is a date field",
        ),
        (
            lambda d: d["referral_form"]["points"][0].update(answer_from="parental_support"),
            "referral_form.points[0].answer_from: 'parental_support' is asked of fewer people than this point is",
        ),
    ],
)
def test_semantic_errors_name_the_field(mutate: Any, expected: str) -> None:
    data = _data()
    mutate(data)
    assert expected in _error_for(data)


def test_many_problems_all_reported() -> None:
    data = _data()
    for c in data["contacts"]:
        c["group"] = "nope"
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data, "t")
    assert len(info.value.problems) == len(data["contacts"])
    assert "more" in str(info.value) or len(info.value.problems) <= 25


def test_not_a_table() -> None:
    with pytest.raises(ProfileError, match="expected a table"):
        profile_from_dict([], "t")  # type: ignore[arg-type]


def test_load_profile_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot be read"):
        load_profile(tmp_path / "absent.toml")


def test_load_profile_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'schema = 1\nname = "\xff"\n')
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(path)


def test_empty_text() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile_text("", "empty.toml")
    assert "schema: required" in info.value.problems
    assert "organisation: required" in info.value.problems


# ----------------------------------------------------------------------------------------------------
# One rule for contacts: the profile holds nothing the contact editor would refuse (defect 10a)
# ----------------------------------------------------------------------------------------------------


def _toml_error(text: str) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "org.toml")
    return info.value


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ("0800 123", "phones[0].number", "not a valid UK telephone number (check the number of digits)."),
        ("01634 8223", "phones[0].number", "not a valid UK telephone number (check the number of digits)."),
        ("0800-CALL-NOW", "phones[0].number", "not a telephone number (use digits"),
    ],
)
def test_a_number_the_editor_refuses_is_refused_by_path_and_line(
    toml_text: str, typed: str, field: str, reason: str
) -> None:
    text = toml_text.replace('number = "01634 822966"', f'number = "{typed}"', 1)
    error = _toml_error(text)
    line = _line_of(text, f'number = "{typed}"')
    expected = f"line {line}: contacts[3].{field}: {reason}"
    assert [p for p in error.problems if p.startswith(expected)] == [error.problems[0]]
    assert error.issues[0].path == f"contacts[3].{field}" and error.issues[0].line == line
    assert "org.toml" in str(error)
    # The editor says the same of the same number.
    with pytest.raises(contact_rules.ValidationError, match=re.escape(reason)):
        contact_rules.parse_phone(typed)


def test_an_email_the_editor_refuses_is_refused_by_path_and_line(toml_text: str) -> None:
    text = toml_text.replace('emails = ["john.dynes@midkent.ac.uk"]', 'emails = ["a@b.c"]', 1)
    error = _toml_error(text)
    line = _line_of(text, 'emails = ["a@b.c"]')
    assert error.problems == (
        f"line {line}: contacts[0].emails[0]: not a valid email address (like name@example.org).",
    )
    with pytest.raises(contact_rules.ValidationError):
        contact_rules.check_email("a@b.c")


def test_any_other_editor_rule_refuses_the_contact(toml_text: str) -> None:
    # A phone label with ';' breaks the contacts CSV: the editor refuses it, so the profile does too.
    text = toml_text.replace('{ label = "Desk", number', '{ label = "Desk; direct", number', 1)
    error = _toml_error(text)
    assert len(error.issues) == 1
    issue = error.issues[0]
    assert issue.path == "contacts[1]"
    assert "the contact editor would refuse this contact: phone 1 label: must not contain" in issue.message
    assert issue.line == _line_of(text, 'id = "dfe-coordinator"') - 1  # the [[contacts]] header of that contact


def test_every_default_contact_passes_the_editor_unchanged(profile: Profile) -> None:
    group_ids = [g.id for g in profile.contact_groups]
    for c in profile.contacts:
        draft = c.draft()
        valid = contact_rules.validate(draft, group_ids)
        assert (valid.group_id, valid.role, valid.name, valid.organisation) == (c.group, c.role, c.name, c.organisation)
        assert list(valid.phones) == [(p.label, p.number) for p in c.phones]
        assert tuple(valid.emails) == tuple(c.emails)
        assert (valid.web, valid.when_to_use, valid.notes, valid.last_verified) == (
            c.web,
            c.when_to_use,
            c.notes,
            c.last_verified,
        )
        assert (valid.out_of_hours, valid.public_line) == (c.out_of_hours, c.public_line)


def test_contacts_without_a_number_stay_valid(profile: Profile) -> None:
    # The policy gives the online reporting routes and the parties 3.7-3.11 name no number: "no number", never an
    # invented one; a party says the number is still to be added.
    no_number = [c.id for c in profile.contacts if not c.phones]
    assert no_number == [
        "online-terrorist-activity-report",
        "online-material-report",
        "kent-police-prevent-team",
        "hr-advisor",
        "programme-leader",
        "senior-leadership-team",
    ]
    assert all(profile.contact(i).web for i in no_number[:2])
    assert all(profile.contact(i).notes.startswith("Number not yet recorded — add it") for i in no_number[2:])


def test_every_party_the_routing_names_has_contact_entries(profile: Profile) -> None:
    """Issue 15: the Kent Police Prevent Team (3.11) and the HR Advisor (3.7, 3.10) were named by the routing with
    no contact entry, so they could not be called from the app."""
    named = {name for _loc, name in named_parties(profile.routing)}
    assert {"Kent Police Prevent Team", "HR Advisor"} <= named
    contact_ids = {c.id for c in profile.contacts}
    for name in named:
        party = profile.routing.party(name)
        assert party is not None, f"{name} has no entry in routing.parties"
        assert party.contacts and set(party.contacts) <= contact_ids, name
    assert profile.routing.party("Kent Police Prevent Team").contacts == ("kent-police-prevent-team",)
    assert profile.routing.party("HR Advisor").contacts == ("hr-advisor",)
    assert profile.contact("kent-police-prevent-team").role == "Kent Police Prevent Team"
    assert profile.contact("hr-advisor").role == "HR Advisor"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["routing"]["always"]["discuss_with"].append("Nobody Team"),
            "routing.always.discuss_with[1]: 'Nobody Team' has no entry in routing.parties",
        ),
        (
            lambda d: d["routing"]["situations"][1]["refer_to"].append("Someone"),
            "routing.situations[1].refer_to[1]: 'Someone' has no entry in routing.parties",
        ),
        (
            lambda d: d["routing"]["parties"][0].update(contacts=["ghost"]),
            "routing.parties[0].contacts[0]: no contact with id 'ghost'",
        ),
        (lambda d: d["routing"]["parties"][0].update(contacts=[]), "routing.parties[0].contacts: must name at least"),
        (
            lambda d: d["routing"]["parties"].append(dict(d["routing"]["parties"][0])),
            "routing.parties[9].name: duplicate party 'Designated Safeguarding Officer'",
        ),
    ],
)
def test_a_party_named_with_no_entry_is_refused(mutate: Any, expected: str) -> None:
    data = _data()
    mutate(data)
    assert expected in _error_for(data)


def test_every_seeded_contact_can_be_saved_after_an_edit(session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services.contacts import directory, editing

    for row in directory.directory(session):
        draft = dataclasses.replace(row, notes=(row.notes + " Checked.").strip())  # a stored contact is-a draft
        assert editing.update_contact(session, row.id, draft, "test edit") == ["notes"]


# ----------------------------------------------------------------------------------------------------
# Lines: every problem in a TOML file names the line where its path is written
# ----------------------------------------------------------------------------------------------------


def test_problems_in_toml_text_carry_their_line(toml_text: str) -> None:
    text = toml_text.replace('short_name = "MKC Training"', 'short_name = "MKC Training"\nshortname = 3', 1)
    text = text.replace('{ label = "Desk", number = "02045 666324" }', '{ label = "Desk" }', 1)
    text = text.replace('review_date = "2023-12"', 'review_date = "Dec 2023"', 1)
    error = _toml_error(text)
    by_path = {p.path: p for p in error.issues}
    assert by_path["organisation.shortname"].line == _line_of(text, "shortname = 3")
    assert by_path["organisation.shortname"].message == "unknown key"
    assert by_path["policy.review_date"].line == _line_of(text, 'review_date = "Dec 2023"')
    # A missing key: the line of the table it is missing from.
    assert by_path["contacts[1].phones[0].number"].line == _line_of(text, '{ label = "Desk" }')
    assert by_path["contacts[1].phones[0].number"].message == "required"


def test_problems_in_the_dict_form_have_no_line() -> None:
    data = _data()
    data["contacts"][3]["phones"][0]["number"] = "0800 123"
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data, "the vault's profile")
    assert info.value.problems == (
        "contacts[3].phones[0].number: not a valid UK telephone number (check the number of digits).",
    )
    assert info.value.issues[0].line is None


def test_a_missing_section_has_no_line(toml_text: str) -> None:
    start = toml_text.index("[organisation]")
    end = toml_text.index("# -----", start)
    error = _toml_error(toml_text[:start] + toml_text[end:])
    assert error.problems == ("organisation: required",)


def test_key_lines_find_every_path_of_the_default_profile(toml_text: str) -> None:
    import tomllib

    lines = key_lines(toml_text)
    text_lines = toml_text.splitlines()
    for path in _paths(tomllib.loads(toml_text)):
        assert path in lines, path
        written = text_lines[lines[path] - 1]
        assert (path[-1] in written) if isinstance(path[-1], str) else written.strip(), path


@settings(max_examples=200, deadline=None, database=None)
@given(st.data())
def test_key_lines_on_edited_profiles_point_at_the_key(data: st.DataObject) -> None:
    """Lines dropped or doubled anywhere: wherever tomllib still reads the text, each found key is on its line."""
    import tomllib

    text_lines = _BASE_TEXT.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text_lines) - 1))
        if data.draw(st.booleans()):
            del text_lines[i]
        else:
            text_lines.insert(i, text_lines[i])
    text = "\n".join(text_lines)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    for path, line in key_lines(text).items():
        if isinstance(path[-1], str):
            assert path[-1] in text_lines[line - 1] or text_lines[line - 1].lstrip().startswith("[")


_BASE_TEXT = default_profile_path().read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------------
# Fuzz: anything thrown at the loader raises ProfileError and nothing else
# ----------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.text(), st.binary()))
def test_fuzz_random_input_only_profile_error(blob: str | bytes) -> None:
    try:
        load_profile_text(blob, "fuzz")
    except ProfileError:
        pass


_leaf_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.dates(),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


_BASE = _data()
_ALL_PATHS = _paths(_BASE)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_ALL_PATHS), _leaf_values, st.booleans()), min_size=1, max_size=4))
def test_fuzz_mutated_profile_only_profile_error(mutations: list[tuple[tuple[Any, ...], Any, bool]]) -> None:
    data = copy.deepcopy(_BASE)
    for path, value, delete in mutations:
        target: Any = data
        try:
            for key in path[:-1]:
                target = target[key]
            if delete:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        result = profile_from_dict(data, "fuzz")
    except ProfileError as exc:
        assert exc.problems
    else:
        assert profile_from_dict(profile_to_dict(result)) == result
