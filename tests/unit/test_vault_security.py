"""Checklist items on the vault itself: pragmas, fail-closed, KDF strength and cost, no plaintext, lock file,
failed-unlock back-off."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import pytest

from prevent_desktop.errors import NotSQLCipher, TooManyAttempts, VaultLocked, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import create_vault, open_session
from prevent_desktop.storage import db, keyslots, lockfile
from prevent_desktop.storage.attempts import backoff_seconds, read_attempts
from prevent_desktop.storage.db import read_pragmas, transaction
from prevent_desktop.storage.keyslots import TEST_KDF, KeySlotFile
from prevent_desktop.storage.vault import Secret, unwrap_key
from tests.conftest import PASSPHRASE, ROOT

SENTINEL = "ZZ-5f0c2a7e-sentinel-Ünïcode"


def test_connection_pragmas(session) -> None:  # type: ignore[no-untyped-def]
    assert read_pragmas(session.conn) == db.EXPECTED_PRAGMAS
    conn = session.conn
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]) == 4096
    assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
    assert conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0] == "PBKDF2_HMAC_SHA512"


def test_plain_sqlite_build_is_refused(paths: DataPaths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A non-SQLCipher build silently ignores PRAGMA key: the app must refuse instead of writing plaintext."""
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    key = session.vault.key
    session.close()
    monkeypatch.setattr(db, "sqlcipher3", sqlite3)
    with pytest.raises(NotSQLCipher):
        db.open_connection(paths.database, key)
    with pytest.raises(NotSQLCipher):
        db.open_connection(paths.root / "new.db", key, create=True)


def test_product_kdf_is_argon2id_64mib_p4_calibrated_to_about_a_second() -> None:
    params = keyslots.PRODUCT_POLICY.choose()  # what the shipped program wraps new slots with
    assert params.name == "argon2id"
    assert params.memory_kib >= 65536 and params.parallelism == 4 and params.is_product_strength
    start = time.perf_counter()
    keyslots.derive("calibration check", os.urandom(16), params)
    elapsed = time.perf_counter() - start
    assert elapsed >= 0.5, f"calibrated KDF took only {elapsed:.2f} s"


@pytest.mark.fresh_vault  # about new vaults' own secrets: never from the session's template copy
def test_salts_are_random_16_bytes_per_slot_and_vault(tmp_path: Path) -> None:
    salts = []
    for name in ("a", "b"):
        session, _ = create_vault(DataPaths(tmp_path / name), PASSPHRASE, kdf=TEST_KDF)
        session.close()
        salts += [s.salt for s in KeySlotFile.read(tmp_path / name / "vault.keys").slots]
    assert all(len(s) == 16 for s in salts)
    assert len(set(salts)) == len(salts) == 4


def test_a_session_of_100_operations_runs_the_kdf_once(paths: DataPaths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    session.close()
    calls = []
    real = keyslots.derive

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(keyslots, "derive", counting)
    session = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        for i in range(100):
            if i % 2:
                session.vault.set_setting(f"op{i}", str(i))
            else:
                session.conn.execute("SELECT count(*) FROM audit_log").fetchone()
    finally:
        session.close()
    assert len(calls) == 1


def test_no_plaintext_in_database_journal_or_temp_files(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmp = Path(tempfile.gettempdir())
    before = {p: p.stat().st_mtime_ns for p in tmp.iterdir() if p.is_file()}
    conn = session.conn
    with transaction(conn):
        for i in range(3000):
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"s{i:05d}", f"{SENTINEL}-{i % 97}"))
    # Work that would spill to temp files with temp_store=FILE: big sorts, DISTINCT, an index build, VACUUM.
    conn.execute("SELECT DISTINCT value FROM settings ORDER BY value DESC").fetchall()
    conn.execute("SELECT key FROM settings ORDER BY value, key").fetchall()
    conn.execute("CREATE INDEX tmp_idx ON settings(value)")
    conn.execute("VACUUM")
    with transaction(conn):
        conn.execute("DELETE FROM settings WHERE key LIKE 's%'")
    assert int(conn.execute("PRAGMA secure_delete").fetchone()[0]) == 1
    assert int(conn.execute("PRAGMA temp_store").fetchone()[0]) == 2
    folder = session.vault.paths.root
    new_tmp = [p for p in tmp.iterdir() if p.is_file() and before.get(p) != _mtime(p)]
    needles = [SENTINEL.encode("utf-8"), SENTINEL.encode("utf-16-le"), b"SQLite format 3\x00"]
    for file in [*folder.iterdir(), *new_tmp]:
        if file.is_file():
            data = _read(file)
            for needle in needles:
                assert needle not in data, f"{needle[:16]!r} found in {file}"


def _mtime(p: Path) -> int | None:
    try:
        return p.stat().st_mtime_ns
    except OSError:
        return None


def _read(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError:
        return b""


def test_backoff_schedule_and_enforcement(paths: DataPaths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert [backoff_seconds(n) for n in range(10)] == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30]
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    session.close()
    now = [1_000_000.0]
    from prevent_desktop.storage import attempts as attempts_mod

    monkeypatch.setattr(attempts_mod, "_clock", lambda: now[0])
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            unwrap_key(paths, Secret.passphrase("wrong wrong wrong"))
    with pytest.raises(TooManyAttempts) as info:  # even the right one waits: no KDF is run meanwhile
        unwrap_key(paths, Secret.passphrase(PASSPHRASE))
    assert info.value.wait_seconds == 1 and "wait 1 s" in str(info.value)
    now[0] += 1.01
    with pytest.raises(WrongPassphrase):
        unwrap_key(paths, Secret.passphrase("wrong again"))
    assert read_attempts(paths).failures == 4
    with pytest.raises(TooManyAttempts) as info:
        unwrap_key(paths, Secret.passphrase(PASSPHRASE))
    assert info.value.wait_seconds == 2
    now[0] += 2.01
    session = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        rows = session.conn.execute(
            "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 2"
        ).fetchall()
        assert [r[0] for r in rows] == ["vault.unlock", "vault.unlock_failed"]
        assert rows[1][1].startswith("4 failed attempt(s) since ")
    finally:
        session.close()
    assert read_attempts(paths).failures == 0 and not paths.attempts.exists()
    assert json.dumps(read_attempts(paths).__dict__)  # nothing secret in it: counts and times only


# -- the lock file ---------------------------------------------------------------------------------------------
HOLDER = """
import sys, time
from pathlib import Path
from typing import ClassVar
from prevent_desktop.storage.lockfile import VaultLock
VaultLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_instance_is_refused_naming_the_first_and_stale_lock_is_taken_over(paths: DataPaths) -> None:
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    session.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.lockfile)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(VaultLocked) as info:
            open_session(paths, Secret.passphrase(PASSPHRASE))
        assert f"process {holder.pid} on " in str(info.value) and "since" in str(info.value)
        # The CLI says the same.
        from tests.conftest import run_cli

        result = run_cli("check", data_dir=paths.root, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
        assert result.returncode == 1 and f"process {holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.communicate()
    # The holder died without cleaning up: its lock file is still there, but the OS lock went with it.
    assert lockfile.read_info(paths.lockfile) is not None
    session = open_session(paths, Secret.passphrase(PASSPHRASE))
    info_now = lockfile.read_info(paths.lockfile)
    assert info_now is not None and info_now.pid == os.getpid()
    session.close()


class FakeMsvcrt:
    """Windows' msvcrt.locking, simulated: one byte-range lock per (file, offset), shared across 'processes'."""

    LK_NBLCK = 2
    LK_UNLCK = 0
    locks: ClassVar[dict[tuple[int, int], int]] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        ino = os.fstat(fd).st_ino
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        key = (ino, offset)
        if mode == self.LK_NBLCK:
            if key in self.locks and self.locks[key] != fd:
                raise OSError(36, "Resource deadlock avoided")
            self.locks[key] = fd
        else:
            self.locks.pop(key, None)


def test_windows_lock_logic_through_a_fake_msvcrt(tmp_path: Path) -> None:
    fake = FakeMsvcrt()
    path = tmp_path / "vault.lock"
    first = lockfile.VaultLock(path, platform="windows", msvcrt=fake).acquire()
    # A second "process": bypass the in-process re-entrancy by clearing it around the attempt.
    saved = dict(lockfile._held)
    lockfile._held.clear()
    try:
        with pytest.raises(VaultLocked, match=f"process {os.getpid()}"):
            lockfile.VaultLock(path, platform="windows", msvcrt=fake).acquire()
    finally:
        lockfile._held.update(saved)
    first.release()
    assert not fake.locks
    again = lockfile.VaultLock(path, platform="windows", msvcrt=fake).acquire()
    again.release()


def test_lock_is_reentrant_within_one_process(paths: DataPaths) -> None:
    paths.ensure()
    a = lockfile.VaultLock(paths.lockfile).acquire()
    b = lockfile.VaultLock(paths.lockfile).acquire()
    b.release()
    assert lockfile.holds(paths.lockfile)
    a.release()
    assert not lockfile.holds(paths.lockfile)
