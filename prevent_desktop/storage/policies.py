"""Policy metadata, summary of changes and the associated-policy register.

A new version of the policy's metadata is a new row in ``policy_versions``; old rows are never overwritten.
Register entries are retired, never deleted. Callers (services) open the transaction and write the audit entry.
SQL only: when a review falls due is ``domain.policies``' rule, applied by ``services.policies``.
"""

from __future__ import annotations

from typing import Any

from prevent_desktop.domain.policies import AssociatedPolicy, PolicyChange, PolicyVersion
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection

POLICY_FIELDS = ("name", "grp", "owner", "last_review", "review_interval_months")


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
            "INSERT INTO policy_changes (serial, issue, date, summary, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (change["serial"], str(change["issue"]), change.get("date", ""), change["summary"], now, actor),
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


# -- this policy's versions ----------------------------------------------------------------------------------
def _version(r: Any) -> PolicyVersion:
    return PolicyVersion(
        r["title"],
        r["version"],
        r["effective_date"],
        r["review_date"],
        r["next_review"],
        id=r["id"],
        note=r["note"],
        recorded_at=r["recorded_at"],
        recorded_by=r["recorded_by"],
    )


def current_version(conn: Connection) -> PolicyVersion:
    r = conn.execute("SELECT * FROM policy_versions ORDER BY id DESC LIMIT 1").fetchone()
    if r is None:
        return PolicyVersion("", "", "", "", "")
    return _version(r)


def versions(conn: Connection) -> list[PolicyVersion]:
    """Every recorded version, newest first."""
    return [_version(r) for r in conn.execute("SELECT * FROM policy_versions ORDER BY id DESC")]


def add_version(
    conn: Connection,
    title: str,
    version: str,
    effective_date: str,
    review_date: str,
    next_review: str,
    note: str,
    actor: str,
) -> int:
    cur = conn.execute(
        "INSERT INTO policy_versions (title, version, effective_date, review_date, next_review, note, recorded_at, "
        "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (title, version, effective_date, review_date, next_review, note, now_iso(), actor),
    )
    return int(cur.lastrowid)


# -- summary of changes --------------------------------------------------------------------------------------
def changes(conn: Connection) -> list[PolicyChange]:
    return [
        PolicyChange(r["id"], r["serial"], r["issue"], r["date"], r["summary"])
        for r in conn.execute("SELECT * FROM policy_changes ORDER BY serial, id")
    ]


def add_change(conn: Connection, issue: str, day: str, summary: str, actor: str) -> int:
    serial = int(conn.execute("SELECT coalesce(max(serial), 0) + 1 FROM policy_changes").fetchone()[0])
    cur = conn.execute(
        "INSERT INTO policy_changes (serial, issue, date, summary, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
        (serial, issue, day, summary, now_iso(), actor),
    )
    return int(cur.lastrowid)


def update_change(conn: Connection, change_id: int, issue: str, day: str, summary: str, actor: str) -> None:
    conn.execute(
        "UPDATE policy_changes SET issue = ?, date = ?, summary = ?, recorded_at = ?, recorded_by = ? WHERE id = ?",
        (issue, day, summary, now_iso(), actor, change_id),
    )


# -- the associated-policy register --------------------------------------------------------------------------
def _policy(r: Any) -> AssociatedPolicy:
    return AssociatedPolicy(
        r["id"],
        r["name"],
        r["grp"],
        r["owner"],
        r["last_review"],
        r["review_interval_months"],
        position=r["position"],
        retired_at=r["retired_at"],
    )


def list_policies(conn: Connection, include_retired: bool = False) -> list[AssociatedPolicy]:
    where = "" if include_retired else "WHERE retired_at IS NULL "
    return [_policy(r) for r in conn.execute(f"SELECT * FROM associated_policies {where}ORDER BY position, id")]


def get_policy(conn: Connection, policy_id: int) -> AssociatedPolicy | None:
    r = conn.execute("SELECT * FROM associated_policies WHERE id = ?", (policy_id,)).fetchone()
    return _policy(r) if r is not None else None


def add_policy(
    conn: Connection, name: str, group: str, owner: str, last_review: str, interval: int, actor: str
) -> int:
    position = int(conn.execute("SELECT coalesce(max(position), 0) + 1 FROM associated_policies").fetchone()[0])
    now = now_iso()
    cur = conn.execute(
        "INSERT INTO associated_policies (name, grp, owner, last_review, review_interval_months, position, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (name, group, owner, last_review, interval, position, now, actor),
    )
    return int(cur.lastrowid)


def set_policy_field(conn: Connection, policy_id: int, field: str, value: Any, actor: str) -> None:
    if field not in POLICY_FIELDS:
        raise ValueError(f"unknown policy field {field!r}")
    conn.execute(
        f"UPDATE associated_policies SET {field} = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (value, now_iso(), actor, policy_id),
    )


def retire_policy(conn: Connection, policy_id: int, actor: str) -> None:
    now = now_iso()
    conn.execute(
        "UPDATE associated_policies SET retired_at = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        (now, now, actor, policy_id),
    )
