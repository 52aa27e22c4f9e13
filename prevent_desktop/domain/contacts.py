"""Key-contact rules: phone and email validation, digit-run search, numbers grouped for reading aloud.

No I/O and no Qt. A bad value is refused with a :class:`~prevent_desktop.errors.ValidationError` naming the field;
nothing here silently changes what the user typed (the number is kept as typed, its E.164 form is stored beside it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

import phonenumbers

from prevent_desktop.domain.contact_records import ContactDraft, ContactRow
from prevent_desktop.domain.dates import add_months, is_profile_date, parse_loose
from prevent_desktop.errors import ValidationError

Draft = TypeVar("Draft", bound=ContactDraft)

REGION = "GB"
# As typed: digits and the usual separators only (the profile loader accepts the same characters).
_TYPED_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]*$")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LABEL_FORBIDDEN = re.compile(r"[:;\r\n]")
_PHONE_LIKE_QUERY = re.compile(r"^[0-9+()\s.-]+$")

MAX_TEXT = 2000


@dataclass(frozen=True)
class PhoneNumber:
    label: str
    number: str  # as typed
    e164: str  # for dialling; a short number (999, 101, 111) is kept as its digits


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def parse_phone(number: str, field_name: str = "phone") -> PhoneNumber:
    """Validate one UK number as typed; returns it with its E.164 form. Raises ValidationError naming the field."""
    typed = number.strip()
    if not typed:
        raise ValidationError(f"{field_name}: the number is empty.")
    if not _TYPED_PHONE_RE.match(typed):
        raise ValidationError(f"{field_name}: not a telephone number (use digits, spaces, '+', '-' or brackets only).")
    try:
        parsed = phonenumbers.parse(typed, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(f"{field_name}: not a telephone number.") from None
    if phonenumbers.is_valid_number(parsed):
        return PhoneNumber("", typed, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    if not typed.startswith("+") and phonenumbers.is_valid_short_number_for_region(parsed, REGION):
        return PhoneNumber("", typed, digits(typed))
    raise ValidationError(f"{field_name}: not a valid UK telephone number (check the number of digits).")


def check_email(email: str, field_name: str = "email") -> str:
    value = email.strip()
    if not value:
        raise ValidationError(f"{field_name}: the email address is empty.")
    if len(value) > 254 or not _EMAIL_RE.match(value) or ".." in value:
        raise ValidationError(f"{field_name}: not a valid email address (like name@example.org).")
    return value


def is_valid_id(contact_id: str) -> bool:
    return bool(_ID_RE.match(contact_id)) and len(contact_id) <= 80


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return out[:60] or "contact"


def validate(draft: Draft, group_ids: Iterable[str]) -> Draft:
    """Every rule at once; raises ValidationError whose message lists each bad field.

    Returns the same record (a draft, or a stored row being changed) with its text trimmed and ``phones_e164``
    filled in; what the user typed is otherwise kept as typed."""
    problems: list[str] = []
    phones: list[PhoneNumber] = []
    emails: list[str] = []
    if draft.group_id not in set(group_ids):
        problems.append(f"group: {draft.group_id!r} is not one of the contact groups.")
    if not draft.role.strip():
        problems.append("role: required (the policy names every contact by role).")
    for name, value in (
        ("name", draft.name),
        ("role", draft.role),
        ("organisation", draft.organisation),
        ("web", draft.web),
    ):
        if "\n" in value or "\r" in value:
            problems.append(f"{name}: must be one line.")
        if len(value) > 300:
            problems.append(f"{name}: too long (300 characters at most).")
    for name, value in (("when_to_use", draft.when_to_use), ("notes", draft.notes)):
        if len(value) > MAX_TEXT:
            problems.append(f"{name}: too long ({MAX_TEXT} characters at most).")
    for i, (label, number) in enumerate(draft.phones, start=1):
        if _LABEL_FORBIDDEN.search(label):
            problems.append(f"phone {i} label: must not contain ':', ';' or a line break.")
        try:
            p = parse_phone(number, f"phone {i}")
        except ValidationError as exc:
            problems.append(str(exc))
        else:
            phones.append(PhoneNumber(label.strip(), p.number, p.e164))
    for i, email in enumerate(draft.emails, start=1):
        try:
            emails.append(check_email(email, f"email {i}"))
        except ValidationError as exc:
            problems.append(str(exc))
    web = draft.web.strip()
    if "://" in web or web.lower().startswith("www."):
        problems.append("web: describe the online route in words; the application never opens links.")
    verified = draft.last_verified.strip()
    if verified and not is_profile_date(verified):
        problems.append("last verified: not a date (use YYYY-MM-DD or YYYY-MM).")
    if problems:
        raise ValidationError(" ".join(problems))
    return replace(
        draft,
        role=draft.role.strip(),
        name=draft.name.strip(),
        organisation=draft.organisation.strip(),
        phones=tuple((p.label, p.number) for p in phones),
        phones_e164=tuple(p.e164 for p in phones),
        emails=tuple(emails),
        web=web,
        when_to_use=draft.when_to_use.strip(),
        notes=draft.notes.strip(),
        last_verified=verified,
    )


# ----------------------------------------------------------------------------------------------------
# Reading aloud
# ----------------------------------------------------------------------------------------------------


def spoken_groups(number: str) -> list[str]:
    """The number in UK chunks for reading aloud: ``01634 822386`` -> ``["01634", "822", "386"]``."""
    typed = number.strip()
    try:
        parsed = phonenumbers.parse(typed, REGION)
    except phonenumbers.NumberParseException:
        return [digits(typed)] if digits(typed) else []
    if phonenumbers.is_valid_number(parsed):
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        chunks = national.split()
    else:
        chunks = [digits(typed)]
    out: list[str] = []
    for i, chunk in enumerate(chunks):
        if i > 0 and len(chunk) == 6:
            out.extend([chunk[:3], chunk[3:]])
        else:
            out.append(chunk)
    return [c for c in out if c]


def grouped_for_reading(number: str) -> str:
    """``01634 822 386`` (UK chunking, for display beside the number)."""
    return " ".join(spoken_groups(number))


def read_aloud(number: str) -> str:
    """Every digit separated, groups marked: ``0 1 6 3 4 · 8 2 2 · 3 8 6``."""
    return " · ".join(" ".join(group) for group in spoken_groups(number))


# ----------------------------------------------------------------------------------------------------
# Search
# ----------------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("–", "-").replace("—", "-")


def search_haystack(texts: Iterable[str]) -> str:
    return "\n".join(_fold(t) for t in texts if t)


def matches(query: str, haystack: str, number_digits: Iterable[str]) -> bool:
    """Does a contact match ``query``? ``haystack`` is :func:`search_haystack` of every text field,
    ``number_digits`` the digit strings of its numbers (as typed and E.164).

    A query made only of digits and separators ("0800 789", "822386", "+44 1634") matches any contact whose number
    contains that digit run, regardless of spacing. Otherwise every word must appear in some field.
    """
    q = query.strip()
    if not q:
        return True
    numbers = [d for d in number_digits if d]
    if _PHONE_LIKE_QUERY.match(q) and digits(q):
        run = digits(q)
        if any(run in d for d in numbers):
            return True
        return _fold(q) in haystack
    for word in _fold(q).split():
        if word in haystack:
            continue
        if word.isdigit() and any(word in d for d in numbers):
            continue
        return False
    return True


def haystack(c: ContactRow) -> str:
    return search_haystack(
        [
            c.group_title,
            c.name,
            c.role,
            c.organisation,
            *(f"{label} {number}" for label, number in c.phones),
            *c.emails,
            c.web,
            c.when_to_use,
            c.notes,
            c.last_verified,
            "retired" if c.retired else "",
            "out of hours" if c.out_of_hours else "",
        ]
    )


def number_digits(c: ContactRow) -> list[str]:
    return [digits(n) for _, n in c.phones] + [digits(e) for e in c.phones_e164]


def search_key(c: ContactRow) -> tuple[str, list[str]]:
    """What :func:`matches_key` searches; compute once per contact when filtering as the user types."""
    return haystack(c), number_digits(c)


def matches_key(key: tuple[str, list[str]], query: str) -> bool:
    return matches(query, key[0], key[1])


def contact_matches(c: ContactRow, query: str) -> bool:
    return matches_key(search_key(c), query)


# ----------------------------------------------------------------------------------------------------
# Staleness
# ----------------------------------------------------------------------------------------------------


def is_stale(c: ContactRow, today: date, months: int) -> bool:
    """Not verified within ``months`` of ``today`` (or never)."""
    verified = parse_loose(c.last_verified)
    return verified is None or add_months(verified, months) <= today
