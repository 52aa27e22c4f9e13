"""The contacts area's settings: after how many months a contact is due for re-verification, and after how
many seconds a copied number is cleared from the clipboard."""

from __future__ import annotations

from prevent_desktop.domain import contacts as rules
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.session import Session

SETTING_STALE_MONTHS = "contact_stale_months"
SETTING_CLEAR_SECONDS = "contact_clipboard_clear_seconds"


def _int_setting(session: Session, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(session.vault.setting(key, str(default)))
    except ValueError:
        return default
    return value if low <= value <= high else default


def stale_months(session: Session) -> int:
    return _int_setting(session, SETTING_STALE_MONTHS, rules.DEFAULT_STALE_MONTHS, 1, 120)


def clipboard_clear_seconds(session: Session) -> int:
    return _int_setting(session, SETTING_CLEAR_SECONDS, rules.DEFAULT_CLIPBOARD_CLEAR_SECONDS, 0, 3600)


def set_stale_months(session: Session, months: int) -> None:
    if not 1 <= months <= 120:
        raise ValidationError("stale months: use a whole number from 1 to 120.")
    session.vault.set_setting(SETTING_STALE_MONTHS, str(months), session.user)


def set_clipboard_clear_seconds(session: Session, seconds: int) -> None:
    if not 0 <= seconds <= 3600:
        raise ValidationError("clipboard seconds: use a whole number from 0 (never clear) to 3600.")
    session.vault.set_setting(SETTING_CLEAR_SECONDS, str(seconds), session.user)
