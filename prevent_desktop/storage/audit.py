"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so an edited, removed or reordered entry
breaks the chain at a place ``verify`` can name. Details hold ids and counts, never names or free text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from prevent_desktop.storage.db import Connection

GENESIS = "0" * 64


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _digest(
    prev_hash: str, at: str, actor: str, action: str, entity: str, entity_id: str, detail: str
) -> str:
    payload = json.dumps([prev_hash, at, actor, action, entity, entity_id, detail], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    conn: Connection, actor: str, action: str, entity: str = "", entity_id: str = "", detail: str = ""
) -> int:
    """Append one entry. Call inside the transaction of the change it records."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = now_iso()
    digest = _digest(prev, at, actor, action, entity, str(entity_id), detail)
    cur = conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, action, entity, str(entity_id), detail, prev, digest),
    )
    return int(cur.lastrowid)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str


def entries(conn: Connection, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [AuditEntry(*tuple(r)) for r in conn.execute(sql).fetchall()]


def count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def verify(conn: Connection) -> list[str]:
    """Return the problems found walking the chain in id order; [] when intact. Entries cut from the END are
    invisible to a hash chain: ``anchor_problems`` catches those (and an older copy of the database put back)."""
    problems: list[str] = []
    prev = GENESIS
    position = 0
    last_id = 0
    for row in conn.execute(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        position += 1
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = tuple(row)
        if prev_hash != prev:
            gap = (
                f" (entries {last_id + 1}-{entry_id - 1} are missing)"
                if entry_id > last_id + 1 and position > 1
                else ""
            )
            problems.append(
                f"entry {entry_id} (position {position}) does not follow the entry before it{gap}: "
                "an entry was removed, inserted or reordered here"
            )
        if _digest(prev_hash, at, actor, action, entity, entity_id, detail) != digest:
            problems.append(f"entry {entry_id} (position {position}) was edited after it was written")
        prev = digest
        last_id = int(entry_id)
    return problems


# -- the rollback anchor --------------------------------------------------------------------------------------
# The chain's head (count, last id, last hash) and a generation number, under an HMAC keyed from the database
# key, kept in the key-slot file (and, through the key slots they carry, in every backup): never in vault.db,
# so copying an older vault.db back cannot bring an anchor that fits it. It only ever moves forward along the
# chain (``extends``); re-basing it on a chain that does not contain it is an explicit, audited action.
ANCHOR_FORMAT = "prevent-desktop-rollback-anchor"
MAX_GENERATION = 1 << 53


@dataclass(frozen=True)
class Head:
    count: int
    last_id: int
    last_hash: str


def _mac_key(key: bytes) -> bytes:
    return hmac.new(key, b"prevent-desktop/rollback-anchor/v1", hashlib.sha256).digest()


def _anchor_mac(key: bytes, generation: int, head: Head) -> str:
    message = f"{ANCHOR_FORMAT}|{generation}|{head.count}|{head.last_id}|{head.last_hash}".encode("ascii")
    return hmac.new(_mac_key(key), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    generation: int  # +1 at every move; restore sets it above every backup's, so an older copy is visible
    head: Head
    mac: str

    @classmethod
    def make(cls, key: bytes, generation: int, head: Head) -> Anchor:
        return cls(generation, head, _anchor_mac(key, generation, head))

    def verifies(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac, _anchor_mac(key, self.generation, self.head))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": ANCHOR_FORMAT,
            "generation": self.generation,
            "count": self.head.count,
            "last_id": self.head.last_id,
            "last_hash": self.head.last_hash,
            "mac": self.mac,
        }

    @classmethod
    def from_json(cls, data: Any) -> Anchor:
        """Raises ValueError for anything but a well-formed anchor."""
        if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
            raise ValueError("not a rollback anchor")
        try:
            generation, n, last_id = (int(data[k]) for k in ("generation", "count", "last_id"))
            last_hash, mac = data["last_hash"], data["mac"]
        except (KeyError, TypeError) as exc:
            raise ValueError("incomplete rollback anchor") from exc
        if any(type(data[k]) is not int for k in ("generation", "count", "last_id")):
            raise ValueError("rollback anchor numbers are not integers")
        if not (0 <= generation <= MAX_GENERATION and 0 <= n <= MAX_GENERATION and 0 <= last_id <= MAX_GENERATION):
            raise ValueError("rollback anchor numbers out of range")
        if not (isinstance(last_hash, str) and len(last_hash) == 64 and isinstance(mac, str) and len(mac) == 64):
            raise ValueError("rollback anchor digests have the wrong form")
        return cls(generation, Head(n, last_id, last_hash), mac)


def head(conn: Connection) -> Head:
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return Head(0, 0, GENESIS)
    return Head(count(conn), int(row[0]), str(row[1]))


def extends(conn: Connection, anchor: Anchor) -> bool:
    """Does the chain in ``conn`` contain the anchor's head (so the database is not older than the anchor)?"""
    if anchor.head.last_id == 0:
        return True
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (anchor.head.last_id,)).fetchone()
    return row is not None and str(row[0]) == anchor.head.last_hash and count(conn) >= anchor.head.count


def anchor_problems(conn: Connection, anchor: Anchor | None, key: bytes) -> list[str]:
    """What the anchor says about this database; [] when the database is at least as new as the anchor."""
    if anchor is None:
        return [
            "the key file holds no rollback anchor: it was removed, or the key file was replaced by one that "
            "never had it"
        ]
    if not anchor.verifies(key):
        return ["the rollback anchor in the key file was not written with this vault's key (edited or swapped)"]
    if extends(conn, anchor):
        return []
    return [
        f"entry {anchor.head.last_id}, the newest audit entry when the vault was last locked or backed up, is "
        f"missing or different: this vault.db is older than the vault was then (an older copy was put back, or "
        f"entries were cut from the end); the log had {anchor.head.count} entries then and has {count(conn)} now"
    ]
