"""Cases repository (the cases work extends it)."""

from __future__ import annotations

from dataclasses import dataclass

from prevent_desktop.storage.db import Connection


@dataclass(frozen=True)
class CaseRow:
    id: int
    ref: str
    person: str
    role: str
    status: str
    opened_at: str


def list_cases(conn: Connection) -> list[CaseRow]:
    rows = conn.execute(
        "SELECT c.id, c.ref, p.forenames || ' ' || p.surname AS person, p.role, c.status, c.opened_at "
        "FROM cases c JOIN people p ON p.id = c.person_id ORDER BY c.opened_at DESC, c.id DESC"
    ).fetchall()
    return [CaseRow(*tuple(r)) for r in rows]
