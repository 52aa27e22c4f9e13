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


posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links need POSIX here")


@posix_only
def test_a_link_planted_at_the_temporary_name_is_never_followed(tmp_path: Path) -> None:
    """Issue 13 item 6: the temp file was opened O_CREAT|O_TRUNC at a predictable name, following a planted link."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"someone else's file")
    target = tmp_path / "vault.keys"
    # Every name the old code (.NAME.PID.partial) and a pid-prefixed temp name could use, as links to the victim.
    planted = [tmp_path / f".vault.keys.{os.getpid()}.partial", tmp_path / f".vault.keys.{os.getpid()}-.partial"]
    for link in planted:
        link.symlink_to(victim)
    write_atomically(target, b"new key file")
    assert target.read_bytes() == b"new key file" and not target.is_symlink()
    assert victim.read_bytes() == b"someone else's file"
    assert all(link.is_symlink() and link.resolve() == victim for link in planted)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlinked_target_is_refused_and_nothing_is_written_through_it(tmp_path: Path, dangling: bool) -> None:
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    if not dangling:
        victim.write_bytes(b"someone else's file")
    target = tmp_path / "case-file.pdf"
    target.symlink_to(victim)
    with pytest.raises(KnownError, match="symbolic link"):
        write_atomically(target, b"%PDF secret")
    assert target.is_symlink()
    assert victim.exists() != dangling and (dangling or victim.read_bytes() == b"someone else's file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case-file.pdf", "elsewhere"]  # no temp file left


def test_temporary_files_are_made_exclusively_in_the_target_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    made: list[tuple[str, str]] = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        fd, name = real(*args, **kwargs)
        made.append((name, oct(stat.S_IMODE(os.fstat(fd).st_mode))))
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_atomically(tmp_path / "a.json", b"{}")
    write_atomically(tmp_path / "a.json", b"{}")
    assert len(made) == 2 and made[0][0] != made[1][0]  # random names, never reused
    assert all(Path(name).parent == tmp_path and mode == "0o600" for name, mode in made)


@posix_only
def test_stale_temp_cleaner_removes_a_planted_link_not_its_target(tmp_path: Path) -> None:
    from prevent_desktop.storage.atomic import clean_stale_partials

    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    dead = 2**22 + 12345  # above the default pid_max of most systems: not a live process
    link = tmp_path / f".vault.keys.{dead}-abcd1234.partial"
    link.symlink_to(victim)
    stale = tmp_path / f".vault.keys.{dead}.partial"
    stale.write_bytes(b"old")
    mine = tmp_path / f".vault.keys.{os.getpid()}-99999999.partial"  # a live process's file (digits-only random)
    mine.write_bytes(b"in progress")
    assert sorted(p.name for p in clean_stale_partials(tmp_path)) == sorted([link.name, stale.name])
    assert victim.read_bytes() == b"keep me" and mine.exists()
