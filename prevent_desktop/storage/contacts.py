"""Key contacts repository: groups, contacts (retired, never deleted) and their field-by-field history.

SQL only, rows mapped to the records of ``domain/contact_records.py``; rules live in ``domain/contacts.py``, flow
in ``services/contacts/``.
"""

from __future__ import annotations

import json
from typing import Any

from prevent_desktop.domain.contact_records import ContactGroupRow, ContactRow, HistoryRow
from prevent_desktop.domain.contacts import parse_phone
from prevent_desktop.errors import KnownError
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection


def _e164(number: str) -> str:
    try:
        return parse_phone(number).e164
    except KnownError:
        return ""


def phones_json(phones: list[tuple[str, str, str]]) -> str:
    """(label, number as typed, e164) -> the stored JSON."""
    return json.dumps([{"label": lb, "number": n, "e164": e} for lb, n, e in phones], ensure_ascii=False)


def seed(conn: Connection, profile: dict[str, Any], actor: str) -> None:
    for pos, group in enumerate(profile.get("contact_groups", []), start=1):
        conn.execute(
            "INSERT INTO contact_groups (id, title, position) VALUES (?, ?, ?)",
            (group["id"], group["title"], pos),
        )
    now = now_iso()
    for pos, c in enumerate(profile.get("contacts", []), start=1):
        phones = [(p.get("label", ""), p["number"], _e164(p["number"])) for p in c.get("phones", [])]
        conn.execute(
            "INSERT INTO contacts (id, group_id, position, name, role, organisation, phones_json, emails_json, web, "
            "when_to_use, notes, out_of_hours, public_line, last_verified, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c["id"],
                c["group"],
                pos,
                c.get("name", ""),
                c.get("role", ""),
                c.get("organisation", ""),
                phones_json(phones),
                json.dumps(list(c.get("emails", [])), ensure_ascii=False),
                c.get("web", ""),
                c.get("when_to_use", ""),
                c.get("notes", ""),
                int(bool(c.get("out_of_hours", False))),
                int(bool(c.get("public_line", False))),
                c.get("last_verified", ""),
                now,
                actor,
            ),
        )


def list_groups(conn: Connection) -> list[ContactGroupRow]:
    return [
        ContactGroupRow(r["id"], r["title"], r["position"])
        for r in conn.execute("SELECT id, title, position FROM contact_groups ORDER BY position").fetchall()
    ]


def _row(r: Any) -> ContactRow:
    raw = json.loads(r["phones_json"])
    return ContactRow(
        id=r["id"],
        group_id=r["group_id"],
        group_title=r["group_title"],
        name=r["name"],
        role=r["role"],
        organisation=r["organisation"],
        phones=tuple((p.get("label", ""), p["number"]) for p in raw),
        emails=tuple(json.loads(r["emails_json"])),
        web=r["web"],
        when_to_use=r["when_to_use"],
        notes=r["notes"],
        out_of_hours=bool(r["out_of_hours"]),
        public_line=bool(r["public_line"]),
        last_verified=r["last_verified"],
        retired_at=r["retired_at"],
        phones_e164=tuple(p.get("e164", "") for p in raw),
        position=r["position"],
        updated_at=r["updated_at"],
        updated_by=r["updated_by"],
    )


_SELECT = "SELECT c.*, g.title AS group_title FROM contacts c JOIN contact_groups g ON g.id = c.group_id "


def contact_ids(conn: Connection) -> set[str]:
    """Every id in the vault, retired contacts' included (a new id must differ from all of them)."""
    return {str(r[0]) for r in conn.execute("SELECT id FROM contacts").fetchall()}


def list_contacts(conn: Connection, include_retired: bool = False) -> list[ContactRow]:
    sql = _SELECT + ("" if include_retired else "WHERE c.retired_at IS NULL ") + "ORDER BY g.position, c.position"
    return [_row(r) for r in conn.execute(sql).fetchall()]


def get(conn: Connection, contact_id: str) -> ContactRow | None:
    r = conn.execute(_SELECT + "WHERE c.id = ?", (contact_id,)).fetchone()
    return _row(r) if r else None


def next_position(conn: Connection, group_id: str) -> int:
    row = conn.execute("SELECT COALESCE(MAX(position), 0) FROM contacts WHERE group_id = ?", (group_id,)).fetchone()
    return int(row[0]) + 1


_WRITTEN = (
    "group_id, position, name, role, organisation, phones_json, emails_json, web, when_to_use, notes, "
    "out_of_hours, public_line, last_verified, retired_at, updated_at, updated_by"
)


def _written_values(c: ContactRow, position: int, actor: str, at: str) -> tuple[object, ...]:
    """The column values both insert and update write, in ``_WRITTEN`` order."""
    return (
        c.group_id,
        position,
        c.name,
        c.role,
        c.organisation,
        phones_json([(lb, n, e) for (lb, n), e in zip(c.phones, c.phones_e164, strict=True)]),
        json.dumps(list(c.emails), ensure_ascii=False),
        c.web,
        c.when_to_use,
        c.notes,
        int(c.out_of_hours),
        int(c.public_line),
        c.last_verified,
        c.retired_at,
        at,
        actor,
    )


def insert(conn: Connection, c: ContactRow, actor: str, at: str) -> None:
    position = c.position or next_position(conn, c.group_id)
    conn.execute(
        f"INSERT INTO contacts (id, {_WRITTEN}) VALUES (?, {', '.join('?' * 16)})",
        (c.id, *_written_values(c, position, actor, at)),
    )


def update(conn: Connection, c: ContactRow, actor: str, at: str) -> None:
    position = c.position
    old = get(conn, c.id)
    if old is not None and old.group_id != c.group_id:
        position = next_position(conn, c.group_id)
    assignments = ", ".join(f"{col.strip()} = ?" for col in _WRITTEN.split(","))
    conn.execute(
        f"UPDATE contacts SET {assignments} WHERE id = ?",
        (*_written_values(c, position, actor, at), c.id),
    )


def add_history(
    conn: Connection, contact_id: str, at: str, actor: str, field: str, old: str, new: str, reason: str = ""
) -> None:
    conn.execute(
        "INSERT INTO contact_history (contact_id, changed_at, changed_by, field, old_value, new_value, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (contact_id, at, actor, field, old, new, reason),
    )


def history(conn: Connection, contact_id: str) -> list[HistoryRow]:
    return [
        HistoryRow(
            r["id"],
            r["contact_id"],
            r["changed_at"],
            r["changed_by"],
            r["field"],
            r["old_value"],
            r["new_value"],
            r["reason"],
        )
        for r in conn.execute(
            "SELECT * FROM contact_history WHERE contact_id = ? ORDER BY id DESC", (contact_id,)
        ).fetchall()
    ]
