"""One process at a time per data dir: an OS lock on ``vault.lock`` (pid, host, since).

POSIX uses ``fcntl.flock`` and Windows ``msvcrt.locking`` on one byte beyond the text. Both locks belong to the
open file and vanish when the process dies, so a lock file left behind by a crashed or killed instance is
"stale" by construction and is simply taken over (its text is rewritten). Within one process the lock is
re-entrant (counted), because the GUI, the services and the tests may open the same vault more than once.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from prevent_desktop.errors import KnownError, VaultLocked

_LOCK_OFFSET = 4096  # Windows: lock a byte past the text so the holder's details stay readable by others
_held: dict[str, tuple[int, int]] = {}  # resolved path -> (fd, count)
_guard = threading.Lock()


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    started: str

    def describe(self) -> str:
        since = self.started
        with contextlib.suppress(ValueError):
            since = datetime.fromisoformat(self.started).strftime("%d/%m/%Y %H:%M")
        return f"process {self.pid} on {self.host}, since {since}"


def _platform() -> str:
    return "windows" if os.name == "nt" else "posix"


def _try_lock(fd: int, platform: str, msvcrt: ModuleType | Any = None) -> bool:
    """Take the OS lock without waiting; False if another process holds it."""
    if platform == "windows":
        if msvcrt is None:  # pragma: no cover - Windows only
            import msvcrt as _msvcrt

            msvcrt = _msvcrt
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        raise KnownError(f"The vault lock file cannot be locked ({exc.strerror}).") from None
    return True


def _unlock(fd: int, platform: str, msvcrt: ModuleType | Any = None) -> None:
    if platform == "windows":
        if msvcrt is None:  # pragma: no cover - Windows only
            import msvcrt as _msvcrt

            msvcrt = _msvcrt
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def read_info(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_bytes()[:2048].split(b"\0", 1)[0].decode("utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


class VaultLock:
    """Held while a process uses the vault. ``release`` (or ``with``) gives it back."""

    def __init__(self, path: Path, *, platform: str | None = None, msvcrt: Any = None) -> None:
        self.path = Path(path)
        self.platform = platform or _platform()
        self.msvcrt = msvcrt
        self._key = str(self.path.absolute())
        self.held = False

    def acquire(self) -> VaultLock:
        with _guard:
            if self._key in _held:
                fd, count = _held[self._key]
                _held[self._key] = (fd, count + 1)
                self.held = True
                return self
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise KnownError(
                    f"Cannot create the vault lock file {self.path.name} ({exc.strerror}); "
                    "is the folder read-only?"
                ) from None
            if not _try_lock(fd, self.platform, self.msvcrt):
                os.close(fd)
                info = read_info(self.path)
                who = info.describe() if info else "another process"
                raise VaultLocked(
                    f"The vault in {self.path.parent} is already open in another Prevent Desktop ({who}). "
                    "Close it there first."
                )
            info_bytes = json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "started": datetime.now().astimezone().isoformat(timespec="seconds"),
                }
            ).encode("utf-8")
            with contextlib.suppress(OSError):
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, info_bytes + b"\0" * max(0, 256 - len(info_bytes)))
                if self.platform == "posix":
                    os.ftruncate(fd, 256)
                os.fsync(fd)
            _held[self._key] = (fd, 1)
            self.held = True
            return self

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with _guard:
            fd, count = _held.get(self._key, (-1, 0))
            if count > 1:
                _held[self._key] = (fd, count - 1)
                return
            _held.pop(self._key, None)
            if fd < 0:
                return
            with contextlib.suppress(OSError):
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, b"\0" * 256)  # leave no stale details behind
            _unlock(fd, self.platform, self.msvcrt)
            os.close(fd)

    def __enter__(self) -> VaultLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def holds(path: Path) -> bool:
    """True if this process holds the lock on ``path``."""
    return str(Path(path).absolute()) in _held


def acquire(path: Path) -> VaultLock:
    return VaultLock(path).acquire()
