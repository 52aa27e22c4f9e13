"""Record every SQL statement SQLite runs, on every connection opened while recording, with the thread that ran it.

Instruments the real library at the storage boundary (``sqlcipher3.connect``): each new connection gets SQLite's
own trace callback (``set_trace_callback``); nothing of ours is replaced.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

WHOLE_FILE_SCAN = re.compile(r"\b(cipher_integrity_check|integrity_check|quick_check)\b", re.IGNORECASE)


@dataclass
class Trace:
    statements: list[tuple[str, str]] = field(default_factory=list)  # (thread name, SQL)

    def matching(self, pattern: str | re.Pattern[str], *, thread: str | None = None) -> list[str]:
        rx = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else pattern
        return [sql for name, sql in self.statements if rx.search(sql) and (thread is None or name == thread)]

    def scans(self, *, thread: str | None = None) -> list[str]:
        """Statements that read the whole file (the page check, the integrity checks)."""
        return self.matching(WHOLE_FILE_SCAN, thread=thread)

    def count(self, pragma: str) -> int:
        """How many times ``PRAGMA <pragma>`` ran (exactly that pragma, with or without an argument)."""
        return len(self.matching(rf"^\s*PRAGMA\s+(\w+\.)?{pragma}\b"))


@contextlib.contextmanager
def traced(monkeypatch: pytest.MonkeyPatch) -> Iterator[Trace]:
    import sqlcipher3

    trace = Trace()
    real = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        conn = real(*args, **kwargs)
        conn.set_trace_callback(lambda sql: trace.statements.append((threading.current_thread().name, sql)))
        return conn

    monkeypatch.setattr(sqlcipher3, "connect", connect)
    try:
        yield trace
    finally:
        monkeypatch.setattr(sqlcipher3, "connect", real)
