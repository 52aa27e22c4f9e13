"""Write a file so that a crash or a full disk never leaves a partial file in place of the last good one."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from prevent_desktop.errors import DiskFull, KnownError


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` beside ``path`` then rename it into place (KeePassXC's "safe save")."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
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
