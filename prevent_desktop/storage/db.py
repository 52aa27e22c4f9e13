"""The SQLCipher connection: raw key, asserted pragmas, probe query, fail closed.

Journal mode: rollback journal (``journal_mode=DELETE``) with ``synchronous=FULL``. The vault is written by one
process at a time (a lock file makes sure), so WAL's concurrency buys nothing, while a rollback journal keeps the
whole committed state in the one database file: a backup or copy of the file alone is complete.

Threads: a connection belongs to the thread that opened it (``check_same_thread`` stays on, so a use from another
thread raises instead of corrupting a transaction). Work on another thread opens its own connection; SQLite's locks
order it against the others, and ``busy_timeout`` makes a writer wait for a reader's snapshot (a backup) instead of
failing at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from prevent_desktop.errors import DiskFull, KnownError, NotSQLCipher, VaultDamaged, VaultMissing

import sqlcipher3  # isort: skip

Connection = Any  # sqlcipher3.Connection (untyped C extension)

EXPECTED_PRAGMAS: dict[str, Any] = {
    "journal_mode": "delete",
    "synchronous": 2,  # FULL
    "temp_store": 2,  # MEMORY
    "secure_delete": 1,
    "foreign_keys": 1,
}

DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError
OperationalError = sqlcipher3.OperationalError
ProgrammingError = sqlcipher3.ProgrammingError

# How long a statement waits for another connection's lock (a backup's read snapshot, a job's audit entry) before
# SQLITE_BUSY, which ``translate_error`` turns into "the vault is busy … try again".
BUSY_TIMEOUT_MS = 5000


def _connect(path: Path, *, create: bool) -> Connection:
    mode = "rwc" if create else "rw"
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlcipher3.OperationalError as exc:
        if not path.exists():
            raise VaultMissing(f"No vault database at {path}.") from None
        raise KnownError(f"The vault database {path.name} cannot be opened ({exc}).") from None
    conn.row_factory = sqlcipher3.Row
    return conn


def open_connection(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open the database with the raw 256-bit key. A wrong or damaged file never becomes a new database."""
    if not create and not path.exists():
        raise VaultMissing(f"No vault database at {path}.")
    if not create and path.stat().st_size == 0:
        raise VaultDamaged(f"The vault database {path.name} is empty (zero bytes): it is damaged.")
    conn = _connect(path, create=create)
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise NotSQLCipher("This build has no SQLCipher encryption, so it refuses to open the vault.")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            # The probe: the first read of an encrypted page fails here if the key or file is wrong.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise VaultDamaged(
                f"The vault database {path.name} is damaged or is not a Prevent Desktop vault "
                "(it does not open with this vault's key)."
            ) from None
        apply_pragmas(conn)
        if not create:
            _check_whole_pages(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_whole_pages(conn: Connection, path: Path) -> None:
    """The cheap part of the damage check, at every open: a SQLCipher file is a whole number of pages, as many as
    its header says. (SQLite itself refuses a file shorter than its header's page count at the probe; a file cut
    inside its last page reads that page short, which only a read of it would show.) Read under a read
    transaction, so no other connection is writing the file meanwhile."""
    conn.execute("BEGIN")
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        size = path.stat().st_size
    finally:
        conn.execute("COMMIT")
    if size % page_size or pages * page_size > size:
        raise VaultDamaged(
            f"The vault database {path.name} is damaged: it is not a whole number of pages (it was cut short)."
        )


def memory_database(key: bytes) -> Connection:
    """An empty in-memory database keyed like the vault: the target of a compacting backup's snapshot."""
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.row_factory = sqlcipher3.Row
    return conn


def apply_pragmas(conn: Connection) -> None:
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def read_pragmas(conn: Connection) -> dict[str, Any]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS}


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One save = one transaction. Nothing is reported as saved before COMMIT returns."""
    _begin(conn, "BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException as exc:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlcipher3.OperationalError):  # busy (a long backup snapshot), disk full…: a known error
            known = translate_error(exc)
            if known is not exc:
                raise known from None
        raise
    try:
        conn.execute("COMMIT")
    except sqlcipher3.Error as exc:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        raise translate_error(exc) from None


def _begin(conn: Connection, statement: str) -> None:
    """Start a transaction; busy or locked (another writer, a long backup snapshot) as the known error it means."""
    try:
        conn.execute(statement)
    except sqlcipher3.OperationalError as exc:
        raise translate_error(exc) from None


@contextlib.contextmanager
def read_snapshot(conn: Connection) -> Iterator[Connection]:
    """Reads that all see one state of the vault (a long export read in batches, a search's hits and rows): a
    deferred transaction that writes nothing; inside a transaction already open, that one (it sees one state)."""
    if conn.in_transaction:
        yield conn
        return
    _begin(conn, "BEGIN")
    try:
        yield conn
    finally:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("COMMIT")


# SQLite's primary result codes (the low byte of the extended code). Errors are told apart by code, never by the
# English message text (which is the database's wording and may quote a table or a value: "no such table: full").
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


def result_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of an error raised by SQLCipher (None for anything else)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate_error(exc: Exception) -> Exception:
    """An environmental SQLite error as a KnownError with a sentence for the DSO; any other error unchanged
    (it is a bug and must surface as one). After qutebrowser's ``misc/sql.py``."""
    code = result_code(exc)
    if code == SQLITE_FULL:
        return DiskFull("The disk is full, so the change was not saved. Free some space and save again.")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return KnownError(
            "The vault is busy in another window or program; the change was not saved. Try again."
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return KnownError("The vault is on a read-only disk or folder, so the change was not saved.")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return VaultDamaged("The vault database is damaged; the change was not saved. Restore from a backup.")
    if code == SQLITE_IOERR:
        return KnownError(
            "The disk could not be read or written (an input/output error), so the change was not saved. "
            "Check the disk or USB stick, then try again."
        )
    if code == SQLITE_CANTOPEN:
        return KnownError("The vault's files could not be opened, so the change was not saved.")
    return exc


# -- integrity checks ---------------------------------------------------------------------------------------
# What each costs on a 100,000-case vault (214 MB, this 2-core machine; docs/notes/reliability.md): the page check
# 1.3-1.5 s, the b-trees of the ordinary tables 4.3 s, the FTS5 tables' own checks ~30 s (chronology_fts 19.5 s,
# cases_fts 9.2 s, people_fts 2.6 s), which SQLite >= 3.44 runs inside every integrity_check and quick_check.


def page_problems(conn: Connection) -> list[str]:
    """SQLCipher's check of every page in the file against its HMAC (and of the file's size), one line per bad
    page, all of them (Signal-Desktop#3869 read only the first). It reads the file itself, under no lock: run it
    on a copy nobody writes, or confirm what it finds under a read transaction (``confirmed_page_problems``)."""
    return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]


def confirmed_page_problems(conn: Connection) -> list[str]:
    """``page_problems`` of a file another connection may be writing: a page caught half-written by a commit would
    look damaged, so whatever the lock-free pass finds is checked again under a read transaction (no commit can
    write the file while it is held). Clean, the usual case, costs one pass and holds no lock."""
    if not page_problems(conn):
        return []
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the read (SHARED) lock
        return page_problems(conn)
    finally:
        conn.execute("COMMIT")


def ordinary_tables(conn: Connection) -> list[str]:
    """Every table with a b-tree of its own, FTS5's shadow tables included (not the virtual tables)."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name"
        ).fetchall()
    ]


def btree_problems(conn: Connection, step: Callable[[str], None] | None = None) -> list[str]:
    """SQLite's ``integrity_check`` of each ordinary table and its indexes, one table at a time: every b-tree page
    (FTS5's shadow tables are b-trees like any other), cell, row and index entry, without the FTS5 tables' own
    check of their index against their content (``integrity_problems`` has that) and without the file-wide
    free-list accounting that only the whole-file check does."""
    problems: list[str] = []
    for name in ordinary_tables(conn):
        if step is not None:
            step("tables")  # between two tables: where a background check can be stopped
        try:
            rows = [str(r[0]) for r in conn.execute(f'PRAGMA integrity_check("{name}")').fetchall()]
        except DatabaseError as exc:  # a page too damaged to read stops the check itself: that is a finding
            rows = [f"unreadable ({exc})"]
        if rows != ["ok"]:
            problems.extend(f"{name}: {row}" for row in rows)
    return problems


def integrity_problems(conn: Connection) -> list[str]:
    """Everything, once each (``prevent-desktop check``): every page's HMAC, SQLite's whole-file integrity check
    (b-trees, free list, page accounting, and each FTS5 table's own index check) and the foreign keys."""
    problems = page_problems(conn)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(rows)
        problems.extend(f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check").fetchall())
    except DatabaseError as exc:  # a page too damaged to read stops the check itself: that is a finding
        problems.append(f"the check could not read the whole vault ({exc})")
    return problems

