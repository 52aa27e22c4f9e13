"""What the CLI prints goes through one sanitiser: stored text can never drive the terminal.

Imported text may hold terminal control sequences (ESC [ … to recolour, clear the screen, rewrite the title or
move the cursor over what was printed; C1 controls such as U+009B; bidirectional overrides that reorder what is
shown). ``terminal_safe`` shows each such character as ``\\uXXXX`` instead: visible, lossless, and still valid
inside a JSON string, so ``--json`` output stays parseable. Newlines and tabs pass; a CRLF becomes a newline.
``SafeWriter`` wraps the CLI's stdout and stderr in ``cli.main``, so every command and every error message is
covered without each one remembering to call it.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings/overrides/isolates/marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\r\n", "\n"))


class SafeWriter:
    """A text stream that writes ``terminal_safe(text)`` to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
