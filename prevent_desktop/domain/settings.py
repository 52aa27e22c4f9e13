"""Every vault setting, declared once: key, label, type, range and default (as Picard's ``options.py`` does).

A setting is stored as text in the vault's ``settings`` table. This module says what each key means; the only
code that reads or writes the table for a setting is :mod:`prevent_desktop.services.settings`, through these
declarations (a test checks that no other module does). Reading never fails: a missing or unreadable stored
value reads as the default. Writing refuses a bad value with a sentence naming the setting.

No I/O and no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from prevent_desktop.domain import contacts
from prevent_desktop.errors import ValidationError

T = TypeVar("T", int, bool, str)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    label: str  # as the Settings dialog shows it
    default: T
    editable: bool = True  # False: a fact the application records itself (offered nowhere for editing)

    def parse(self, text: str) -> T:
        """What the user typed (or what is stored) -> the value. Raises ValidationError naming the setting."""
        raise NotImplementedError

    def text(self, value: T) -> str:
        """The value as it is stored."""
        return str(value)

    def read(self, stored: str | None) -> T:
        """A stored value -> the value; missing or unreadable (written by an older version, or by hand) reads as
        the default, never as an error."""
        if stored is None:
            return self.default
        try:
            return self.parse(stored)
        except ValidationError:
            return self.default

    def clean(self, text: str) -> str:
        """Validate what was typed; returns the text to store."""
        return self.text(self.parse(text))

    def describe(self) -> str:
        """One line for a tooltip or ``--help``: what values are allowed, and the default."""
        return f"Default: {self.text(self.default)}."


@dataclass(frozen=True)
class IntSetting(Setting[int]):
    minimum: int = 0
    maximum: int = 0
    zero_means: str = ""  # 0 has a meaning of its own ("off", "never clear"), said in messages and help

    def range_text(self) -> str:
        low = f"{self.minimum} ({self.zero_means})" if self.minimum == 0 and self.zero_means else str(self.minimum)
        return f"from {low} to {self.maximum}"

    def parse(self, text: str) -> int:
        value = text.strip()
        try:
            number = float(value)
        except ValueError:
            raise ValidationError(f"{self.label}: type a whole number {self.range_text()}.") from None
        if not number.is_integer():
            raise ValidationError(f"{self.label}: type a whole number {self.range_text()}.")
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(f"{self.label}: use a whole number {self.range_text()}.")
        return int(number)

    def describe(self) -> str:
        return f"A whole number {self.range_text()}. Default: {self.default}."


@dataclass(frozen=True)
class BoolSetting(Setting[bool]):
    def parse(self, text: str) -> bool:
        value = text.strip()
        if value not in ("0", "1"):
            raise ValidationError(f"{self.label}: must be on (1) or off (0).")
        return value == "1"

    def text(self, value: bool) -> str:
        return "1" if value else "0"

    def describe(self) -> str:
        return f"On (1) or off (0). Default: {'on' if self.default else 'off'}."


@dataclass(frozen=True)
class TextSetting(Setting[str]):
    max_length: int = 120
    # When nothing is stored, the organisation profile's value of this field is the default (if it has one).
    organisation_default: str = ""

    def parse(self, text: str) -> str:
        value = text.strip()
        if not value:
            raise ValidationError(f"{self.label}: cannot be empty.")
        if len(value) > self.max_length:
            raise ValidationError(f"{self.label}: at most {self.max_length} characters.")
        if any(ord(ch) < 32 for ch in value):
            raise ValidationError(f"{self.label}: control characters are not allowed.")
        return value

    def describe(self) -> str:
        extra = " (the organisation profile's, when not set here)" if self.organisation_default else ""
        return f"Up to {self.max_length} characters. Default: {self.default}{extra}."


@dataclass(frozen=True)
class ContactSetting(Setting[str]):
    """A telephone number or an email address of the DSO's own, checked by the contacts' one rule
    (``domain.contacts``: UK numbers with ``phonenumbers``, emails by their shape); empty means not given."""

    kind: str = "phone"  # "phone" or "email"

    def parse(self, text: str) -> str:
        value = text.strip()
        if not value:
            return ""
        if self.kind == "phone":
            return contacts.parse_phone(value, self.label).number
        return contacts.check_email(value, self.label)

    def describe(self) -> str:
        what = "A UK telephone number, as you would dial it" if self.kind == "phone" else "An email address"
        return f"{what}; empty if you do not want to give one. Default: none."


# -- the settings the DSO changes (the Settings dialog lists them in this order) --------------------------------
USER_NAME = TextSetting("user_name", "Your name on records", "DSO")
# The DSO's profile: with the name above, it fills the referrer's details of every new referral (editable there).
DSO_ROLE = TextSetting("dso_role", "Your role and organisation (on referrals)", "Designated Safeguarding Officer")
DSO_PHONE = ContactSetting("dso_phone", "Your telephone (on referrals)", "", kind="phone")
DSO_EMAIL = ContactSetting("dso_email", "Your email (on referrals)", "", kind="email")
AUTOLOCK_MINUTES = IntSetting(
    "autolock_minutes", "Lock after idle (minutes, 0 = off)", 5, minimum=0, maximum=120, zero_means="off"
)
CLIPBOARD_CLEAR_SECONDS = IntSetting(
    "contact_clipboard_clear_seconds",
    "Clear a copied contact number after (seconds, 0 = never)",
    30,
    minimum=0,
    maximum=3600,
    zero_means="never clear",
)
LOCK_ON_MINIMISE = BoolSetting("lock_on_minimise", "Lock when the window is minimised", False)
AUTO_BACKUP = BoolSetting("auto_backup", "Make an automatic backup on lock and exit", True)
BACKUP_KEEP = IntSetting("backup_keep", "Automatic backups to keep", 10, minimum=1, maximum=100)
BACKUP_REMIND_DAYS = IntSetting(
    "backup_remind_days", "Remind me on Home when the last backup is older than (days)", 7, minimum=1, maximum=365
)
CHASE_DAYS = IntSetting("cases.chase_days", "Chase an unanswered referral after (days)", 14, minimum=1, maximum=365)
CONTACT_STALE_MONTHS = IntSetting(
    "contact_stale_months", "Flag contacts not verified for (months)", 12, minimum=1, maximum=120
)
PROTECTIVE_MARKING = TextSetting(
    "protective_marking",
    "Protective marking on documents with case data",
    "OFFICIAL-SENSITIVE",
    organisation_default="protective_marking",
)
PUBLIC_MARKING = TextSetting("public_marking", "Marking on documents without case data", "OFFICIAL")

# -- facts the application records itself when the vault is created --------------------------------------------
DEMO = BoolSetting("demo", "Demonstration vault (synthetic data)", False, editable=False)
CREATED_AT = TextSetting("created_at", "Vault created at", "", editable=False)
PROFILE_SOURCE = TextSetting("profile_source", "Organisation profile the vault was made from", "", editable=False)

# -- facts the application records as it runs ---------------------------------------------------------------
# The whole-vault check after unlock (services.vault_service.full_check): when it last found the vault sound
# (ISO time), and what the last one found if it found damage ("<ISO time>;<problems>", cleared by a clean check).
INTEGRITY_CHECKED_AT = TextSetting("integrity_checked_at", "Whole vault last checked", "", editable=False)
INTEGRITY_DAMAGE = TextSetting("integrity_damage", "Damage found by the whole-vault check", "", editable=False)

SETTINGS: tuple[Setting[Any], ...] = (
    USER_NAME,
    DSO_ROLE,
    DSO_PHONE,
    DSO_EMAIL,
    AUTOLOCK_MINUTES,
    CLIPBOARD_CLEAR_SECONDS,
    LOCK_ON_MINIMISE,
    AUTO_BACKUP,
    BACKUP_KEEP,
    BACKUP_REMIND_DAYS,
    CHASE_DAYS,
    CONTACT_STALE_MONTHS,
    PROTECTIVE_MARKING,
    PUBLIC_MARKING,
    DEMO,
    CREATED_AT,
    PROFILE_SOURCE,
    INTEGRITY_CHECKED_AT,
    INTEGRITY_DAMAGE,
)
BY_KEY: dict[str, Setting[Any]] = {s.key: s for s in SETTINGS}
EDITABLE: tuple[Setting[Any], ...] = tuple(s for s in SETTINGS if s.editable)
