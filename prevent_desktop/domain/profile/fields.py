"""The field rules of the profile format, as annotated types the section models use.

Each rule is a plain function raising :func:`problem` (a pydantic custom error holding the sentence to show);
the loader puts the field's path in front. Phone numbers and email addresses use
:mod:`prevent_desktop.domain.contacts`, the very rules of the contact editor, so the profile can never hold a
contact the editor would refuse.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from prevent_desktop.domain import contacts as contact_rules
from prevent_desktop.domain.dates import is_profile_date
from prevent_desktop.errors import ValidationError

# Every section model: unknown keys are errors; values are never coerced ("1" is not a number, 1 is not text).
MODEL_CONFIG = ConfigDict(extra="forbid")

_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")


def problem(message: str) -> PydanticCustomError:
    """The error a rule raises; ``message`` is shown after the field's path, as it is."""
    return PydanticCustomError("profile", "{message}", {"message": message})


def _non_empty(value: str) -> str:
    if not value.strip():
        raise problem("must not be empty")
    return value


def _ident(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise problem(f"{value!r} is not a valid id (lower-case letters, digits, '-' or '_')")
    return value


def _ident_or_empty(value: str) -> str:
    return value if value == "" else _ident(value)


def _contact_id(value: str) -> str:
    if not contact_rules.is_valid_id(value):
        raise problem(f"{value!r} is not a valid id (lower-case letters, digits, '-' or '_'; 80 at most)")
    return value


def _date(value: str) -> str:
    if not is_profile_date(value):
        raise problem(f"{value!r} is not a date (use YYYY-MM or YYYY-MM-DD)")
    return value


def _date_or_empty(value: str) -> str:
    return value if value == "" else _date(value)


def _editor_reason(exc: ValidationError, field_name: str) -> str:
    """The contact editor's sentence without its field name (the profile path replaces it)."""
    return str(exc).removeprefix(f"{field_name}: ")


@lru_cache(maxsize=4096)
def _phone_reason(number: str) -> str:
    """"" when the contact editor accepts the number, else its reason (cached: the vault's profile is rebuilt on
    every autosave, with the same numbers)."""
    try:
        contact_rules.parse_phone(number, "number")
    except ValidationError as exc:
        return _editor_reason(exc, "number")
    return ""


def _phone(value: str) -> str:
    reason = _phone_reason(value)
    if reason:
        raise problem(reason)
    return value


def _email(value: str) -> str:
    try:
        contact_rules.check_email(value, "email")
    except ValidationError as exc:
        raise problem(_editor_reason(exc, "email")) from None
    return value


def _online_route(value: str) -> str:
    if "://" in value or value.lower().startswith("www."):
        raise problem("describe the online route in words; the application never opens links")
    return value


def _one_or_more(value: int) -> int:
    if value < 1:
        raise problem("must be 1 or more")
    return value


def one_of(allowed: tuple[str, ...] | frozenset[str], wording: str) -> AfterValidator:
    """A vocabulary: ``wording`` lists the values for the message (``"red, amber, green or empty"``)."""

    def check(value: str) -> str:
        if value not in allowed:
            raise problem(f"{value!r} must be one of {wording}")
        return value

    return AfterValidator(check)


Text = StrictStr
Flag = StrictBool
Whole = StrictInt
NonEmptyText = Annotated[StrictStr, AfterValidator(_non_empty)]
Id = Annotated[StrictStr, AfterValidator(_ident)]
OptionalId = Annotated[StrictStr, AfterValidator(_ident_or_empty)]
ContactId = Annotated[StrictStr, AfterValidator(_contact_id)]
ProfileDate = Annotated[StrictStr, AfterValidator(_date)]
OptionalDate = Annotated[StrictStr, AfterValidator(_date_or_empty)]
PhoneNumber = Annotated[StrictStr, AfterValidator(_phone)]
Email = Annotated[StrictStr, AfterValidator(_email)]
OnlineRoute = Annotated[StrictStr, AfterValidator(_online_route)]
Count = Annotated[StrictInt, AfterValidator(_one_or_more)]
