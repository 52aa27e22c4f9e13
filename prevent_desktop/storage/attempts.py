"""Failed unlocks: a small non-secret sidecar (count and times), read for the back-off.

Kept apart from ``vault.py`` so the unlock window can read it before SQLCipher and the KDF are imported.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.atomic import write_atomically

# Failed attempts cannot be written to the audit log when they happen (the log is inside the encrypted
# database, which a wrong passphrase cannot open). They are counted in ``vault.attempts`` and written to the
# log, as one "vault.unlock_failed" entry with the count, at the next successful unlock, which clears the count.
_clock: Callable[[], float] = time.time
FREE_ATTEMPTS = 3
MAX_BACKOFF_S = 30.0


def backoff_seconds(failures: int) -> float:
    """Wait before the next attempt after ``failures`` wrong ones in a row: 0,0,0,1,2,4,8,16,30,30… s."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_BACKOFF_S, 2 ** (failures - FREE_ATTEMPTS)))


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    first: str = ""
    last: float = 0.0

    def wait_seconds(self, now: float | None = None) -> float:
        now = _clock() if now is None else now
        return max(0.0, self.last + backoff_seconds(self.failures) - now)


def read_attempts(paths: DataPaths) -> Attempts:
    try:
        doc = json.loads(paths.attempts.read_bytes().decode("ascii"))
        return Attempts(int(doc["failures"]), str(doc["first"]), float(doc["last"]))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return Attempts()


def record_failure(paths: DataPaths) -> Attempts:
    old = read_attempts(paths)
    new = Attempts(
        old.failures + 1, old.first or datetime.now().astimezone().isoformat(timespec="seconds"), _clock()
    )
    with contextlib.suppress(KnownError, OSError):  # a read-only disk must not turn into a crash
        write_atomically(paths.attempts, json.dumps(new.__dict__).encode("ascii"))
    return new


def clear_attempts(paths: DataPaths) -> Attempts:
    old = read_attempts(paths)
    with contextlib.suppress(OSError):
        paths.attempts.unlink()
    return old


