"""Where each key and list item of a TOML text is written: ``{("contacts", 3, "phones", 0): 130, ...}``.

``tomllib`` gives values without positions, so this reads the text a second time for structure only (tables,
arrays of tables, keys, arrays, inline tables; strings and comments skipped). It only runs on text ``tomllib``
has already accepted, and only to put line numbers on a profile's problems.
"""

from __future__ import annotations

import bisect
import re
import tomllib

from prevent_desktop.domain.profile.errors import Loc

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\r\n#]+")
_BLANK = " \t"


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[Loc, int] = {}
        self.array_tables: dict[Loc, int] = {}  # an array of tables -> how many tables it has so far

    # -- positions -----------------------------------------------------------------------------------------
    def line(self) -> int:
        return bisect.bisect_left(self.newlines, self.i) + 1

    def record(self, loc: Loc) -> None:
        self.lines.setdefault(loc, self.line())

    # -- characters ----------------------------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def skip_blank(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in _BLANK:
            self.i += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end

    def skip_space(self) -> None:
        """Blanks, comments and line breaks (inside arrays, and between top-level statements)."""
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch in _BLANK or ch in "\r\n":
                self.i += 1
            elif ch == "#":
                self.skip_comment()
            else:
                return

    # -- keys ----------------------------------------------------------------------------------------------
    def key(self) -> tuple[str, ...]:
        parts: list[str] = []
        while True:
            self.skip_blank()
            start = self.i
            if self.peek() in ('"', "'"):
                self.string()
                parts.append(str(tomllib.loads(f"k = {self.text[start : self.i]}")["k"]))
            else:
                m = _BARE_KEY.match(self.text, self.i)
                if m is None:
                    raise ValueError("not a key")
                parts.append(m.group())
                self.i = m.end()
            self.skip_blank()
            if self.peek() != ".":
                return tuple(parts)
            self.i += 1

    # -- values --------------------------------------------------------------------------------------------
    def string(self) -> None:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            end = self.text.index(quote * 3, self.i + 3) if quote == "'" else self._basic_end(self.i + 3, '"""')
            self.i = end + 3
            while self.peek() == quote and self.i - end < 5:  # up to two quotes may end the content
                self.i += 1
        elif quote == "'":
            self.i = self.text.index("'", self.i + 1) + 1
        else:
            self.i = self._basic_end(self.i + 1, '"') + 1

    def _basic_end(self, i: int, close: str) -> int:
        while True:
            if self.text[i] == "\\":
                i += 2
            elif self.text.startswith(close, i):
                return i
            else:
                i += 1

    def value(self, loc: Loc) -> None:
        ch = self.peek()
        if ch in ('"', "'"):
            self.string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_space()
                if self.peek() == "]":
                    self.i += 1
                    return
                self.record((*loc, index))
                self.value((*loc, index))
                self.skip_space()
                if self.peek() == ",":
                    self.i += 1
                    index += 1
                elif self.peek() != "]":
                    raise ValueError("not an array")
        elif ch == "{":
            self.i += 1
            while True:
                self.skip_space()
                if self.peek() == "}":
                    self.i += 1
                    return
                self.assignment(loc)
                self.skip_space()
                if self.peek() == ",":
                    self.i += 1
                elif self.peek() != "}":
                    raise ValueError("not an inline table")
        else:
            m = _SCALAR.match(self.text, self.i)
            if m is None or m.end() == self.i:
                raise ValueError("not a value")
            self.i = m.end()

    def assignment(self, table: Loc) -> None:
        parts = self.key()
        for n in range(1, len(parts) + 1):
            self.record((*table, *parts[:n]))
        self.skip_blank()
        if self.peek() != "=":
            raise ValueError("not a key/value pair")
        self.i += 1
        self.skip_blank()
        self.value((*table, *parts))

    # -- tables --------------------------------------------------------------------------------------------
    def resolve(self, parts: tuple[str, ...]) -> Loc:
        """A header's key as a path: an array of tables along the way means its latest table. Tables named
        only inside a header (``routing`` in ``[[routing.rules]]``) are placed at that header."""
        loc: Loc = ()
        for part in parts:
            loc = (*loc, part)
            self.record(loc)
            if loc in self.array_tables:
                loc = (*loc, self.array_tables[loc] - 1)
        return loc

    def header(self) -> Loc:
        many = self.peek(2) == "[["
        self.i += 2 if many else 1
        parts = self.key()
        self.i += 2 if many else 1
        if not many:
            loc = self.resolve(parts)
            self.record(loc)
            return loc
        parent = self.resolve(parts[:-1])
        array: Loc = (*parent, parts[-1])
        self.record(array)
        index = self.array_tables.get(array, 0)
        self.array_tables[array] = index + 1
        loc = (*array, index)
        self.record(loc)
        return loc

    def document(self) -> None:
        table: Loc = ()
        while True:
            self.skip_space()
            if self.i >= len(self.text):
                return
            if self.peek() == "[":
                table = self.header()
            else:
                self.assignment(table)


def key_lines(text: str) -> dict[Loc, int]:
    """The line (1-based) of every key, table and list item in ``text``, which ``tomllib`` has accepted."""
    reader = _Reader(text)
    try:
        reader.document()
    except (ValueError, IndexError, tomllib.TOMLDecodeError):  # pragma: no cover - text tomllib accepted
        pass  # the lines found so far are right; the rest get none
    return reader.lines


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc``, or of the nearest enclosing key that is written (a missing key's table)."""
    for n in range(len(loc), 0, -1):
        line = lines.get(loc[:n])
        if line is not None:
            return line
    return None
