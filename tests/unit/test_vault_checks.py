"""Issue 11, the vault's checks: what must stay true whatever the vault's size (no timing here; speed lives in
``benchmarks/``). The unlock reads no whole file; the background check finds damage the unlock does not read and
says so; a backup checks its copy once, without the FTS5 self-checks; ``check`` runs each check once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.errors import VaultDamaged
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import home, settings
from prevent_desktop.services.backup_service import automatic_backup, backup_now, verify_backup
from prevent_desktop.services.vault_service import (
    check,
    full_check,
    full_check_due,
    open_session,
    open_unlocked,
    recorded_damage,
    unlock_key,
)
from prevent_desktop.storage import backup, integrity
from prevent_desktop.storage.db import open_connection, transaction
from prevent_desktop.storage.vault import Secret, unwrap_key
from tests.conftest import PASSPHRASE
from tests.helpers.sqltrace import traced

NOW = datetime(2026, 11, 26, 9, 30).astimezone()
PAGE = 4096


def _filled(session: Any, rows: int = 40, size: int = 6000) -> DataPaths:
    """Some rows in a table the application never reads (its pages are the last ones of the file), closed."""
    with transaction(session.conn):
        session.conn.execute("CREATE TABLE zz_filler (id INTEGER PRIMARY KEY, body BLOB)")
        for i in range(rows):
            session.conn.execute("INSERT INTO zz_filler (body) VALUES (?)", (bytes([i % 251]) * size,))
    paths: DataPaths = session.vault.paths
    session.close()
    return paths


def _flip(paths: DataPaths, offset_from_end: int) -> None:
    data = bytearray(paths.database.read_bytes())
    data[len(data) - offset_from_end] ^= 0x20
    paths.database.write_bytes(bytes(data))


# -- 5a: the unlock path scans no whole file -------------------------------------------------------------------
def test_unlock_runs_no_whole_file_scan(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``unlock_key`` ran cipher_integrity_check + quick_check (40 s at 100,000 cases, FTS5 checks
    included). Now both halves of the unlock, and the CLI's ``open_session``, read only what they need."""
    paths = _filled(session)
    with traced(monkeypatch) as trace:
        unlocked = unlock_key(paths, Secret.passphrase(PASSPHRASE))
        opened = open_unlocked(unlocked)
        opened.close()
        open_session(paths, Secret.passphrase(PASSPHRASE)).close()
    assert trace.statements, "the trace saw the unlock's statements"
    assert trace.scans() == []


def test_a_file_cut_inside_its_last_page_is_refused_at_open(session: Any) -> None:
    """The cheap part of the damage check stays at every open: a SQLCipher file is a whole number of pages
    (one byte short used to be found only by the whole-file check; a whole page short, by SQLite's probe)."""
    paths = _filled(session)
    data = paths.database.read_bytes()
    key = unwrap_key(paths, Secret.passphrase(PASSPHRASE))
    for cut in (1, PAGE // 2, PAGE, 3 * PAGE):
        paths.database.write_bytes(data[:-cut])
        with pytest.raises(VaultDamaged):
            open_connection(paths.database, key).close()
    paths.database.write_bytes(data)
    open_connection(paths.database, key).close()


# -- 5b: the background check finds and records damage the unlock does not read --------------------------------
def test_background_check_finds_damage_in_a_page_the_unlock_does_not_read(session: Any, tmp_path: Path) -> None:
    paths = _filled(session)
    good = backup_now(open_session(paths, Secret.passphrase(PASSPHRASE)), tmp_path / "good.pdbackup")
    _flip(paths, 3 * PAGE // 2)  # inside the second-to-last page: a zz_filler page
    size = paths.database.stat().st_size
    damaged = paths.database.read_bytes()[size - 2 * PAGE : size - PAGE]
    s = open_session(paths, Secret.passphrase(PASSPHRASE))  # the unlock does not read it: it opens
    try:
        assert settings.get(s, settings.USER_NAME)
        assert full_check_due(s, NOW)
        problems = full_check(s, now=NOW)
        assert problems and any("HMAC" in p for p in problems)
        assert recorded_damage(s) == (NOW.isoformat(timespec="seconds"), len(problems))
        assert full_check_due(s, NOW + timedelta(minutes=1)), "damage on record: checked again at every unlock"
        items = [i for i in home.attention_items(s, NOW.date()) if i.area == "Vault"]
        assert len(items) == 1 and "found damage" in items[0].text and items[0].severity == "overdue"
        # A backup refuses to copy the damage over the good backups.
        with pytest.raises(VaultDamaged, match="no backup was made"):
            backup_now(s, tmp_path / "new.pdbackup")
        assert not (tmp_path / "new.pdbackup").exists()
    finally:
        s.close()
    verify_backup(good.path, Secret.passphrase(PASSPHRASE))
    assert paths.database.read_bytes()[size - 2 * PAGE : size - PAGE] == damaged, "the damaged page is left as it was"


def test_background_check_records_a_sound_vault_and_is_due_a_day_later(session: Any) -> None:
    paths = _filled(session)
    s = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        assert full_check_due(s, NOW), "never checked"
        assert full_check(s, now=NOW) == []
        assert recorded_damage(s) is None
        assert not full_check_due(s, NOW + timedelta(hours=23))
        assert full_check_due(s, NOW + timedelta(days=1))
        assert full_check_due(s, NOW - timedelta(hours=1)), "a clock set back does not skip the check"
        assert [i for i in home.attention_items(s, NOW.date()) if i.area == "Vault"] == []
    finally:
        s.close()
    assert not [p for p in paths.root.iterdir() if p.name.endswith(".export.db")], "its scratch copy is removed"


def test_background_check_clears_damage_once_the_vault_is_sound(session: Any) -> None:
    s = session
    settings.record(s.conn, settings.INTEGRITY_DAMAGE, "2026-11-20T10:00:00+00:00;3")
    assert recorded_damage(s) == ("2026-11-20T10:00:00+00:00", 3)
    assert full_check(s, now=NOW) == []
    assert recorded_damage(s) is None and not full_check_due(s, NOW)


def test_automatic_backups_keep_every_older_one_while_damage_is_on_record(session: Any) -> None:
    for _ in range(3):
        automatic_backup(session, keep=1)
    folder = session.vault.paths.backups
    assert len(list(folder.glob("auto-*"))) == 1
    settings.record(session.conn, settings.INTEGRITY_DAMAGE, "2026-11-20T10:00:00+00:00;3")
    for _ in range(2):
        automatic_backup(session, keep=1)
    assert len(list(folder.glob("auto-*"))) == 3


# -- 5c: a backup checks its copy once; check runs each check once ---------------------------------------------
def test_a_backup_checks_every_page_once_and_runs_no_fts_self_check(session: Any, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the copy got cipher_integrity_check + integrity_check (whose FTS5 checks were 28.8 s of a 35.8 s
    backup at 100,000 cases). Now: one page check of the copy, and no integrity_check / quick_check."""
    with traced(monkeypatch) as trace:
        info = backup_now(session, tmp_path / "b.pdbackup")
    assert trace.count("cipher_integrity_check") == 1
    assert trace.count("integrity_check") == 0 and trace.count("quick_check") == 0
    verify_backup(info.path, Secret.passphrase(PASSPHRASE))


def test_check_runs_each_check_once(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``check`` ran the page check and the integrity check at unlock and again in the check (48 s vs one
    pass 24 s at 100,000 cases). Now once each, and the whole-file integrity check (FTS5 included) stays."""
    paths = session.vault.paths
    session.close()
    with traced(monkeypatch) as trace:
        s = open_session(paths, Secret.passphrase(PASSPHRASE))
        try:
            assert check(s) == []
        finally:
            s.close()
    assert trace.count("cipher_integrity_check") == 1
    assert trace.matching(r"^\s*PRAGMA\s+integrity_check\s*$") and trace.count("integrity_check") == 1
    assert trace.count("quick_check") == 0


# -- the copy the backup and the check are made from --------------------------------------------------------
def test_the_copy_starts_again_when_another_connection_commits_meanwhile(session: Any, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _filled(session)
    key = unwrap_key(paths, Secret.passphrase(PASSPHRASE))
    monkeypatch.setattr(integrity, "COPY_PAGES", 4)
    job, other = open_connection(paths.database, key), open_connection(paths.database, key)
    commits = iter(range(2))

    def step(stage: str) -> None:  # a save from "the UI" while the copy is half made, twice
        if stage == "copying" and (n := next(commits, None)) is not None:
            with transaction(other):
                other.execute("INSERT INTO zz_filler (body) VALUES (?)", (f"saved {n}".encode(),))

    try:
        copy = integrity.consistent_copy(job, tmp_path / "copy.db", step)
    finally:
        job.close()
        other.close()
    assert copy.restarts >= 1
    made = open_connection(copy.path, key)
    try:
        bodies = {r[0] for r in made.execute("SELECT body FROM zz_filler WHERE length(body) < 20")}
    finally:
        made.close()
    assert bodies == {b"saved 0", b"saved 1"}


def test_a_vault_of_mostly_free_pages_is_backed_up_compact(session: Any, tmp_path: Path) -> None:
    """After a purge most of the file is free pages: the backup re-writes the rows instead (sqlcipher_export),
    checks that copy's b-trees too, and restores with every row."""
    paths = _filled(session, rows=200)
    s = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        with transaction(s.conn):
            s.conn.execute("DELETE FROM zz_filler WHERE id > 5")
        info = backup_now(s, tmp_path / "b.pdbackup")
        kept = backup.table_counts(s.conn)
    finally:
        s.close()
    assert info.db_size < paths.database.stat().st_size / 2
    verify_backup(info.path, Secret.passphrase(PASSPHRASE))
    restored = DataPaths(tmp_path / "restored")
    from prevent_desktop.services.backup_service import restore_backup

    restore_backup(restored, info.path, Secret.passphrase(PASSPHRASE))
    r = open_session(restored, Secret.passphrase(PASSPHRASE))
    try:
        counts = backup.table_counts(r.conn)
    finally:
        r.close()
    assert {k: v for k, v in counts.items() if k != "audit_log"} == {k: v for k, v in kept.items() if k != "audit_log"}
