"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so an edited, removed or reordered entry
breaks the chain at a place ``verify`` can name. Details hold ids and counts, never names or free text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from prevent_desktop.storage.db import Connection

GENESIS = "0" * 64


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _digest(
    prev_hash: str, at: str, actor: str, action: str, entity: str, entity_id: str, detail: str
) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, detail], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    conn: Connection, actor: str, action: str, entity: str = "", entity_id: str = "", detail: str = ""
) -> int:
    """Append one entry. Call inside the transaction of the change it records."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = now_iso()
    digest = _digest(prev, at, actor, action, entity, str(entity_id), detail)
    cur = conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, str(entity_id), detail, prev, digest),
    )
    return int(cur.lastrowid)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str


def entries(conn: Connection, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [AuditEntry(*tuple(r)) for r in conn.execute(sql).fetchall()]


def verify(conn: Connection) -> list[str]:
    """Return the problems found walking the chain in id order; [] when intact."""
    problems: list[str] = []
    prev = GENESIS
    position = 0
    for row in conn.execute(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        position += 1
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = tuple(row)
        if prev_hash != prev:
            problems.append(
                f"entry {entry_id} (position {position}) does not follow the entry before it: "
                "an entry was removed, inserted or reordered here"
            )
        if _digest(prev_hash, at, actor, action, entity, entity_id, detail) != digest:
            problems.append(f"entry {entry_id} (position {position}) was edited after it was written")
        prev = digest
    return problems
