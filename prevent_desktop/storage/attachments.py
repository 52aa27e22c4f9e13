"""Case attachments repository: files kept with a case (``case_attachments``, ``0001_attachments.sql``). SQL only;
the checks (size, name) are ``domain/files.py``'s and the flow ``services/cases/attachments.py``'s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prevent_desktop.domain.case_records import Attachment
from prevent_desktop.storage.db import Connection

_COLUMNS = "id, case_id, entry_id, filename, mime, size, sha256, note, added_at, added_by"


def _attachment(r: Any) -> Attachment:
    return Attachment(int(r["id"]), int(r["case_id"]), int(r["entry_id"]), r["filename"], r["mime"],
                      int(r["size"]), r["sha256"], r["note"], r["added_at"], r["added_by"])


def insert(conn: Connection, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO case_attachments ({cols}) VALUES ({marks})", tuple(values.values()))
    return int(cur.lastrowid)


def of_case(conn: Connection, case_id: int) -> list[Attachment]:
    """The case's attachments in the order they were added (without their bytes)."""
    return [_attachment(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM case_attachments WHERE case_id = ? ORDER BY id", (case_id,)).fetchall()]


def get(conn: Connection, attachment_id: int) -> Attachment | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM case_attachments WHERE id = ?", (attachment_id,)).fetchone()
    return _attachment(r) if r is not None else None


def data(conn: Connection, attachment_id: int) -> bytes:
    r = conn.execute("SELECT data FROM case_attachments WHERE id = ?", (attachment_id,)).fetchone()
    return bytes(r[0]) if r is not None else b""


def rows_for_export(conn: Connection, first_case: int = 1, last_case: int = (1 << 63) - 1) -> Iterator[Any]:
    """The attachments of cases ``first_case`` to ``last_case`` with their bytes, by case then id, read one at a
    time as the export writes them (never every file at once)."""
    return iter(conn.execute(
        "SELECT * FROM case_attachments WHERE case_id BETWEEN ? AND ? ORDER BY case_id, id", (first_case, last_case)
    ))


def delete_for_purge(conn: Connection, ids_table: str) -> None:
    """Inside the retention purge's transaction: remove the purged cases' files (the no-delete trigger is lifted and
    restored around it). ``ids_table`` is the purge's temporary table of case ids."""
    assert ids_table == "temp.purge_ids"
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_attachments_no_delete'"
    ).fetchone()
    conn.execute("DROP TRIGGER case_attachments_no_delete")
    conn.execute(f"DELETE FROM case_attachments WHERE case_id IN (SELECT id FROM {ids_table})")
    conn.execute(trigger[0])
