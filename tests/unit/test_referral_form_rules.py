"""Which referral-form fields apply to a person (``domain.cases.field_applies``): the subject's flags, and a field's
dependence on another answer. Questions asked once (a point that takes its answer from a field) and the joining
of answers saved separately before. Dates as a DSO types them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.profile import FormField, default_profile_path, load_profile

FORM = load_profile(default_profile_path()).referral_form
FIELDS = {f.id: f for s in FORM.sections for f in s.fields}
DAY = date(2026, 3, 18)


def applies(field_id: str, answers: dict[str, Any] | None, *, under_18: bool = True, soldier: bool = False) -> bool:
    f: FormField = FIELDS[field_id]
    return rules.field_applies(f, under_18=under_18, soldier=soldier, answers=answers)


def test_flags_decide_under_18_and_soldier_fields() -> None:
    assert applies("parent_carer_details", {}) and not applies("parent_carer_details", {}, under_18=False)
    assert applies("service_number", {}, soldier=True) and not applies("service_number", {})
    assert applies("describe_concerns", {}, under_18=False)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [({}, True), ({"date_of_birth": ""}, True), ({"date_of_birth": "2010-05-01"}, False)],
)
def test_the_approximate_age_applies_only_while_the_date_of_birth_is_unknown(
    answers: dict[str, Any], expected: bool
) -> None:
    assert applies("approx_age", answers) is expected


@pytest.mark.parametrize(
    ("mash", "expected"),
    [(None, False), ({"answer": "no", "text": "Not needed"}, False), ({"answer": "yes", "text": "Same day"}, True)],
)
def test_mash_date_applies_only_when_a_mash_referral_was_made(mash: Any, expected: bool) -> None:
    answers = {} if mash is None else {"parallel_mash": mash}
    assert applies("parallel_mash_date", answers) is expected
    assert applies("parallel_mash_reference", answers) is expected
    assert not applies("parallel_mash_date", answers, under_18=False)  # and only ever for an under-18


def test_without_answers_the_flags_alone_decide() -> None:
    # A form being filled in (the wizard) shows the dependent fields; the answers decide only what is printed.
    assert applies("approx_age", None) and applies("parallel_mash_date", None)


def test_points_8_10_and_11_take_their_answers_from_the_form() -> None:
    assert {p.no: p.answer_from for p in FORM.points if p.answer_from} == {
        8: "complex_needs", 10: "parent_carer_discussions", 11: "parental_support"}
    assert rules.answer_uses(FORM, "complex_needs") == ("national form section 3", "Annex B2 point 8")
    assert rules.answer_uses(FORM, "describe_concerns") == ()
    assert rules.uses_sentence(("a", "b", "c")) == "Used in: a, b and c"
    answers = {"complex_needs": "Dyslexia", "parent_carer_discussions": {"answer": "no", "text": "Not yet"}}
    points = {"1": "Tutor saw it"}
    assert rules.point_answers(FORM, answers, points) == {"1": "Tutor saw it", "8": "Dyslexia", "10": "No — Not yet"}


@pytest.mark.parametrize(
    ("field", "point", "expected"),
    [
        ("", "Only the point", "Only the point"),  # moves to the field
        ("Same text", " Same  text ", "Same text"),  # the copy goes
        ("The field's", "The point's", "The field's\n\nWritten for Annex B2 point 8 before it was joined to this "
                                       "question:\nThe point's"),  # both kept, visibly
        ("The field's", "", "The field's"),
    ],
)
def test_answers_saved_separately_are_joined_never_dropped(field: str, point: str, expected: str) -> None:
    answers = {"complex_needs": field} if field else {}
    joined, points = rules.join_shared_answers(FORM, answers, {"8": point, "1": "kept"})
    assert joined.get("complex_needs", "") == expected and points == {"1": "kept"}
    assert rules.join_shared_answers(FORM, joined, points) == (joined, points)  # once joined, stays as it is


def test_a_yes_no_field_gets_the_points_text_as_its_explanation() -> None:
    joined, _ = rules.join_shared_answers(FORM, {}, {"10": "Spoke to mum"})
    assert joined["parent_carer_discussions"] == {"answer": "", "text": "Spoke to mum"}
    same = {"parent_carer_discussions": {"answer": "yes", "text": "Spoke to mum"}}
    assert rules.join_shared_answers(FORM, same, {"10": "Yes — Spoke to mum"})[0] == same


def test_a_shared_points_gap_leads_to_its_question() -> None:
    gaps = rules.completeness_gaps(FORM, {}, {}, under_18=True, soldier=False)
    point_8 = next(g for g in gaps if g.point == 8)
    assert (point_8.page, point_8.item) == ("complex_needs", "complex_needs")
    assert point_8.label.startswith("Annex B2 point 8: Any additional need")
    filled = rules.completeness_gaps(FORM, {"complex_needs": "None known"}, {}, under_18=True, soldier=False)
    assert 8 not in {g.point for g in filled}
    assert 10 not in {g.point for g in rules.completeness_gaps(FORM, {}, {}, under_18=False, soldier=False)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/2010", date(2010, 3, 5)), ("5/3/10", date(2010, 3, 5)), ("050310", date(2010, 3, 5)),
        ("05032010", date(2010, 3, 5)), ("5.3.10", date(2010, 3, 5)), ("5-3-2010", date(2010, 3, 5)),
        ("2010-03-05", date(2010, 3, 5)), ("today", DAY), (" Yesterday ", date(2026, 3, 17)),
        ("5/3", date(2026, 3, 5)), ("1/1/55", date(1955, 1, 1)), ("18/3/26", DAY),
    ],
)
def test_dates_as_a_dso_types_them(typed: str, expected: date) -> None:
    assert rules.parse_date(typed, "Date", DAY) == expected


@pytest.mark.parametrize("typed", ["31/02/26", "310226", "32/1/2020"])
def test_a_short_date_that_does_not_exist_is_said_to_be_so(typed: str) -> None:
    with pytest.raises(rules.ValidationError, match="is not a real date"):
        rules.parse_date(typed, "Date", DAY)


@pytest.mark.parametrize("typed", ["5/3/10", "today", "050310", "", "next week", "5/3/201"])
def test_without_a_today_only_full_dates_are_read(typed: str) -> None:
    with pytest.raises(rules.ValidationError, match="enter a real date as DD/MM/YYYY"):
        rules.parse_date(typed, "Date")


def test_a_short_date_of_birth_is_never_in_the_future() -> None:
    assert rules.check_dob("1/1/30", DAY) == "1930-01-01"  # not 2030
    with pytest.raises(rules.ValidationError, match="in the future"):
        rules.check_dob("1/12", DAY)  # this year's December
