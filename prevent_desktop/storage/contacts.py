"""Key contacts repository."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection


@dataclass(frozen=True)
class ContactRow:
    id: str
    group_id: str
    group_title: str
    name: str
    role: str
    organisation: str
    phones: tuple[tuple[str, str], ...]  # (label, number as typed)
    emails: tuple[str, ...]
    web: str
    when_to_use: str
    notes: str
    out_of_hours: bool
    public_line: bool
    last_verified: str
    retired_at: str | None


def seed(conn: Connection, profile: dict[str, Any], actor: str) -> None:
    for pos, group in enumerate(profile.get("contact_groups", []), start=1):
        conn.execute(
            "INSERT INTO contact_groups (id, title, position) VALUES (?, ?, ?)",
            (group["id"], group["title"], pos),
        )
    now = now_iso()
    for pos, c in enumerate(profile.get("contacts", []), start=1):
        phones = [{"label": p.get("label", ""), "number": p["number"]} for p in c.get("phones", [])]
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
                json.dumps(phones, ensure_ascii=False),
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


def list_contacts(conn: Connection, include_retired: bool = False) -> list[ContactRow]:
    sql = (
        "SELECT c.*, g.title AS group_title FROM contacts c JOIN contact_groups g ON g.id = c.group_id "
        + ("" if include_retired else "WHERE c.retired_at IS NULL ")
        + "ORDER BY g.position, c.position"
    )
    out = []
    for r in conn.execute(sql).fetchall():
        phones = tuple((p.get("label", ""), p["number"]) for p in json.loads(r["phones_json"]))
        out.append(
            ContactRow(
                id=r["id"],
                group_id=r["group_id"],
                group_title=r["group_title"],
                name=r["name"],
                role=r["role"],
                organisation=r["organisation"],
                phones=phones,
                emails=tuple(json.loads(r["emails_json"])),
                web=r["web"],
                when_to_use=r["when_to_use"],
                notes=r["notes"],
                out_of_hours=bool(r["out_of_hours"]),
                public_line=bool(r["public_line"]),
                last_verified=r["last_verified"],
                retired_at=r["retired_at"],
            )
        )
    return out
