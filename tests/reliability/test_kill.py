"""kill -9 in the middle of work: saves, passphrase changes, backups and rekeys (real child processes).

Each round starts a child, lets it acknowledge a random number of operations, waits a random fraction of a
millisecond or a few, then SIGKILLs it; the parent reopens the vault and checks it. Counts: see conftest
(``PREVENT_DESKTOP_SOAK=1`` raises the kill points to 1,000 for the saves).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prevent_desktop.errors import KnownError, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.storage import audit
from prevent_desktop.storage.attempts import clear_attempts
from prevent_desktop.storage.backup import read_backup
from prevent_desktop.storage.db import integrity_problems, open_connection
from prevent_desktop.storage.vault import Secret, Vault, unwrap_key
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, ROOT
from tests.reliability.conftest import count

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL loop needs POSIX")


def child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def run_and_kill(proc: subprocess.Popen[str], acks_wanted: int, rng: random.Random) -> list[str]:
    """Read ``acks_wanted`` acknowledgements, wait a random moment, SIGKILL; return every line acknowledged."""
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 30
    while len(lines) < acks_wanted:
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"child stopped early: {err[-2000:]}")
        lines.append(line.strip())
        assert time.monotonic() < deadline, "child too slow"
    time.sleep(rng.choice([0, 0, 0.0002, 0.0005, 0.001, 0.003, 0.008, 0.02]))
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=10)
    lines.extend(x.strip() for x in rest.splitlines() if x.strip())
    assert proc.returncode == -signal.SIGKILL
    return lines


def test_kill_during_rapid_saves(session) -> None:  # type: ignore[no-untyped-def]
    paths: DataPaths = session.vault.paths
    key = session.vault.key
    session.close()
    rng = random.Random(20261126)
    kill_points = count(20, 1000)
    acknowledged: set[int] = set()
    next_id = 0
    for _ in range(kill_points):
        lines = run_and_kill(child("saves", str(paths.root), key.hex(), str(next_id)), rng.randint(0, 15), rng)
        acknowledged.update(int(x) for x in lines)
        conn = open_connection(paths.database, key)  # rolls back the hot journal, as any later open would
        try:
            assert integrity_problems(conn) == []
            saved = {
                int(r[0][5:])
                for r in conn.execute("SELECT key FROM settings WHERE key LIKE 'save-%'").fetchall()
            }
            assert acknowledged <= saved, f"acknowledged saves lost: {sorted(acknowledged - saved)[:5]}"
            # No partial record: every save has its audit entry (same transaction) and the chain is intact.
            logged = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'test.save'").fetchone()[0]
            assert logged == len(saved)
            assert audit.verify(conn) == []
            values = conn.execute("SELECT key, value FROM settings WHERE key LIKE 'save-%'").fetchall()
            assert all(v == f"value-{int(k[5:])}-" + "x" * 200 for k, v in values)
            next_id = max(saved, default=-1) + 1
        finally:
            conn.close()
    print(f"STATS kill-saves: kill points={kill_points}, acknowledged saves={len(acknowledged)}, saved={next_id}")
    assert len(acknowledged) >= kill_points


def test_kill_during_passphrase_change(session) -> None:  # type: ignore[no-untyped-def]
    paths: DataPaths = session.vault.paths
    session.close()
    rng = random.Random(7)
    rounds = count(8, 100)
    current = PASSPHRASE
    for _ in range(rounds):
        other = NEW_PASSPHRASE if current == PASSPHRASE else PASSPHRASE
        run_and_kill(child("passphrase", str(paths.root), current, other), rng.randint(0, 2), rng)
        opens = []
        for candidate in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                unwrap_key(paths, Secret.passphrase(candidate))
                opens.append(candidate)
            except WrongPassphrase:
                pass
            clear_attempts(paths)  # probing both on purpose: no back-off for the test's own wrong tries
        assert len(opens) == 1, "exactly one of old/new must open"
        # (The acknowledged change or the next one, renamed into place just before the kill: both are whole.)
        current = opens[0]
        vault = Vault.unlock(paths, Secret.passphrase(current))
        assert vault.check() == []
        vault.conn.close()
    assert not any(p.name.endswith(".partial") for p in paths.root.iterdir() if p.name.startswith(".vault.keys"))
    print(f"STATS kill-passphrase: kill points={rounds}")


def test_kill_during_backup_never_replaces_the_last_good_one(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths: DataPaths = session.vault.paths
    key = session.vault.key
    session.close()
    live = hashlib.sha256(paths.database.read_bytes()).hexdigest()
    target = tmp_path / "out" / "backup.pdbackup"
    target.parent.mkdir()
    rng = random.Random(3)
    rounds = count(8, 100)
    for i in range(rounds):
        before = target.read_bytes() if target.exists() else None
        lines = run_and_kill(child("backup", str(paths.root), key.hex(), str(target)), rng.randint(0, 1), rng)
        assert hashlib.sha256(paths.database.read_bytes()).hexdigest() == live, "the live database changed"
        if target.exists():
            read_backup(target)  # complete and checksummed, whichever it is
            if not lines and before is not None:
                assert target.read_bytes() == before
        else:
            assert not lines and before is None, f"round {i}: a finished backup vanished"
    print(f"STATS kill-backup: kill points={rounds}")


def test_kill_during_rekey_always_opens_with_the_passphrase(session) -> None:  # type: ignore[no-untyped-def]
    paths: DataPaths = session.vault.paths
    session.close()
    rng = random.Random(11)
    rounds = count(8, 100)
    for _ in range(rounds):
        run_and_kill(child("rekey", str(paths.root), PASSPHRASE), rng.randint(0, 2), rng)
        try:
            key = unwrap_key(paths, Secret.passphrase(PASSPHRASE))
        except KnownError as exc:  # pragma: no cover - the failure this test exists to catch
            raise AssertionError(f"vault no longer opens after a kill during rekey: {exc}") from None
        vault = Vault.open(paths, key)
        assert vault.check() == []
        assert vault.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
        vault.conn.close()
        assert not paths.keyslots_next.exists()
    print(f"STATS kill-rekey: kill points={rounds}")


def test_kill_during_restore_always_leaves_a_vault_that_opens(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two backups with different passphrases restored alternately over the vault, killed at random: the vault
    always opens with one of the two passphrases and passes both checks (the .next slots are sorted out)."""
    from prevent_desktop.services.backup_service import backup_now
    from prevent_desktop.services.vault_service import change_passphrase
    from prevent_desktop.storage.keyslots import TEST_KDF

    paths: DataPaths = session.vault.paths
    first = backup_now(session, tmp_path / "first.pdbackup").path
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)
    second = backup_now(session, tmp_path / "second.pdbackup").path
    session.close()
    rng = random.Random(5)
    rounds = count(6, 100)
    for _ in range(rounds):
        args = (str(paths.root), str(first), PASSPHRASE, str(second), NEW_PASSPHRASE)
        run_and_kill(child("restore", *args), rng.randint(0, 1), rng)
        opened = []
        for candidate in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                key = unwrap_key(paths, Secret.passphrase(candidate))
            except WrongPassphrase:
                continue
            finally:
                clear_attempts(paths)
            vault = Vault.open(paths, key)
            assert vault.check() == []
            vault.conn.close()
            opened.append(candidate)
        assert len(opened) == 1, f"opens with {len(opened)} passphrases"
        assert not paths.keyslots_next.exists()
        for old in paths.backups.glob("pre-restore-*"):
            old.unlink()  # keep the folder small across rounds
    print(f"STATS kill-restore: kill points={rounds}")
