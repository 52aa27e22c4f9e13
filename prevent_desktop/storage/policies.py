"""Policy metadata, summary of changes and the associated-policy register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection


@dataclass(frozen=True)
class PolicyVersion:
    title: str
    version: str
    effective_date: str
    review_date: str
    next_review: str


@dataclass(frozen=True)
class AssociatedPolicy:
    id: int
    name: str
    group: str
    owner: str
    last_review: str
    review_interval_months: int


def seed(conn: Connection, profile: dict[str, Any], actor: str) -> None:
    now = now_iso()
    policy = profile.get("policy", {})
    conn.execute(
        "INSERT INTO policy_versions (title, version, effective_date, review_date, next_review, recorded_at, "
        "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            policy.get("title", ""),
            str(policy.get("version", "")),
            policy.get("effective_date", ""),
            policy.get("review_date", ""),
            policy.get("next_review", ""),
            now,
            actor,
        ),
    )
    for change in policy.get("changes", []):
        conn.execute(
            "INSERT INTO policy_changes (serial, issue, date, summary) VALUES (?, ?, ?, ?)",
            (change["serial"], str(change["issue"]), change.get("date", ""), change["summary"]),
        )
    for pos, p in enumerate(profile.get("associated_policies", []), start=1):
        conn.execute(
            "INSERT INTO associated_policies (name, grp, owner, last_review, review_interval_months, position, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                p["name"],
                p.get("group", "training"),
                p.get("owner", ""),
                p.get("last_review", ""),
                int(p.get("review_interval_months", 12)),
                pos,
                now,
                actor,
            ),
        )


def current_version(conn: Connection) -> PolicyVersion:
    r = conn.execute("SELECT * FROM policy_versions ORDER BY id DESC LIMIT 1").fetchone()
    if r is None:
        return PolicyVersion("", "", "", "", "")
    return PolicyVersion(r["title"], r["version"], r["effective_date"], r["review_date"], r["next_review"])


def list_policies(conn: Connection) -> list[AssociatedPolicy]:
    rows = conn.execute(
        "SELECT * FROM associated_policies WHERE retired_at IS NULL ORDER BY position"
    ).fetchall()
    return [
        AssociatedPolicy(
            r["id"], r["name"], r["grp"], r["owner"], r["last_review"], r["review_interval_months"]
        )
        for r in rows
    ]
