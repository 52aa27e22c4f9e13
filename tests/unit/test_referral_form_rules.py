"""Which referral-form fields apply to a person (``domain.cases.field_applies``): the subject's flags, and a field's
dependence on another answer."""

from __future__ import annotations

from typing import Any

import pytest

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.profile import FormField, default_profile_path, load_profile

FIELDS = {f.id: f for s in load_profile(default_profile_path()).referral_form.sections for f in s.fields}


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
