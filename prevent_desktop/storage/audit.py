"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so an edited, removed or reordered entry
breaks the chain at a place ``verify`` can name. Details hold ids and counts, never names or free text.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prevent_desktop.storage.atomic import write_atomically
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


def verify(conn: Connection, anchor: Path | None = None, key: bytes | None = None) -> list[str]:
    """Return the problems found walking the chain in id order; [] when intact.

    With ``anchor`` (the ``vault.audit-head`` file written at each lock) and the database key, it also
    checks that the entry recorded as the head then is still there, so removing the LAST entries is caught.
    """
    problems: list[str] = []
    prev = GENESIS
    position = 0
    last_id = 0
    by_id: dict[int, str] = {}
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
        by_id[int(entry_id)] = str(digest)
    if anchor is not None and key is not None:
        problems.extend(_check_anchor(anchor, key, position, by_id))
    return problems


# -- the anchor: the chain head (count, last id, last hash) kept outside the database, under a MAC -------------
ANCHOR_FORMAT = "prevent-desktop-audit-head"


def _mac_key(key: bytes) -> bytes:
    return hmac.new(key, b"prevent-desktop/audit-anchor/v1", hashlib.sha256).digest()


def _anchor_mac(key: bytes, n: int, last_id: int, last_hash: str) -> str:
    message = f"{ANCHOR_FORMAT}|{n}|{last_id}|{last_hash}".encode("ascii")
    return hmac.new(_mac_key(key), message, hashlib.sha256).hexdigest()


def head(conn: Connection) -> tuple[int, int, str]:
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return 0, 0, GENESIS
    return count(conn), int(row[0]), str(row[1])


def write_anchor(path: Path, conn: Connection, key: bytes) -> None:
    n, last_id, last_hash = head(conn)
    doc = {
        "format": ANCHOR_FORMAT,
        "count": n,
        "last_id": last_id,
        "last_hash": last_hash,
        "mac": _anchor_mac(key, n, last_id, last_hash),
    }
    write_atomically(path, json.dumps(doc, sort_keys=True).encode("ascii"))


def _check_anchor(path: Path, key: bytes, n_now: int, by_id: dict[int, str]) -> list[str]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError:
        return [f"the audit head file {path.name} cannot be read"]
    try:
        doc = json.loads(raw.decode("ascii"))
        n, last_id, last_hash, mac = int(doc["count"]), int(doc["last_id"]), str(doc["last_hash"]), doc["mac"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return [f"the audit head file {path.name} is damaged"]
    if not isinstance(mac, str) or not hmac.compare_digest(mac, _anchor_mac(key, n, last_id, last_hash)):
        return [f"the audit head file {path.name} was not written with this vault's key (edited or swapped)"]
    if last_id == 0:
        return []
    if by_id.get(last_id) != last_hash:
        return [
            f"entry {last_id}, the last entry when the vault was last locked, is missing or changed: "
            f"entries were removed from the end of the log (the log had {n} entries then, {n_now} now)"
        ]
    if n_now < n:
        return [f"the log had {n} entries when the vault was last locked and has {n_now} now"]
    return []


def remove_anchor(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
