"""The contacts area's settings: after how many months a contact is due for re-verification, and after how
many seconds a copied number is cleared from the clipboard. Declared once in domain/settings.py."""

from __future__ import annotations

from prevent_desktop.services import settings
from prevent_desktop.services.session import Session

SETTING_STALE_MONTHS = settings.CONTACT_STALE_MONTHS.key
SETTING_CLEAR_SECONDS = settings.CLIPBOARD_CLEAR_SECONDS.key


def stale_months(session: Session) -> int:
    return settings.get(session, settings.CONTACT_STALE_MONTHS)


def clipboard_clear_seconds(session: Session) -> int:
    return settings.get(session, settings.CLIPBOARD_CLEAR_SECONDS)


def set_stale_months(session: Session, months: int) -> None:
    settings.change(session, settings.CONTACT_STALE_MONTHS, months)


def set_clipboard_clear_seconds(session: Session, seconds: int) -> None:
    settings.change(session, settings.CLIPBOARD_CLEAR_SECONDS, seconds)
