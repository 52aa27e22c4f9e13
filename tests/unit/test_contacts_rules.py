"""Contact rules (Qt-free): UK phone and email validation, reading-aloud grouping, digit-run search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevent_desktop.domain import contacts as rules
from prevent_desktop.domain.contact_records import ContactDraft
from prevent_desktop.errors import KnownError, ValidationError

GROUPS = ["dfe", "emergency"]


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("01634 822386", "+441634822386"),
        ("02045 666324", "+442045666324"),
        ("07901 384401", "+447901384401"),
        ("0785 507 9207", "+447855079207"),
        ("03000 41 11 11", "+443000411111"),
        ("0800 789 321", "+44800789321"),
        ("+44 (0)1634 822386", "+441634822386"),
        ("999", "999"),
        ("101", "101"),
        ("111", "111"),
    ],
)
def test_uk_numbers_kept_as_typed_with_e164(typed: str, e164: str) -> None:
    phone = rules.parse_phone(typed)
    assert phone.number == typed
    assert phone.e164 == e164


@pytest.mark.parametrize("bad", ["12345", "0163482238", "call me", "01634 822386 ext 4", "", "+999", "01634 8223866"])
def test_bad_numbers_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"^phone 2: "):
        rules.parse_phone(bad, "phone 2")


@pytest.mark.parametrize("good", ["john.dynes@midkent.ac.uk", "Helene.MORRIS@EDUCATION.GOV.UK", "a+b@x.co"])
def test_good_emails(good: str) -> None:
    assert rules.check_email(good) == good


@pytest.mark.parametrize("bad", ["not-an-email", "a@b", "a@@b.com", "a b@c.com", "a..b@c.com", "@x.com", "a@x."])
def test_bad_emails_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="email 1: not a valid email address"):
        rules.check_email(bad, "email 1")


def test_validate_lists_every_bad_field_and_never_alters() -> None:
    draft = ContactDraft(
        group_id="nope",
        role="",
        phones=(("Desk", "0123"), ("Mobile", "07901 384401")),
        emails=("bad",),
        web="https://x.org",
        last_verified="2023-13",
    )
    with pytest.raises(ValidationError) as info:
        rules.validate(draft, GROUPS)
    message = str(info.value)
    for fragment in ("group:", "role: required", "phone 1:", "email 1:", "web:", "last verified:"):
        assert fragment in message
    assert "phone 2" not in message
    ok = rules.validate(ContactDraft(group_id="dfe", role="Coordinator", phones=(("Desk", " 02045 666324"),)), GROUPS)
    assert ok.phones == (("Desk", "02045 666324"),)
    assert ok.phones_e164 == ("+442045666324",)


@pytest.mark.parametrize(
    ("typed", "grouped", "aloud"),
    [
        ("01634 822386", "01634 822 386", "0 1 6 3 4 · 8 2 2 · 3 8 6"),
        ("0800 789 321", "0800 789 321", "0 8 0 0 · 7 8 9 · 3 2 1"),
        ("07901 384401", "07901 384 401", "0 7 9 0 1 · 3 8 4 · 4 0 1"),
        ("999", "999", "9 9 9"),
    ],
)
def test_reading_aloud(typed: str, grouped: str, aloud: str) -> None:
    assert rules.grouped_for_reading(typed) == grouped
    assert rules.read_aloud(typed) == aloud


def test_digit_run_search_ignores_spacing() -> None:
    hay = rules.search_haystack(["Police", "Police – confidential line", "Freephone 0800 789 321"])
    nums = [rules.digits("0800 789 321"), "44800789321"]
    for q in ("0800789", "0800 789", "789321", "789 321", "800-789", "+44 800 789", "police", "CONFIDENTIAL police"):
        assert rules.matches(q, hay, nums), q
    for q in ("0800 788", "police fire", "12"):
        assert not rules.matches(q, hay, nums), q
    assert rules.matches("", hay, nums)


@given(st.text(max_size=40))
def test_parse_phone_only_raises_known_errors(text: str) -> None:
    try:
        rules.parse_phone(text)
    except KnownError:
        pass
