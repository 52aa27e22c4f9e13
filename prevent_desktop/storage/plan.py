"""Action plan repository (Annex A)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection


@dataclass(frozen=True)
class PlanHeader:
    organisation: str
    safeguarding_contact: str
    date_last_updated: str
    date_actions_to_be_reviewed: str
    next_review_due: str


@dataclass(frozen=True)
class PlanRow:
    id: int
    no: int
    area: str
    action: str
    who: str
    when_text: str
    rag: str
    duties: tuple[str, ...]


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
    now = now_iso()
    for pos, row in enumerate(plan.get("rows", []), start=1):
        cur = conn.execute(
            "INSERT INTO plan_rows (no, position, area, action, who, when_text, rag, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["no"],
                pos,
                row["area"],
                row.get("action", ""),
                row.get("who", ""),
                row.get("when", ""),
                row.get("rag", ""),
                now,
                actor,
            ),
        )
        for duty in row.get("duties", []):
            conn.execute("INSERT INTO plan_row_duties (row_id, duty_id) VALUES (?, ?)", (cur.lastrowid, duty))


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


def list_rows(conn: Connection, include_retired: bool = False) -> list[PlanRow]:
    where = "" if include_retired else "WHERE retired_at IS NULL "
    rows = conn.execute(f"SELECT * FROM plan_rows {where}ORDER BY position").fetchall()
    duties: dict[int, list[str]] = {}
    for d in conn.execute("SELECT row_id, duty_id FROM plan_row_duties ORDER BY duty_id"):
        duties.setdefault(d[0], []).append(d[1])
    return [
        PlanRow(
            r["id"],
            r["no"],
            r["area"],
            r["action"],
            r["who"],
            r["when_text"],
            r["rag"],
            tuple(duties.get(r["id"], ())),
        )
        for r in rows
    ]
