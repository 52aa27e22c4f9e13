"""Backups: one self-contained, encrypted, verified file holding the key slots and the database.

Container (version 1)::

    b"PDBACKUP" | u32 big-endian header length | header (JSON, ASCII) | database bytes | SHA-256 of all before

The database bytes are a SQLCipher database made by ``sqlcipher_export`` into an ATTACHed target keyed with the
same raw key, so the backup opens with the passphrase or recovery key that were valid when it was made (their
key slots travel in the header). Nothing in the header is personal: dates, sizes, the schema version, digests.
The trailing SHA-256 tells a damaged file (bit flip, truncation) from a wrong passphrase before any key work.

A backup is written beside its target and renamed into place (``write_atomically``), then read back and
checked, so a kill or a full disk never leaves a partial file where the last good one was.

The key slots in the header carry the vault's rollback anchor as it was when the backup was made (see
``storage.audit.Anchor``): read without any key work by ``embedded_anchor``, it lets an unlock notice that the
vault files in place are older than a backup, and a restore set the anchor above every backup's.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from prevent_desktop import __version__
from prevent_desktop.errors import BackupDamaged, DiskFull, KnownError, VaultDamaged
from prevent_desktop.paths import BACKUP_SUFFIX
from prevent_desktop.storage import audit
from prevent_desktop.storage.atomic import clean_stale_partials, write_atomically, write_atomically_from
from prevent_desktop.storage.db import (
    Connection,
    btree_problems,
    confirmed_page_problems,
    integrity_problems,
    memory_database,
    open_connection,
    page_problems,
    translate_error,
)
from prevent_desktop.storage.integrity import consistent_copy, remove_scratch
from prevent_desktop.storage.keyslots import KeySlotFile
from prevent_desktop.storage.migrations import current_version

MAGIC = b"PDBACKUP"
FORMAT = "prevent-desktop-backup"
FORMAT_VERSION = 1
MAX_HEADER = 1 << 20
DIGEST = 32
SNAPSHOT_PAGES = 64  # a compacting backup's snapshot copies this many pages per step (a save waits for one step)
SNAPSHOT_RESTARTS = 3  # saves during the snapshot restart it; after this many, the rest is copied in one step
COMPACT_FREE_SHARE = 0.25  # free pages above this share of the file: the backup is compacted (sqlcipher_export)

Step = Callable[[str], None]  # called between the stages of a backup; a job's may raise to cancel it


def _no_step(_stage: str) -> None:
    return None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    kind: str
    schema_version: int
    db_size: int
    verified: bool
    app_version: str

    def describe(self) -> str:
        when = self.created_at
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(self.created_at).strftime("%d/%m/%Y %H:%M")
        return f"{self.path.name} (made {when})"


@dataclass(frozen=True)
class Parsed:
    info: BackupInfo
    header: dict[str, Any]
    keyslots: bytes
    database: bytes


def table_counts(conn: Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def counts_digest(counts: dict[str, int]) -> str:
    return hashlib.sha256(json.dumps(counts, sort_keys=True).encode("ascii")).hexdigest()


def _scratch_name(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{what}")


def _new_private_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a stale copy, or a planted link: the link itself goes, its target is never touched
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)  # owner-only from the start, created by us
    os.close(fd)


class _RestartedTooOften(Exception):
    pass


def snapshot(conn: Connection, key: bytes, step: Step = _no_step) -> Connection:
    """Copy the live database into memory (a database keyed like the vault: no scratch file, no extra disk space)
    with SQLite's online backup, ``SNAPSHOT_PAGES`` pages per step, and return the copy's connection. Between
    steps no lock is held, so a save on another connection (the UI's) waits for one step at most, never for the
    whole copy; such a save makes SQLite restart the copy, which is therefore always one committed state. After
    ``SNAPSHOT_RESTARTS`` restarts the rest is copied in one step. Costs the vault's size in memory meanwhile."""
    last = {"remaining": -1, "restarts": 0}

    def progress(_status: int, remaining: int, _total: int) -> None:
        step("copying")
        if 0 <= last["remaining"] <= remaining:  # the copy went back to its start: the source changed
            last["restarts"] += 1
            if last["restarts"] > SNAPSHOT_RESTARTS:
                raise _RestartedTooOften()
        last["remaining"] = remaining

    copy = memory_database(key)
    try:
        try:
            conn.backup(copy, pages=SNAPSHOT_PAGES, progress=progress, sleep=0.005)
        except _RestartedTooOften:
            conn.backup(copy, pages=-1)
    except Exception as exc:
        copy.close()
        raise _translate(exc) from None
    except BaseException:
        copy.close()
        raise
    return copy


def export_database(conn: Connection, key: bytes, target_db: Path) -> dict[str, int]:
    """``sqlcipher_export`` the open database into a new file keyed with the same raw key; returns the row
    counts read in the same read transaction, so they describe exactly what was exported."""
    _new_private_file(target_db)
    attached = False
    try:
        conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(target_db),))
        attached = True
        conn.execute("BEGIN")
        try:
            counts = table_counts(conn)
            version = current_version(conn)
            conn.execute("SELECT sqlcipher_export('backup')")
            conn.execute(f"PRAGMA backup.user_version = {int(version)}")
        finally:
            conn.execute("COMMIT")
    except Exception as exc:
        raise _translate(exc) from None
    finally:
        if attached:
            with contextlib.suppress(Exception):
                conn.execute("DETACH DATABASE backup")
    return counts


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, KnownError):
        return exc
    if isinstance(exc, OSError):
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull("The disk is full, so the backup was not made. Free some space and try again.")
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return KnownError("The backup folder is read-only or not yours, so the backup was not made.")
        return KnownError(f"The backup could not be written ({exc.strerror}).")
    translated = translate_error(exc) if isinstance(exc, Exception) else exc
    if translated is exc:
        return KnownError(f"The backup could not be made ({type(exc).__name__}).")
    if isinstance(translated, DiskFull):
        return DiskFull("The disk is full, so the backup was not made. Free some space and try again.")
    return translated


def check_database_file(db: Path, key: bytes) -> tuple[list[str], dict[str, int], int]:
    """Open a database copy with the key and run both integrity checks; (problems, counts, schema version)."""
    conn = open_connection(db, key)
    try:
        problems = integrity_problems(conn)
        return problems, table_counts(conn), current_version(conn)
    finally:
        conn.close()


def build_container(header: dict[str, Any], database: bytes) -> bytes:
    head = json.dumps(header, sort_keys=True, ensure_ascii=True).encode("ascii")
    body = MAGIC + struct.pack(">I", len(head)) + head + database
    return body + hashlib.sha256(body).digest()


def make_backup(
    conn: Connection, key: bytes, keyslots: bytes, target: Path, *, kind: str = "manual", step: Step = _no_step
) -> BackupInfo:
    """Copy the vault, verify the copy, then write the container atomically and read it back. Raises a KnownError
    (DiskFull, VaultDamaged, …) and leaves no partial file on failure. The UI's saves never wait for more than a
    moment: no lock is held while the copy is made (see ``_page_copy``, ``_compact_copy``).

    Verified, once each (docs/notes/reliability.md says why this is enough): every page of the copy against its
    HMAC under the key (``cipher_integrity_check``: the copy is whole, encrypted with this key and undamaged; and
    the vault's pages too, so a damaged vault is never backed up over the good backups), the row counts (stored
    as a digest, compared at restore), and what reached the disk (both checksums, read back). Not repeated: the
    FTS5 tables' own index checks (30 s at 100,000 cases), which test the vault's search index, not the copy:
    the background check and ``check`` cover the vault.

    ``step`` is called at "copying" (between chunks of the copy), "snapshot" (the copy is complete), "exported"
    (a compacting backup only) and "verified"; if it raises, nothing is written."""
    target = Path(target)
    # Only the slots the app made travel: a planted slot of unknown kind is dropped here (KeySlotFile ignores it).
    keyslots = KeySlotFile.from_bytes(keyslots).to_bytes()
    scratch = _scratch_name(target, "export.db")
    try:
        try:
            made = _compact_copy if _free_share(conn) > COMPACT_FREE_SHARE else _page_copy
            problems, counts, version, sha = made(conn, key, scratch, step)
        except OSError as exc:
            raise _translate(exc) from None
        if problems:
            raise VaultDamaged(
                f"The vault database is damaged ({len(problems)} problem(s) found while backing it up), so no "
                "backup was made and the backups you have were kept. Restore the newest backup."
            )
        step("verified")
        size = scratch.stat().st_size
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "kind": kind,
            "app_version": __version__,
            "schema_version": version,
            "verified": True,
            "keyslots": base64.b64encode(keyslots).decode("ascii"),
            "db_size": size,
            "db_sha256": sha,
            "counts_sha256": counts_digest(counts),
        }
        try:
            written: dict[str, bytes] = {}
            write_atomically_from(target, _container_chunks(header, scratch, written))
        except OSError as exc:
            raise _translate(exc) from None
    finally:
        remove_scratch(scratch)
    # Read back what reached the disk: its checksum must be the one computed while writing (the container then is,
    # byte for byte, the header and the checked copy).
    return read_header(target, checksum=True, trailer=written["trailer"])


def _free_share(conn: Connection) -> float:
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    return free / pages if pages else 0.0


def _page_copy(
    conn: Connection, key: bytes, scratch: Path, step: Step
) -> tuple[list[str], dict[str, int], int, str]:
    """The usual backup: the vault's pages as they are on disk, one committed state (``consistent_copy``: the
    speed of a file copy, no key work), then the copy's pages checked and its rows counted."""
    copy = consistent_copy(conn, scratch, step)
    step("snapshot")
    problems, counts, version = check_copy(scratch, key)
    return problems, counts, version, copy.sha256


def _compact_copy(
    conn: Connection, key: bytes, scratch: Path, step: Step
) -> tuple[list[str], dict[str, int], int, str]:
    """A vault with many free pages (after a purge): the rows re-written into a new file with ``sqlcipher_export``
    from an in-memory snapshot, so the backup holds no free pages. The snapshot cannot tell a damaged page (it
    reads as zeros), so the vault's own pages are checked first; the new file's b-trees are checked too (they are
    new)."""
    problems = confirmed_page_problems(conn)
    if problems:
        return problems, {}, 0, ""
    copy = snapshot(conn, key, step)
    try:
        step("snapshot")
        counts = export_database(copy, key, scratch)
    finally:
        copy.close()
    step("exported")
    problems, copy_counts, version = check_copy(scratch, key)
    if not problems:
        check = open_connection(scratch, key)
        try:
            problems = btree_problems(check)
        finally:
            check.close()
    if not problems and copy_counts != counts:
        problems = ["the copy does not hold the same number of records as the vault"]
    return problems, counts, version, _file_sha256(scratch)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_copy(db: Path, key: bytes) -> tuple[list[str], dict[str, int], int]:
    """A backup's verification of its copy: (pages failing their HMAC or the copy not opening, row counts, schema
    version)."""
    try:
        conn = open_connection(db, key)
    except VaultDamaged as exc:
        return [str(exc)], {}, 0
    try:
        problems = page_problems(conn)
        if problems:  # a page that fails its HMAC cannot be counted through
            return problems, {}, 0
        return [], table_counts(conn), current_version(conn)
    finally:
        conn.close()


def _container_chunks(header: dict[str, Any], database: Path, written: dict[str, bytes]) -> Iterator[bytes]:
    """The container, in pieces (``MAGIC | length | header | database | SHA-256 of all before``); the trailing
    digest is also left in ``written["trailer"]``."""
    head = json.dumps(header, sort_keys=True, ensure_ascii=True).encode("ascii")
    digest = hashlib.sha256()
    for part in (MAGIC, struct.pack(">I", len(head)), head):
        digest.update(part)
        yield part
    with open(database, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            yield chunk
    written["trailer"] = digest.digest()
    yield written["trailer"]


def pack_files(database: Path, keyslots: Path, target: Path, *, kind: str) -> BackupInfo:
    """Pack the current files as they are (no key needed, not verified): used to keep a vault aside."""
    data = database.read_bytes()
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "kind": kind,
        "app_version": __version__,
        "schema_version": 0,
        "verified": False,
        "keyslots": base64.b64encode(keyslots.read_bytes()).decode("ascii"),
        "db_size": len(data),
        "db_sha256": hashlib.sha256(data).hexdigest(),
        "counts_sha256": "",
    }
    write_atomically(target, build_container(header, data))
    return read_backup(target).info


def _damaged(name: str) -> str:
    return f"The file {name} is damaged or is not a Prevent Desktop backup"


def _parse_header(head: bytes, name: str, path: Path) -> tuple[dict[str, Any], bytes, BackupInfo]:
    """The JSON header: its fields, the key slots it carries (checked) and the description. BackupDamaged only."""
    try:
        header = json.loads(head.decode("ascii"))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("not a backup header")
        if header.get("version") != FORMAT_VERSION:
            raise BackupDamaged(f"The backup {name} was made by a newer version of Prevent Desktop.")
        keyslots = base64.b64decode(str(header["keyslots"]).encode("ascii"), validate=True)
        db_size = header["db_size"]
        if not isinstance(db_size, int) or isinstance(db_size, bool) or db_size < 0:
            raise ValueError("bad database size")
        info = BackupInfo(
            path=path,
            created_at=str(header["created_at"]),
            kind=str(header["kind"]),
            schema_version=int(header["schema_version"]),
            db_size=db_size,
            verified=bool(header["verified"]),
            app_version=str(header["app_version"]),
        )
        KeySlotFile.from_bytes(keyslots, name=f"key file inside {name}")
    except BackupDamaged:
        raise
    except RecursionError:
        raise BackupDamaged(f"{_damaged(name)} (its header is nested too deeply).") from None
    except VaultDamaged as exc:
        raise BackupDamaged(f"{_damaged(name)} ({exc}).") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BackupDamaged(f"{_damaged(name)} ({type(exc).__name__}).") from None
    return header, keyslots, info


def parse(raw: bytes, name: str = "backup", path: Path | None = None) -> Parsed:
    """Check the container's structure and checksum. Raises BackupDamaged only."""
    damaged = _damaged(name)
    if len(raw) < len(MAGIC) + 4 + DIGEST or not raw.startswith(MAGIC):
        raise BackupDamaged(f"{damaged}.")
    body, digest = raw[:-DIGEST], raw[-DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        raise BackupDamaged(f"{damaged} (its checksum does not match: it was truncated or changed).")
    (length,) = struct.unpack(">I", body[8:12])
    if length > MAX_HEADER or 12 + length > len(body):
        raise BackupDamaged(f"{damaged} (bad header length).")
    header, keyslots, info = _parse_header(body[12 : 12 + length], name, path or Path(name))
    database = body[12 + length :]
    if info.db_size != len(database) or hashlib.sha256(database).hexdigest() != header.get("db_sha256"):
        raise BackupDamaged(f"{damaged} (its database does not match its header).")
    return Parsed(info, header, keyslots, database)


def read_backup(path: Path) -> Parsed:
    """The whole file, checked (structure, checksum, digests): for verify and restore."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KnownError(f"There is no backup file at {path}.") from None
    except IsADirectoryError:
        raise KnownError(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise KnownError(f"The backup {path.name} cannot be read ({exc.strerror}).") from None
    return parse(raw, path.name, path)


def read_header(path: Path, *, checksum: bool = False, trailer: bytes = b"") -> BackupInfo:
    """What a backup says about itself from its header alone (at most ``MAX_HEADER`` bytes are read), with its
    size checked against the header: cheap for any file size. ``checksum`` also streams the whole file through
    SHA-256 in fixed-size chunks (constant memory) to catch a changed byte, and checks the database part against
    its header's digest; or, given ``trailer`` (the read-back of a new backup), checks that the file's checksum is
    the one computed while writing it, which pins every byte. Raises KnownError/BackupDamaged."""
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as fh:
            start = fh.read(12)
            if len(start) < 12 or not start.startswith(MAGIC):
                raise BackupDamaged(f"{_damaged(name)}.")
            (length,) = struct.unpack(">I", start[8:12])
            if length > MAX_HEADER:
                raise BackupDamaged(f"{_damaged(name)} (bad header length).")
            head = fh.read(length)
            size = os.fstat(fh.fileno()).st_size
            if len(head) != length:
                raise BackupDamaged(f"{_damaged(name)} (it was cut short).")
            header, _keyslots, info = _parse_header(head, name, path)
            if size != 12 + length + info.db_size + DIGEST:
                raise BackupDamaged(f"{_damaged(name)} (its size does not match its header: it was cut short).")
            if checksum:
                database = _check_stream(fh, size, name, 12 + length, trailer)
                if not trailer and database != header.get("db_sha256"):
                    raise BackupDamaged(f"{_damaged(name)} (its database does not match its header).")
    except FileNotFoundError:
        raise KnownError(f"There is no backup file at {path}.") from None
    except IsADirectoryError:
        raise KnownError(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise KnownError(f"The backup {name} cannot be read ({exc.strerror}).") from None
    return info


def _check_stream(fh: Any, size: int, name: str, database_at: int, trailer: bytes = b"") -> str:
    """Stream the file once: its trailing checksum checked (and equal to ``trailer`` when given); the SHA-256 of
    its database part returned ("" when ``trailer`` is given: it pins every byte already)."""
    fh.seek(0)
    digest = hashlib.sha256()
    database = None if trailer else hashlib.sha256()
    position = 0
    remaining = size - DIGEST
    while remaining > 0:
        chunk = fh.read(min(1 << 20, remaining))
        if not chunk:
            break
        digest.update(chunk)
        if database is not None and position + len(chunk) > database_at:
            database.update(memoryview(chunk)[max(0, database_at - position) :])
        position += len(chunk)
        remaining -= len(chunk)
    stored = fh.read(DIGEST)
    if remaining or stored != digest.digest() or (trailer and stored != trailer):
        raise BackupDamaged(f"{_damaged(name)} (its checksum does not match: it was truncated or changed).")
    return database.hexdigest() if database is not None else ""


def extract(parsed: Parsed, kind: str, text: str, target_db: Path) -> bytes:
    """Unwrap the database key with the secret, write the database to ``target_db`` (0600) and check it
    fully. Returns the key. The caller removes ``target_db`` if it does not keep it."""
    slots = KeySlotFile.from_bytes(parsed.keyslots, name=f"key file inside {parsed.info.path.name}")
    key = slots.slot(kind).unwrap(text)
    try:
        write_atomically(target_db, parsed.database)
    except OSError as exc:
        raise _translate(exc) from None
    try:
        problems, counts, _version = check_database_file(target_db, key)
    except VaultDamaged:
        problems, counts = ["does not open"], {}
    expected = parsed.header.get("counts_sha256", "")
    if problems or (expected and counts_digest(counts) != expected):
        with contextlib.suppress(OSError):
            target_db.unlink()
        raise BackupDamaged(
            f"The backup {parsed.info.path.name} opened, but its database failed the integrity check."
        )
    return key


def list_backups(folder: Path) -> list[Path]:
    """Backup files in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.name.endswith(BACKUP_SUFFIX)]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def newest_good(folder: Path) -> BackupInfo | None:
    """The newest backup in ``folder`` whose structure and checksum are intact (no key needed; streamed)."""
    for path in list_backups(folder):
        try:
            info = read_header(path, checksum=True)
        except KnownError:
            continue
        if info.verified:
            return info
    return None


def rotate(folder: Path, keep: int, prefix: str = "auto-") -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; returns what was deleted."""
    autos = [p for p in list_backups(folder) if p.name.startswith(prefix)]
    removed = []
    for old in autos[max(1, keep) :]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    return removed


def clean_partials(folder: Path) -> None:
    """Remove scratch files left by a killed backup (``.<name>.<pid>.export.db`` / ``.partial``) of dead pids."""
    clean_stale_partials(folder)


# -- headers only: the anchor check at unlock and the listing read no database bytes --------------------------
def read_header_json(path: Path) -> dict[str, Any]:
    """The JSON header alone (the checksum needs the whole file: ``read_backup`` checks it). Raises
    BackupDamaged or KnownError."""
    path = Path(path)
    damaged = f"The file {path.name} is damaged or is not a Prevent Desktop backup"
    try:
        with open(path, "rb") as fh:
            start = fh.read(len(MAGIC) + 4)
            if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
                raise BackupDamaged(f"{damaged}.")
            (length,) = struct.unpack(">I", start[len(MAGIC) :])
            if length > MAX_HEADER:
                raise BackupDamaged(f"{damaged} (bad header length).")
            raw = fh.read(length)
    except OSError as exc:
        raise KnownError(f"The backup {path.name} cannot be read ({exc.strerror}).") from None
    try:
        header = json.loads(raw.decode("ascii"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BackupDamaged(f"{damaged} (its header is not readable).") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupDamaged(f"{damaged}.")
    return header


def _anchor_in(header: dict[str, Any], name: str) -> audit.Anchor | None:
    try:
        raw = base64.b64decode(str(header["keyslots"]).encode("ascii"), validate=True)
        slots = KeySlotFile.from_bytes(raw, name=f"key file inside {name}")
        return audit.Anchor.from_json(slots.anchor) if slots.anchor is not None else None
    except (KnownError, ValueError, KeyError, TypeError, RecursionError):
        return None


def embedded_anchor(path: Path) -> audit.Anchor | None:
    """The rollback anchor inside a backup's key slots, or None (none, unreadable, damaged)."""
    try:
        return _anchor_in(read_header_json(path), Path(path).name)
    except KnownError:
        return None


def embedded_anchors(folder: Path) -> list[tuple[Path, audit.Anchor | None, str]]:
    """(file, anchor, made) for every backup in ``folder``; header reads only."""
    found = []
    for path in list_backups(folder):
        try:
            header = read_header_json(path)
        except KnownError:
            continue
        found.append((path, _anchor_in(header, path.name), str(header.get("created_at", ""))))
    return found


def rekeyed_side_file(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".next")


def rekey_backup(path: Path, old_key: bytes, new_key: bytes, new_slots: KeySlotFile) -> Path | None:
    """Re-make one backup under ``new_key`` as ``<name>.next`` beside it (the original is untouched): the same
    database re-encrypted (``PRAGMA rekey``) and checked, the new key slots, the backup's own anchor re-MAC'd
    with the new key, its date and kind kept. None when the backup is damaged or does not open with
    ``old_key`` (it belongs to an earlier key): it cannot be re-made, only retired."""
    try:
        parsed = read_backup(path)
    except KnownError:
        return None
    old_anchor = _anchor_in(parsed.header, path.name)
    side = rekeyed_side_file(path)
    scratch = _scratch_name(side, "export.db")
    try:
        write_atomically(scratch, parsed.database)
        try:
            conn = open_connection(scratch, old_key)
        except VaultDamaged:
            return None
        try:
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            head = audit.head(conn)
        finally:
            conn.close()
        # The structure was checked when the backup was made and a rekey rewrites the same pages: what needs
        # proving is that every page now reads with the new key (page HMACs) and the rows are all there. (The full
        # b-tree check would cost 5x the rekey itself on a big vault, for every backup.)
        conn = open_connection(scratch, new_key)
        try:
            bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            counts = table_counts(conn)
        finally:
            conn.close()
        expected = parsed.header.get("counts_sha256", "")
        if bad or (expected and counts_digest(counts) != expected):
            return None
        database = scratch.read_bytes()
    except OSError as exc:
        raise _translate(exc) from None
    finally:
        for leftover in (scratch, scratch.with_name(scratch.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    if old_anchor is not None and old_anchor.verifies(old_key):
        anchor = audit.Anchor.make(new_key, old_anchor.generation, old_anchor.head)
    else:
        anchor = audit.Anchor.make(new_key, 0, head)
    header = dict(parsed.header)
    header["keyslots"] = base64.b64encode(new_slots.with_anchor(anchor.to_json()).to_bytes()).decode("ascii")
    header["db_size"] = len(database)
    header["db_sha256"] = hashlib.sha256(database).hexdigest()
    header["rekeyed_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        write_atomically(side, build_container(header, database))
    except OSError as exc:
        raise _translate(exc) from None
    if read_backup(side).header["db_sha256"] != header["db_sha256"]:
        raise BackupDamaged(f"The re-made backup {side.name} did not read back correctly.")
    return side
