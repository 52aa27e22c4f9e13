"""A small rotating log file in ``<data dir>/logs/``: events, ids and counts only, never personal data.

Only the GUI configures it (the CLI reports on stderr). Messages written through ``logging`` by the app carry
no record text by rule; exception reports keep the stack (files, lines) and the exception TYPE, never its
message, which may quote data.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from prevent_desktop import __version__
from prevent_desktop.paths import DataPaths, ensure_private_dir

LOG_NAME = "prevent-desktop.log"
MAX_BYTES = 256 * 1024
BACKUPS = 3
_handler: logging.Handler | None = None


class _RotatingLog(logging.Handler):
    """The rotating log file (``logging.handlers.RotatingFileHandler``), made at the first record.

    ``logging.handlers`` imports socket, pickle and queue (~18 ms); the GUI sets logging up before its first
    window, which logs nothing, so the import waits for the first record instead of delaying the first paint.
    """

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target
        self._file: logging.Handler | None = None

    def _opened(self) -> logging.Handler:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        try:
            target = self._opened()
        except OSError:  # the folder went read-only since start-up: no log, as when it was so at start
            return
        target.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


def setup_logging(paths: DataPaths, level: int = logging.INFO) -> logging.Handler | None:
    """Attach one rotating file handler (256 KB x 3, owner-only) to the ``prevent_desktop`` logger."""
    global _handler
    root = logging.getLogger("prevent_desktop")
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        folder = ensure_private_dir(paths.logs)
        target = folder / LOG_NAME
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        handler: logging.Handler = _RotatingLog(str(target))
    except OSError:
        return None  # a read-only disk must not stop the app; there is simply no log file
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    _handler = handler
    return handler


def shutdown_logging() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger("prevent_desktop").removeHandler(_handler)
        _handler.close()
        _handler = None


def redacted_report(
    exc_type: type[BaseException] | None, tb: TracebackType | None, *, context: str = ""
) -> str:
    """A crash report safe to copy into a ticket: versions, the stack, the exception type; no message."""
    import platform  # here, not at the top: the GUI sets up its log before the first paint (issue 11)

    frames = []
    for frame in traceback.extract_tb(tb):
        frames.append(f'  File "{os.path.basename(frame.filename)}", line {frame.lineno}, in {frame.name}')
    name = exc_type.__name__ if exc_type is not None else "Error"
    lines = [
        f"Prevent Desktop {__version__} on Python {platform.python_version()} ({sys.platform})",
        *( [context] if context else [] ),
        "Traceback (most recent call last):",
        *frames,
        f"{name} (message withheld: it may contain personal data)",
    ]
    return "\n".join(lines) + "\n"
