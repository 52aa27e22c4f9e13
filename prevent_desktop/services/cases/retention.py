"""Retention: an explicit, audited admin purge of long-closed cases (``cases purge``; never offered in the UI)."""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain import cases as rules
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.db import transaction


def purge_closed_before(session: Session, before: str, today: date | None = None) -> int:
    """Delete cases closed before ``before`` (ISO or UK date) with all their rows, and people left with no case.

    The purge is one transaction and is recorded in the audit log (date and count only). Returns the count.
    """
    cutoff = rules.parse_date(before, "Closed before")
    if cutoff > (today or date.today()):
        raise ValidationError("Closed before: the date is in the future.")
    with transaction(session.conn):
        n = store.purge_closed_before(session.conn, cutoff.isoformat())
        session.audit("cases.purge", "case", "", f"closed_before={cutoff.isoformat()} count={n}")
    return n
