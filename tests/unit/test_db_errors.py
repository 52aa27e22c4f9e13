"""SQLite errors are told apart by result code (issue 14: ``sqlite_errorcode``), never by the message text.
Every error here is raised by the real SQLCipher library on real files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prevent_desktop.errors import DiskFull, KnownError, VaultDamaged
from prevent_desktop.storage import db

KEY = bytes(range(32))


def raised(fn) -> Exception:  # type: ignore[no-untyped-def]
    with pytest.raises(db.DatabaseError) as info:
        fn()
    return info.value


def new_db(path: Path) -> db.Connection:
    conn = db.open_connection(path, KEY, create=True)
    conn.execute("CREATE TABLE t (x)")
    return conn


def test_a_message_that_merely_mentions_full_or_locked_is_not_a_disk_or_lock_problem(tmp_path: Path) -> None:
    """On main, "no such table: full_log" became "The disk is full" and a bug was hidden behind it."""
    conn = new_db(tmp_path / "v.db")
    for sql in ("SELECT * FROM full_log", "SELECT * FROM locked_cases", "SELECT * FROM readonly_notes",
                "SELECT malformed FROM t"):
        exc = raised(lambda sql=sql: conn.execute(sql))
        assert db.result_code(exc) == 1  # SQLITE_ERROR
        assert db.translate_error(exc) is exc  # a bug stays a bug
    conn.close()


def test_busy_is_known_by_its_code(tmp_path: Path) -> None:
    first = new_db(tmp_path / "v.db")
    first.execute("BEGIN IMMEDIATE")
    second = db.open_connection(tmp_path / "v.db", KEY)
    second.execute("PRAGMA busy_timeout = 0")
    exc = raised(lambda: second.execute("BEGIN IMMEDIATE"))
    assert db.result_code(exc) == db.SQLITE_BUSY
    translated = db.translate_error(exc)
    assert type(translated) is KnownError and "busy" in str(translated)
    with pytest.raises(KnownError, match="busy"), db.transaction(second):
        pass
    first.execute("ROLLBACK")
    first.close()
    second.close()


def test_read_only_is_known_by_its_code(tmp_path: Path) -> None:
    new_db(tmp_path / "v.db").close()
    import sqlcipher3

    conn = sqlcipher3.connect(f"{(tmp_path / 'v.db').as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
    exc = raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))
    assert db.result_code(exc) == db.SQLITE_READONLY
    assert "read-only" in str(db.translate_error(exc))
    conn.close()


def test_not_a_database_is_known_by_its_code(tmp_path: Path) -> None:
    new_db(tmp_path / "v.db").close()
    import sqlcipher3

    conn = sqlcipher3.connect(str(tmp_path / "v.db"))
    conn.execute(f"PRAGMA key = \"x'{bytes(32).hex()}'\"")  # the wrong key
    exc = raised(lambda: conn.execute("SELECT count(*) FROM sqlite_master"))
    assert db.result_code(exc) == db.SQLITE_NOTADB
    assert isinstance(db.translate_error(exc), VaultDamaged)
    conn.close()


def test_codes_map_to_the_sentences(tmp_path: Path) -> None:
    """Each code the issue names has its sentence (FULL and IOERR are raised for real in test_disk_full.py)."""
    conn = new_db(tmp_path / "v.db")
    exc = raised(lambda: conn.execute("SELECT * FROM nowhere"))
    cases = {db.SQLITE_FULL: DiskFull, db.SQLITE_IOERR: KnownError, db.SQLITE_CORRUPT: VaultDamaged,
             db.SQLITE_LOCKED: KnownError, db.SQLITE_CANTOPEN: KnownError}
    for code, kind in cases.items():
        exc.sqlite_errorcode = code | (os.getpid() % 4 << 8)  # an extended code: the primary code is the low byte
        assert isinstance(db.translate_error(exc), kind), code
    conn.close()
