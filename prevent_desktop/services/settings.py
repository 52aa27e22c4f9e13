"""Vault settings the DSO can change: validated, saved in one transaction, each change audited."""

from __future__ import annotations

from dataclasses import dataclass

from prevent_desktop.errors import ValidationError
from prevent_desktop.services.session import Session
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.vault import write_setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: str
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 120
    integer: bool = True
    boolean: bool = False

    def validate(self, value: str) -> str:
        value = value.strip()
        if self.boolean:
            if value not in ("0", "1"):
                raise ValidationError(f"{self.label}: must be on (1) or off (0).")
            return value
        if self.minimum is None:
            if not value:
                raise ValidationError(f"{self.label}: cannot be empty.")
            if len(value) > self.max_length:
                raise ValidationError(f"{self.label}: at most {self.max_length} characters.")
            if any(ord(ch) < 32 for ch in value):
                raise ValidationError(f"{self.label}: control characters are not allowed.")
            return value
        try:
            number = float(value)
        except ValueError:
            raise ValidationError(f"{self.label}: type a number.") from None
        assert self.maximum is not None
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(f"{self.label}: must be between {self.minimum:g} and {self.maximum:g}.")
        if self.integer and number != int(number):
            raise ValidationError(f"{self.label}: type a whole number.")
        return f"{number:g}"


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("user_name", "Your name on records", "DSO"),
    SettingSpec("autolock_minutes", "Lock after idle (minutes)", "5", 1, 120),
    SettingSpec(
        "contact_clipboard_clear_seconds", "Clear a copied contact number after (seconds, 0 = never)", "30", 0, 3600
    ),
    SettingSpec("lock_on_minimise", "Lock when the window is minimised", "0", boolean=True),
    SettingSpec("auto_backup", "Make an automatic backup on lock and exit", "1", boolean=True),
    SettingSpec("backup_keep", "Automatic backups to keep", "10", 1, 100),
    SettingSpec("cases.chase_days", "Chase an unanswered referral after (days)", "14", 1, 365),
    SettingSpec("contact_stale_months", "Flag contacts not verified for (months)", "12", 1, 120),
    SettingSpec("protective_marking", "Protective marking on documents with case data", "OFFICIAL-SENSITIVE"),
    SettingSpec("public_marking", "Marking on documents without case data", "OFFICIAL"),
)
SPECS = {s.key: s for s in SETTINGS}


def current(session: Session) -> dict[str, str]:
    return {s.key: session.vault.setting(s.key, s.default) for s in SETTINGS}


def update(session: Session, changes: dict[str, str]) -> list[str]:
    """Validate every value first (nothing is saved if one is bad), then save all in one transaction."""
    clean = {}
    for key, value in changes.items():
        spec = SPECS.get(key)
        if spec is None:
            raise ValidationError(f"Unknown setting {key!r}.")
        clean[key] = spec.validate(value)
    before = current(session)
    changed = [k for k, v in clean.items() if before.get(k) != v]
    if not changed:
        return []
    actor = session.user
    with transaction(session.conn):
        for key in changed:
            write_setting(session.conn, key, clean[key], actor)
    return changed
