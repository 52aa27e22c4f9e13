"""Action plan repository (Annex A): header, rows, history, evidence, reviews, duties and RAG definitions.

Functions here run SQL only (no rules, no clock but the ``recorded at`` timestamps): callers (services) open the
transaction, write the audit entry and apply the rules (when a row falls due, default RAG definitions).
"""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain.plan import (
    DEFAULT_RAG_DEFINITIONS,
    RAG_ORDER,
    Duty,
    Evidence,
    HistoryEntry,
    PlanHeader,
    PlanRow,
    Rag,
    Review,
)
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection

HEADER_FIELDS = (
    "organisation",
    "safeguarding_contact",
    "date_last_updated",
    "date_actions_to_be_reviewed",
    "next_review_due",
)
ROW_FIELDS = ("area", "action", "who", "who_contact_id", "when_text", "rag", "last_reviewed")


def seed(conn: Connection, profile: dict[str, Any], actor: str) -> None:
    for pos, duty in enumerate(profile.get("duties", []), start=1):
        conn.execute(
            "INSERT INTO duties (id, title, description, position) VALUES (?, ?, ?, ?)",
            (duty["id"], duty["title"], duty.get("description", ""), pos),
        )
    plan = profile.get("action_plan", {})
    conn.execute(
        "INSERT INTO plan_header (id, organisation, safeguarding_contact, date_last_updated, "
        "date_actions_to_be_reviewed, next_review_due) VALUES (1, ?, ?, ?, ?, ?)",
        (
            plan.get("organisation", ""),
            plan.get("safeguarding_contact", ""),
            plan.get("date_last_updated", ""),
            plan.get("date_actions_to_be_reviewed", ""),
            plan.get("next_review_due", ""),
        ),
    )
    for pos, rag in enumerate(RAG_ORDER, start=1):
        conn.execute(
            "INSERT INTO plan_rag_levels (rag, definition, position) VALUES (?, ?, ?)",
            (rag.value, DEFAULT_RAG_DEFINITIONS[rag], pos),
        )
    now = now_iso()
    # The template's rows were last looked at when the plan was last updated.
    baseline = plan.get("date_last_updated", "")
    for pos, row in enumerate(plan.get("rows", []), start=1):
        cur = conn.execute(
            "INSERT INTO plan_rows (no, position, area, action, who, when_text, rag, last_reviewed, created_at, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["no"],
                pos,
                row["area"],
                row.get("action", ""),
                row.get("who", ""),
                row.get("when", ""),
                row.get("rag", ""),
                baseline,
                now,
                now,
                actor,
            ),
        )
        for duty in row.get("duties", []):
            conn.execute("INSERT INTO plan_row_duties (row_id, duty_id) VALUES (?, ?)", (cur.lastrowid, duty))


# -- header --------------------------------------------------------------------------------------------------
def header(conn: Connection) -> PlanHeader:
    r = conn.execute("SELECT * FROM plan_header WHERE id = 1").fetchone()
    if r is None:
        return PlanHeader("", "", "", "", "")
    return PlanHeader(
        r["organisation"],
        r["safeguarding_contact"],
        r["date_last_updated"],
        r["date_actions_to_be_reviewed"],
        r["next_review_due"],
    )


def set_header_field(conn: Connection, field: str, value: str) -> None:
    if field not in HEADER_FIELDS:
        raise ValueError(f"unknown header field {field!r}")
    conn.execute(f"UPDATE plan_header SET {field} = ? WHERE id = 1", (value,))


# -- RAG definitions -----------------------------------------------------------------------------------------
def rag_definitions(conn: Connection) -> dict[Rag, str]:
    """The stored definitions (a level with none stored is missing: the service supplies the default)."""
    return {Rag(r["rag"]): r["definition"] for r in conn.execute("SELECT rag, definition FROM plan_rag_levels")}


def set_rag_definition(conn: Connection, rag: Rag, definition: str) -> None:
    conn.execute(
        "INSERT INTO plan_rag_levels (rag, definition, position) VALUES (?, ?, ?) "
        "ON CONFLICT(rag) DO UPDATE SET definition = excluded.definition",
        (rag.value, definition, RAG_ORDER.index(rag) + 1),
    )


# -- rows ----------------------------------------------------------------------------------------------------
def _row(r: Any, duties: tuple[str, ...], evidence: int) -> PlanRow:
    return PlanRow(
        r["id"],
        r["no"],
        r["area"],
        r["action"],
        r["who"],
        r["when_text"],
        r["rag"],
        duties,
        position=r["position"],
        who_contact_id=r["who_contact_id"],
        last_reviewed=r["last_reviewed"],
        retired_at=r["retired_at"],
        updated_at=r["updated_at"],
        updated_by=r["updated_by"],
        evidence_count=evidence,
    )


def list_rows(conn: Connection, include_retired: bool = False) -> list[PlanRow]:
    where = "" if include_retired else "WHERE retired_at IS NULL "
    rows = conn.execute(f"SELECT * FROM plan_rows {where}ORDER BY position, id").fetchall()
    duties: dict[int, list[str]] = {}
    for d in conn.execute("SELECT row_id, duty_id FROM plan_row_duties ORDER BY duty_id"):
        duties.setdefault(d[0], []).append(d[1])
    evidence = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT row_id, count(*) FROM plan_evidence WHERE retired_at IS NULL GROUP BY row_id"
        )
    }
    return [_row(r, tuple(duties.get(r["id"], ())), evidence.get(r["id"], 0)) for r in rows]


def get_row(conn: Connection, row_id: int) -> PlanRow | None:
    r = conn.execute("SELECT * FROM plan_rows WHERE id = ?", (row_id,)).fetchone()
    if r is None:
        return None
    duties = tuple(
        d[0] for d in conn.execute("SELECT duty_id FROM plan_row_duties WHERE row_id = ? ORDER BY duty_id", (row_id,))
    )
    evidence = conn.execute(
        "SELECT count(*) FROM plan_evidence WHERE row_id = ? AND retired_at IS NULL", (row_id,)
    ).fetchone()[0]
    return _row(r, duties, evidence)


def insert_row(
    conn: Connection,
    no: int,
    position: int,
    area: str,
    action: str,
    who: str,
    when_text: str,
    last_reviewed: str,
    actor: str,
) -> int:
    now = now_iso()
    conn.execute("UPDATE plan_rows SET position = position + 1 WHERE position >= ?", (position,))
    cur = conn.execute(
        "INSERT INTO plan_rows (no, position, area, action, who, when_text, rag, last_reviewed, created_at, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
        (no, position, area, action, who, when_text, last_reviewed, now, now, actor),
    )
    return int(cur.lastrowid)


def set_row_field(conn: Connection, row_id: int, field: str, value: Any, actor: str) -> None:
    if field not in ROW_FIELDS:
        raise ValueError(f"unknown row field {field!r}")
    conn.execute(
        f"UPDATE plan_rows SET {field} = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (value, now_iso(), actor, row_id),
    )


def set_positions(conn: Connection, ordered_ids: list[int]) -> None:
    for pos, row_id in enumerate(ordered_ids, start=1):
        conn.execute("UPDATE plan_rows SET position = ? WHERE id = ?", (pos, row_id))


def retire_row(conn: Connection, row_id: int, actor: str) -> None:
    now = now_iso()
    conn.execute(
        "UPDATE plan_rows SET retired_at = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (now, now, actor, row_id),
    )


def restore_row(conn: Connection, row_id: int, actor: str) -> None:
    conn.execute(
        "UPDATE plan_rows SET retired_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?",
        (now_iso(), actor, row_id),
    )


def next_no(conn: Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(no), 0) + 1 FROM plan_rows").fetchone()[0])


# -- history -------------------------------------------------------------------------------------------------
def add_history(
    conn: Connection, row_id: int | None, actor: str, field: str, old: str, new: str, reason: str = ""
) -> int:
    cur = conn.execute(
        "INSERT INTO plan_history (row_id, changed_at, changed_by, field, old_value, new_value, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (row_id, now_iso(), actor, field, old, new, reason),
    )
    return int(cur.lastrowid)


def history(conn: Connection, row_id: int | None = None) -> list[HistoryEntry]:
    if row_id is None:
        rows = conn.execute("SELECT * FROM plan_history ORDER BY id DESC").fetchall()
    else:
        rows = conn.execute("SELECT * FROM plan_history WHERE row_id = ? ORDER BY id DESC", (row_id,)).fetchall()
    return [
        HistoryEntry(
            r["id"], r["row_id"], r["changed_at"], r["changed_by"], r["field"], r["old_value"], r["new_value"],
            r["reason"],
        )
        for r in rows
    ]


# -- evidence ------------------------------------------------------------------------------------------------
def add_evidence(
    conn: Connection, row_id: int, kind: str, note: str, filename: str, mime: str, data: bytes | None, actor: str
) -> int:
    cur = conn.execute(
        "INSERT INTO plan_evidence (row_id, kind, note, filename, mime, data, size, added_at, added_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, kind, note, filename, mime, data, len(data or b""), now_iso(), actor),
    )
    return int(cur.lastrowid)


def list_evidence(conn: Connection, row_id: int) -> list[Evidence]:
    rows = conn.execute(
        "SELECT id, row_id, kind, note, filename, mime, size, added_at, added_by FROM plan_evidence "
        "WHERE row_id = ? AND retired_at IS NULL ORDER BY id",
        (row_id,),
    ).fetchall()
    return [Evidence(*tuple(r)) for r in rows]


def evidence_data(conn: Connection, evidence_id: int) -> bytes:
    r = conn.execute("SELECT data FROM plan_evidence WHERE id = ?", (evidence_id,)).fetchone()
    return bytes(r[0]) if r is not None and r[0] is not None else b""


def evidence_row_id(conn: Connection, evidence_id: int) -> int | None:
    r = conn.execute("SELECT row_id FROM plan_evidence WHERE id = ?", (evidence_id,)).fetchone()
    return int(r[0]) if r is not None else None


def retire_evidence(conn: Connection, evidence_id: int) -> None:
    conn.execute("UPDATE plan_evidence SET retired_at = ? WHERE id = ?", (now_iso(), evidence_id))


# -- reviews -------------------------------------------------------------------------------------------------
def add_review(conn: Connection, reviewed_on: str, reviewer: str, notes: str) -> int:
    cur = conn.execute(
        "INSERT INTO plan_reviews (reviewed_on, reviewer, notes, recorded_at) VALUES (?, ?, ?, ?)",
        (reviewed_on, reviewer, notes, now_iso()),
    )
    return int(cur.lastrowid)


def reviews(conn: Connection) -> list[Review]:
    rows = conn.execute(
        "SELECT id, reviewed_on, reviewer, notes, recorded_at FROM plan_reviews ORDER BY reviewed_on DESC, id DESC"
    ).fetchall()
    return [Review(*tuple(r)) for r in rows]


# -- duties --------------------------------------------------------------------------------------------------
def duties(conn: Connection) -> list[Duty]:
    return [
        Duty(r["id"], r["title"], r["description"])
        for r in conn.execute("SELECT id, title, description FROM duties ORDER BY position")
    ]


def set_row_duties(conn: Connection, row_id: int, duty_ids: list[str]) -> None:
    conn.execute("DELETE FROM plan_row_duties WHERE row_id = ?", (row_id,))
    for duty in sorted(set(duty_ids)):
        conn.execute("INSERT INTO plan_row_duties (row_id, duty_id) VALUES (?, ?)", (row_id, duty))


# -- contacts named in "Who" ---------------------------------------------------------------------------------
def contact_id_named(conn: Connection, who: str) -> str | None:
    """The first contact whose name or role is exactly ``who``."""
    r = conn.execute("SELECT id FROM contacts WHERE name = ? OR role = ? ORDER BY id LIMIT 1", (who, who)).fetchone()
    return str(r[0]) if r is not None else None


def contact_names(conn: Connection) -> list[tuple[str, str]]:
    """(name, role) of every contact, by name then role."""
    return [(r[0], r[1]) for r in conn.execute("SELECT name, role FROM contacts ORDER BY name, role")]
