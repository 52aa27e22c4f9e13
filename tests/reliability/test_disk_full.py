"""Full disk and read-only disk: a clear error, nothing half-written, the vault still opens with its data.

Two ways to fill a disk: a real 2 MB tmpfs (when running as root and mounting is permitted, as in CI) and a
FailDevice-style writer that fails with ENOSPC after N bytes (always).
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from prevent_desktop.errors import DiskFull, KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import backup_now
from prevent_desktop.services.vault_service import create_vault, open_session
from prevent_desktop.storage import atomic
from prevent_desktop.storage.backup import read_backup
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret
from tests.conftest import PASSPHRASE


def _mount(folder: Path, size: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True, timeout=10, check=False,
    )
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "small"
    if not _mount(folder, "2m"):
        pytest.skip("cannot mount a tmpfs here (not root, or not permitted); the FailDevice tests cover it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=10, check=False)


def test_real_full_disk_saves_and_backup(small_disk: Path) -> None:
    paths = DataPaths(small_disk / "vault")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    filler = small_disk / "filler"
    filler.write_bytes(os.urandom(1_000_000))
    committed: list[int] = []
    with pytest.raises(DiskFull, match="disk is full"):
        for i in range(10_000):
            with transaction(session.conn):
                session.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)", (f"big{i}", os.urandom(20_000).hex())
                )
            committed.append(i)
    assert committed, "some saves fit before the disk filled"
    # A backup onto the full disk: a clear error and no partial file.
    with pytest.raises(DiskFull):
        backup_now(session, small_disk / "b.pdbackup")
    assert not (small_disk / "b.pdbackup").exists()
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".")]
    session.close()
    # Free the space: the vault opens, passes both checks and holds every committed save.
    filler.unlink()
    session = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        assert session.vault.check() == []
        keys = {r[0] for r in session.conn.execute("SELECT key FROM settings WHERE key LIKE 'big%'")}
        assert keys == {f"big{i}" for i in committed}
        with transaction(session.conn):
            session.conn.execute("DELETE FROM settings WHERE key LIKE 'big%'")
        info = backup_now(session, small_disk / "b.pdbackup")
        read_backup(info.path)
    finally:
        session.close()
    print(f"STATS disk-full: tmpfs 2 MB, {len(committed)} saves committed before SQLITE_FULL")


def test_read_only_disk_is_a_clear_error(small_disk: Path) -> None:
    paths = DataPaths(small_disk / "vault")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    session.close()
    before = paths.database.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True, timeout=10)
    with pytest.raises(KnownError, match="read-only"):
        open_session(paths, Secret.passphrase(PASSPHRASE))
    assert paths.database.read_bytes() == before


class FailDevice:
    """Replaces ``atomic._write``: accepts ``limit`` bytes in total, then fails with ENOSPC."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.written = 0

    def __call__(self, fd: int, data: memoryview) -> int:
        room = self.limit - self.written
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        chunk = bytes(data[: min(room, 8192)])
        n = os.write(fd, chunk)
        self.written += n
        return n


def test_fail_device_at_byte_n_leaves_no_partial_backup(session, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "b.pdbackup"
    good = backup_now(session, target).path.read_bytes()
    size = len(good)
    limits = sorted({1, 2, 100, 4096, size // 2, size - 33, size - 1})
    for limit in limits:
        monkeypatch.setattr(atomic, "_write", FailDevice(limit))
        with pytest.raises(DiskFull):
            backup_now(session, target)
        monkeypatch.undo()
        assert target.read_bytes() == good, f"limit {limit}: the last good backup was replaced"
        assert sorted(p.name for p in out.iterdir()) == ["b.pdbackup"], f"limit {limit}: partial file left"
    assert session.vault.check() == []
    print(f"STATS fail-device: {len(limits)} failure points on a {size}-byte backup")


def test_fail_device_on_key_slot_write_keeps_old_passphrase(session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import NEW_PASSPHRASE

    paths = session.vault.paths
    before = paths.keyslots.read_bytes()
    monkeypatch.setattr(atomic, "_write", FailDevice(50))
    with pytest.raises(DiskFull):
        session.vault.change_passphrase(NEW_PASSPHRASE, TEST_KDF)
    monkeypatch.undo()
    assert paths.keyslots.read_bytes() == before
    assert not [p for p in paths.root.iterdir() if p.name.endswith(".partial")]
