"""Drafts repository: the ``drafts`` table (unsaved work, see ``domain/drafts.py``). SQL only; the caller passes
"now" and runs each call inside its transaction."""

from __future__ import annotations

import json
from typing import Any

from prevent_desktop.domain.drafts import Draft
from prevent_desktop.storage.db import Connection

_COLUMNS = "id, kind, case_id, context_json, values_json, created_at, updated_at"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _draft(r: Any) -> Draft:
    return Draft(
        id=int(r["id"]),
        kind=str(r["kind"]),
        case_id=None if r["case_id"] is None else int(r["case_id"]),
        context=json.loads(r["context_json"]),
        values=json.loads(r["values_json"]),
        created_at=str(r["created_at"]),
        updated_at=str(r["updated_at"]),
    )


def insert(
    conn: Connection, kind: str, case_id: int | None, context: dict[str, Any], values: dict[str, Any], now: str
) -> int:
    cur = conn.execute(
        "INSERT INTO drafts (kind, case_id, context_json, values_json, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (kind, case_id, _json(context), _json(values), now, now),
    )
    return int(cur.lastrowid)


def update(conn: Connection, draft_id: int, kind: str, values: dict[str, Any], now: str) -> bool:
    """The typed values of an existing draft of ``kind``; False when there is none (discarded meanwhile)."""
    cur = conn.execute(
        "UPDATE drafts SET values_json = ?, updated_at = ? WHERE id = ? AND kind = ?",
        (_json(values), now, draft_id, kind),
    )
    return bool(cur.rowcount)


def get(conn: Connection, draft_id: int) -> Draft | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return _draft(row) if row else None


def all_drafts(conn: Connection) -> list[Draft]:
    """Every draft, the most recently typed first."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM drafts ORDER BY updated_at DESC, id DESC").fetchall()
    return [_draft(r) for r in rows]


def delete(conn: Connection, draft_id: int) -> bool:
    return bool(conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount)
