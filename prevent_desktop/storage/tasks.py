"""Tasks repository (SQL only): per-case tasks, rows mapped to ``domain.tasks`` records. Dates are passed in."""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain.tasks import CaseTask, TaskDue
from prevent_desktop.storage.db import Connection


def _task(r: Any) -> CaseTask:
    return CaseTask(int(r["id"]), int(r["case_id"]), r["text"], r["due_on"], r["created_at"], r["created_by"],
                    r["done_at"], r["done_by"])


def insert(conn: Connection, case_id: int, text: str, due_on: str, at: str, by: str) -> int:
    cur = conn.execute(
        "INSERT INTO tasks (case_id, text, due_on, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        (case_id, text, due_on, at, by),
    )
    return int(cur.lastrowid)


def get(conn: Connection, task_id: int) -> CaseTask | None:
    r = conn.execute("SELECT * FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return _task(r) if r is not None else None


def of_case(conn: Connection, case_id: int) -> list[CaseTask]:
    return [_task(r) for r in conn.execute("SELECT * FROM tasks WHERE case_id = ? ORDER BY id", (case_id,))]


def set_done(conn: Connection, task_id: int, at: str, by: str) -> bool:
    """Tick an open task off; False when it was already done (or does not exist)."""
    cur = conn.execute(
        "UPDATE tasks SET done_at = ?, done_by = ? WHERE id = ? AND done_at = ''", (at, by, task_id)
    )
    return int(cur.rowcount) == 1


def set_open(conn: Connection, task_id: int) -> bool:
    """Reopen a done task; False when it was open already (or does not exist)."""
    cur = conn.execute("UPDATE tasks SET done_at = '', done_by = '' WHERE id = ? AND done_at != ''", (task_id,))
    return int(cur.rowcount) == 1


_DUE = "FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.done_at = '' AND t.due_on != '' AND t.due_on <= ?"


def due(conn: Connection, until: str, limit: int) -> list[TaskDue]:
    """Open tasks due on or before ``until`` (ISO day), earliest first (the ``tasks_due`` index: no sort)."""
    return [
        TaskDue(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]))
        for r in conn.execute(
            f"SELECT t.id, t.case_id, c.ref, t.due_on, t.text {_DUE} ORDER BY t.due_on, t.id LIMIT ?",
            (until, int(limit)),
        ).fetchall()
    ]


def count_due(conn: Connection, until: str, cap: int) -> int:
    """How many open tasks are due by ``until``, counting no further than ``cap`` (the index alone)."""
    return int(conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE done_at = '' AND due_on != '' AND due_on <= ? LIMIT ?)",
        (until, int(cap)),
    ).fetchone()[0])
