"""Profile sections stored as JSON documents inside the vault (routing rules, referral form, organisation...)."""

from __future__ import annotations

import json
from typing import Any

from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection

DOC_SECTIONS = (
    "organisation",
    "routing",
    "referral_form",
    "duties",
    "policy",
    "schema",
    # The rest of the profile, so the whole Profile can be rebuilt from the vault (cases routing needs it).
    "contact_groups",
    "contacts",
    "action_plan",
    "associated_policies",
    # The concern categories and the annual summary's year (services/cases/categories.py reads and edits them).
    "concern_categories",
    "annual_summary",
)


def seed(conn: Connection, profile: dict[str, Any]) -> None:
    for section in DOC_SECTIONS:
        if section in profile:
            put(conn, section, profile[section])


def put(conn: Connection, section: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO profile_doc (section, json, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(section) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
        (section, json.dumps(value, ensure_ascii=False, sort_keys=True), now_iso()),
    )


def get(conn: Connection, section: str, default: Any = None) -> Any:
    row = conn.execute("SELECT json FROM profile_doc WHERE section = ?", (section,)).fetchone()
    return json.loads(row[0]) if row else default


def organisation(conn: Connection) -> dict[str, Any]:
    value = get(conn, "organisation", {})
    return value if isinstance(value, dict) else {}


def revision(conn: Connection) -> int:
    """The profile's revision: moves on with every change to the profile documents, contact groups or contacts
    (triggers in ``0001_profile_revision.sql``), so a profile built at one revision is current while it holds."""
    return int(conn.execute("SELECT rev FROM profile_revision").fetchone()[0])
