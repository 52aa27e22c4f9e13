"""A consistent copy of the vault's pages, and the full check of the vault made on it (issue 11).

The unlock reads no more of the vault than it needs (``Vault.open``); SQLCipher checks the HMAC of every page it
reads. The rest of the file is checked here, in the background, on a copy:

* ``consistent_copy`` copies the vault file's pages as they are on disk (still encrypted: no key work, the speed
  of a file copy) while the UI keeps saving: no lock is held while it copies, and ``PRAGMA data_version`` read
  in a read transaction before and after tells whether another connection committed meanwhile; if one did, the
  copy starts again (after ``RESTARTS`` restarts the copy is made holding a read lock, which delays a save for
  the length of one copy). The copy is therefore one committed state, page for page.
* ``vault_problems`` is the background check: such a copy in a scratch file, then every page's HMAC
  (``cipher_integrity_check``), the b-trees of every ordinary table (``storage.db.btree_problems``) and the
  foreign keys, on the copy, so nothing on the live file is locked for longer than a moment.

A backup (``storage.backup.make_backup``) is the same copy, checked page by page and counted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prevent_desktop.errors import KnownError, VaultDamaged
from prevent_desktop.storage.db import (
    Connection,
    btree_problems,
    open_connection,
    page_problems,
)

Step = Callable[[str], None]
COPY_PAGES = 256  # pages copied between two calls of ``step`` (where a cancel stops the copy)
RESTARTS = 3  # commits seen during a copy restart it; after this many the copy is made under a read lock


def _no_step(_stage: str) -> None:
    return None


@dataclass(frozen=True)
class PageCopy:
    path: Path
    size: int
    sha256: str
    restarts: int


def database_file(conn: Connection) -> Path:
    """The file of the connection's main database."""
    for row in conn.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    raise KnownError("The vault database has no file to copy.")  # an in-memory database: a bug in the caller


def _state(conn: Connection) -> tuple[int, int, int]:
    """(data_version, page_count, page_size) read in one read transaction: data_version changes when another
    connection has committed since this connection's last read."""
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.execute("COMMIT")
    return version, pages, page_size


def _new_private_file(path: Path) -> int:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a stale copy, or a planted link: the link itself goes, its target is never touched
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o600)  # owner-only from the start, created by us


def _copy_once(source: Path, target: Path, length: int, page_size: int, step: Step) -> str:
    digest = hashlib.sha256()
    chunk = COPY_PAGES * page_size
    fd = _new_private_file(target)
    try:
        with open(source, "rb") as src:
            left = length
            while left > 0:
                step("copying")
                data = src.read(min(chunk, left))
                if not data:
                    break  # shorter than its header says: the check of the copy reports it
                digest.update(data)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                left -= len(data)
    finally:
        os.close(fd)
    return digest.hexdigest()


def consistent_copy(conn: Connection, target: Path, step: Step = _no_step) -> PageCopy:
    """Copy the pages of ``conn``'s database file (one committed state, see the module's docstring) into the new
    file ``target`` (0600). The caller removes ``target``."""
    source = database_file(conn)
    restarts = 0
    while True:
        before = _state(conn)
        _version, pages, page_size = before
        if restarts >= RESTARTS:  # saves keep coming: copy holding a read lock (they wait for one copy)
            conn.execute("BEGIN")
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
                sha = _copy_once(source, target, pages * page_size, page_size, step)
            finally:
                conn.execute("COMMIT")
            return PageCopy(target, pages * page_size, sha, restarts)
        sha = _copy_once(source, target, pages * page_size, page_size, step)
        if _state(conn) == before:
            return PageCopy(target, pages * page_size, sha, restarts)
        restarts += 1


def scratch_name(folder: Path, what: str) -> Path:
    """A scratch file name ``storage.atomic.clean_stale_partials`` removes once its process is gone."""
    return folder / f".{what}.{os.getpid()}.export.db"


def remove_scratch(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def vault_problems(conn: Connection, key: bytes, step: Step = _no_step) -> list[str]:
    """The background check of the whole vault (``services.vault_service.full_page_check``): a consistent copy
    of its pages beside it, then every page's HMAC, every ordinary table's b-trees and the foreign keys on the
    copy. [] when all is well. Raises KnownError when the check could not be made (disk full, cancelled…)."""
    scratch = scratch_name(database_file(conn).parent, "vault-check")
    try:
        consistent_copy(conn, scratch, step)
        step("copied")
        try:
            copy = open_connection(scratch, key)  # the probe and the whole-pages check, on the copy
        except VaultDamaged as exc:
            return [str(exc)]
        try:
            problems = page_problems(copy)
            step("pages")
            if not problems:  # a page that fails its HMAC reads as zeros: the b-tree check would only repeat it
                problems = btree_problems(copy, step)
                problems.extend(
                    f"foreign key: {tuple(r)}" for r in copy.execute("PRAGMA foreign_key_check").fetchall()
                )
        finally:
            copy.close()
        step("checked")
        return problems
    finally:
        remove_scratch(scratch)
