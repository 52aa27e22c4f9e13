"""Reading the audit log for the CLI and the GUI (verifying it: ``vault_service.verify_audit``)."""

from __future__ import annotations

from prevent_desktop.services.session import Session
from prevent_desktop.storage import audit
from prevent_desktop.storage.audit import AuditEntry


def entries(session: Session, limit: int | None = None) -> list[AuditEntry]:
    """Entries, newest first (``limit``: only the newest N)."""
    return audit.entries(session.conn, limit)


def entry_count(session: Session) -> int:
    return audit.count(session.conn)
