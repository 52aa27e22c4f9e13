"""Write a file so that a crash or a full disk never leaves a partial file in place of the last good one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from prevent_desktop.errors import DiskFull, KnownError

_write = os.write  # the one place bytes reach the disk; tests swap in a device that fails after N bytes


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` beside ``path`` then rename it into place (KeePassXC's "safe save").

    The temporary file is created exclusively (``mkstemp``: O_CREAT|O_EXCL|O_NOFOLLOW, a random name, 0600) in the
    target's own folder, so a link planted under any name we might use is never followed, and a target that is
    itself a symbolic link is refused rather than written through.
    """
    write_atomically_from(path, (data,), mode=mode)


def write_atomically_from(path: Path, chunks: Iterable[bytes], *, mode: int = 0o600) -> None:
    """``write_atomically`` of the concatenation of ``chunks``, written as they come (a big backup never has to
    be held in memory whole)."""
    path = Path(path)
    refuse_symlink(path)
    partial: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".partial")
        partial = Path(name)
        try:
            if mode != 0o600 and os.name == "posix":
                os.fchmod(fd, mode)
            for data in chunks:
                view = memoryview(data)
                while view:
                    written = _write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        refuse_symlink(path)  # planted while we wrote: rename would replace the link, but say so instead
        os.replace(partial, path)
        partial = None
        fsync_dir(path.parent)
    except OSError as exc:
        if partial is not None:
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
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        raise


def refuse_symlink(path: Path) -> None:
    """Raise a KnownError if ``path`` is a symbolic link (we never write through one)."""
    if os.path.islink(path):
        raise KnownError(
            f"Not written: {path.name} is a symbolic link (a shortcut to another file). Prevent Desktop does not "
            "write through links; remove it or choose another file name."
        )


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


# ``.<name>.<pid>-<random>.partial`` (write_atomically), ``.<name>.<pid>.partial`` (older versions) and the backup's
# ``.<name>.<pid>.export.db`` scratch files: the pid is the owner, checked before anything is removed.
_SCRATCH = re.compile(r"^\..+\.(?P<pid>\d+)(?:-[A-Za-z0-9_]{1,16})?\.(?:partial|export\.db|export\.db-journal)$")


def clean_stale_partials(folder: Path) -> list[Path]:
    """Remove temporary files (and backup scratch files) left by a process that was killed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        match = _SCRATCH.match(p.name)
        if match and not pid_alive(int(match["pid"])):
            with contextlib.suppress(OSError):
                p.unlink()  # a planted link is removed itself, never followed
                removed.append(p)
    return removed
