"""Write a file so that a crash or a full disk never leaves a partial file in place of the last good one."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from pathlib import Path

from prevent_desktop.errors import DiskFull, KnownError

_write = os.write  # the one place bytes reach the disk; tests swap in a device that fails after N bytes


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` beside ``path`` then rename it into place (KeePassXC's "safe save")."""
    path = Path(path)
    # The thread is in the name too: two threads of one process writing the same file (the audit anchor, from the
    # UI's lock and a backup job) must not share a scratch file. The pid stays last for clean_stale_partials.
    partial = path.with_name(f".{path.name}.t{threading.get_ident()}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                written = _write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                f"The disk is full: {path.name} was not written. Free some space and try again."
            ) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise KnownError(f"Cannot write {path.name}: the folder is read-only or not yours.") from exc
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def pid_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # Windows: os.kill(pid, 0) would signal, not probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale_partials(folder: Path) -> list[Path]:
    """Remove ``.<name>.<pid>.partial`` files (and backup scratch files) left by a process that was killed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        if not p.name.startswith(".") or not p.name.endswith((".partial", ".export.db", ".export.db-journal")):
            continue
        pids = [int(x) for x in p.name.split(".") if x.isdigit()]
        if pids and not pid_alive(pids[-1]):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed
