"""Reading the audit log for the CLI and the GUI (verifying it: ``vault_service.verify_audit``)."""

from __future__ import annotations

from prevent_desktop.domain import settings as declared
from prevent_desktop.domain.audit_actions import AuditLine, action_label, record_label
from prevent_desktop.services.session import Session
from prevent_desktop.storage import audit
from prevent_desktop.storage import cases as case_store
from prevent_desktop.storage.audit import AuditEntry


def entries(session: Session, limit: int | None = None) -> list[AuditEntry]:
    """Entries, newest first (``limit``: only the newest N)."""
    return audit.entries(session.conn, limit)


def entry_count(session: Session) -> int:
    return audit.count(session.conn)


def readable_entries(session: Session, limit: int | None = None) -> list[AuditLine]:
    """Entries, newest first, with the action in words and the record by the name a DSO knows: a case by its
    reference (a purged one by its id), a person by their cases' references, a setting by its label."""
    rows = audit.entries(session.conn, limit)
    case_ids = {int(r.entity_id) for r in rows if r.entity == "case" and r.entity_id.isdigit()}
    person_ids = {int(r.entity_id) for r in rows if r.entity == "person" and r.entity_id.isdigit()}
    case_refs = case_store.refs_of_cases(session.conn, case_ids)
    person_refs = case_store.refs_of_people(session.conn, person_ids)
    lines = []
    for r in rows:
        ref, name = "", ""
        if r.entity == "case" and r.entity_id.isdigit():
            ref = case_refs.get(int(r.entity_id), "")
        elif r.entity == "person" and r.entity_id.isdigit():
            refs = person_refs.get(int(r.entity_id), [])
            ref = ", ".join(refs[:3]) + (f" and {len(refs) - 3} more" if len(refs) > 3 else "")
        elif r.entity == "setting" and r.entity_id in declared.BY_KEY:
            name = declared.BY_KEY[r.entity_id].label
        lines.append(
            AuditLine(
                r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.detail,
                label=action_label(r.action),
                record=record_label(r.entity, r.entity_id, case_ref=ref, name=name),
                case_ref=ref if r.entity == "case" else "",
            )
        )
    return lines
