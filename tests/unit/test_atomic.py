"""Atomic writes (exports, backups, key files): the old file or the complete new one, never half; owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from prevent_desktop.errors import DiskFull, KnownError
from prevent_desktop.storage.atomic import write_atomically


def test_write_atomically_writes_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_failed_replace_keeps_old_file_and_leaves_no_partial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"last good")
    seen: list[Path] = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append(Path(src))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DiskFull, match="disk is full"):  # a sentence for the DSO, not an errno
        write_atomically(target, b"half")
    assert seen and seen[0].parent == tmp_path
    assert seen[0].name.startswith(".") and seen[0].name.endswith(".partial")
    assert target.read_bytes() == b"last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_failed_write_midway_leaves_no_partial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"last good")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_raises_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"last good")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(KnownError, match="read-only"):
            write_atomically(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"last good"
