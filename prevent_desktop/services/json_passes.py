"""Read a big JSON import file several times without ever holding it (the cases import, issue 11).

Each pass (``JsonFile.reading()``) opens the file anew and hands its bytes to the ``ijson`` parser (its C backend,
yajl2_c) a chunk at a time: a sealed file (``storage.sealed``) is decrypted anew and its GCM tag checked when the
pass ends; every pass takes the SHA-256 of the file's bytes, and a pass that does not see the bytes the first one
saw fails ("changed while it was being imported"); the text is checked to be UTF-8 (a leading BOM is skipped). On
an error in a pass, the rest of the file is read first, so a wrong password, a changed file or bytes that are not
UTF-8 are reported before (and instead of) whatever the parser or a check made of the unauthenticated text.

``scan_top`` is the first pass's parse: the top-level object with its big arrays replaced by empty ones (for the
schema's top-level rules), and the items of one array handed over one at a time (the people). It bounds the nesting
depth, so the passes that follow (``items``: one array's items, built by the C backend) only ever meet a sane file,
or one that changed, which its digest then reports.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from prevent_desktop.errors import ValidationError
from prevent_desktop.storage import sealed

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 16
MAX_DEPTH = 64  # the export's own documents nest 6 deep; anything far deeper is not one
C_BACKENDS = ("yajl2_c", "yajl2_cffi")


def ijson_module() -> Any:
    """``ijson`` with its fastest backend (yajl2_c, else yajl2_cffi; the pure-Python one only as a last resort)."""
    import ijson

    if ijson.backend in C_BACKENDS:
        return ijson
    for name in C_BACKENDS:
        with contextlib.suppress(ImportError):
            return ijson.get_backend(name)
    return ijson  # (slow, but correct)


class _TooDeep(Exception):
    pass


class _NotUtf8(Exception):
    pass


class _Reader:
    """One pass's bytes, as the parser reads them: BOM skipped, UTF-8 checked, SHA-256 of the raw bytes taken."""

    def __init__(self, raw: IO[bytes] | sealed.SealedStream, split_after: int | None = None) -> None:
        self._raw = raw
        self._sha = hashlib.sha256()
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._first = True
        self._eof = False
        self._pending = b""
        self._split_after = split_after  # past this offset, hand out one line at a time (to name an error's line)
        self.offset = 0  # bytes handed out so far
        self.piece_start = 0  # offset of the last piece handed out
        self.lines_before = 0  # newlines before the last piece
        self._lines = 0

    def _next_raw(self, size: int) -> bytes:
        if self._eof:
            return b""
        data = self._raw.read(max(size, CHUNK))
        self._sha.update(data)
        if self._first:
            self._first = False
            data = data.removeprefix(BOM)
        try:
            self._utf8.decode(data, final=not data)
        except UnicodeDecodeError:
            raise _NotUtf8 from None
        self._eof = not data
        return data

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        data, self._pending = (self._pending, b"") if self._pending else (self._next_raw(size), b"")
        split = self._split_after
        if split is not None and data and self.offset + len(data) > split:
            cut = split - self.offset
            if cut > 0:
                data, self._pending = data[:cut], data[cut:]
            else:
                newline = data.find(b"\n")
                if 0 <= newline < len(data) - 1:
                    data, self._pending = data[: newline + 1], data[newline + 1 :]
        self.piece_start, self.lines_before = self.offset, self._lines
        self.offset += len(data)
        self._lines += data.count(b"\n")
        return data

    def drain(self) -> str:
        """Read what is left; the SHA-256 of the whole file."""
        self._pending = b""
        while self._next_raw(1 << 20):
            pass
        if isinstance(self._raw, sealed.SealedStream):
            self._raw.finish()
        return self._sha.hexdigest()


class JsonFile:
    """An import file (plain or sealed), to be read in passes; errors are the import's sentences."""

    def __init__(self, path: Path, password: str | None, content: str) -> None:
        self.path, self.name = Path(path), Path(path).name
        try:
            with open(self.path, "rb") as fh:
                start = fh.read(len(sealed.MAGIC))
        except OSError as exc:
            raise ValidationError(f"Not imported: {self.name} cannot be read ({exc.strerror}).") from None
        self._sealed: sealed.SealedReader | None = None
        if sealed.is_sealed(start):
            if password is None:
                raise ValidationError(f"Not imported: {self.name} is encrypted; give its password.")
            self._sealed = self._guard(lambda: sealed.SealedReader(self.path, password, content, self.name))
        self._digest: str | None = None
        self.ijson = ijson_module()

    def _guard(self, make: Any) -> Any:
        try:
            return make()
        except OSError as exc:
            raise ValidationError(f"Not imported: {self.name} cannot be read ({exc.strerror}).") from None

    def _open(self) -> IO[bytes] | sealed.SealedStream:
        if self._sealed is not None:
            sealed_file = self._sealed
            return self._guard(sealed_file.open)  # type: ignore[no-any-return]
        return self._guard(lambda: open(self.path, "rb"))  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def reading(self) -> Iterator[_Reader]:
        """One pass over the file. Leaving it normally checks the whole file was the same as before (and its tag)."""
        raw = self._open()
        try:
            reader = _Reader(raw)
            try:
                yield reader
            except Exception as exc:
                self._finish(reader)  # a wrong password, a changed file, bytes not UTF-8: said first
                raise self._translate(exc, reader) from None
            self._finish(reader)
        finally:
            raw.close()

    def _finish(self, reader: _Reader) -> None:
        try:
            digest = reader.drain()
        except _NotUtf8:
            raise ValidationError(f"Not imported: {self.name} is not UTF-8 text.") from None
        except OSError as exc:
            raise ValidationError(f"Not imported: {self.name} cannot be read ({exc.strerror}).") from None
        if self._digest is None:
            self._digest = digest
        elif digest != self._digest:
            raise ValidationError(
                f"Not imported: {self.name} changed while it was being imported; nothing was imported."
            )

    def _translate(self, exc: Exception, reader: _Reader) -> Exception:
        if isinstance(exc, _NotUtf8):
            return ValidationError(f"Not imported: {self.name} is not UTF-8 text.")
        if isinstance(exc, _TooDeep | RecursionError):
            return ValidationError(f"Not imported: {self.name} is nested too deeply.")
        if isinstance(exc, self.ijson.JSONError):
            line, reason = self._syntax_error(reader.piece_start)
            return ValidationError(f"Not imported: {self.name} is not valid JSON (line {line}: {reason}).")
        if isinstance(exc, OSError):
            return ValidationError(f"Not imported: {self.name} cannot be read ({exc.strerror}).")
        return exc

    def _syntax_error(self, piece_start: int) -> tuple[int, str]:
        """The line of the parser's first error and its reason: the file parsed again, a line at a time from the
        piece of it where the error was seen (the parser reports no position of its own)."""
        raw = self._open()
        try:
            reader = _Reader(raw, split_after=piece_start)
            try:
                for _ in self.ijson.basic_parse(reader, buf_size=CHUNK):
                    pass
            except self.ijson.JSONError as exc:
                return reader.lines_before + 1, _reason(exc)
            except (OSError, _NotUtf8):  # (the first pass's error stands; only its line is unknown)
                pass
            return reader.lines_before + 1, "not in the expected form"
        finally:
            raw.close()

    def events(self, reader: _Reader) -> Iterator[tuple[str, Any]]:
        return self.ijson.basic_parse(reader, use_float=True, buf_size=CHUNK)  # type: ignore[no-any-return]

    def items(self, reader: _Reader, prefix: str) -> Iterator[Any]:
        return self.ijson.items(reader, prefix, use_float=True, buf_size=CHUNK)  # type: ignore[no-any-return]


def _reason(exc: Exception) -> str:
    """The parser's reason, without the excerpt of the file it quotes (which may hold personal data)."""
    first = str(exc).splitlines()[0] if str(exc) else ""
    first = re.sub(r"^(b['\"])?(lexical|parse) error: ", "", first).rstrip(".")
    return first if re.fullmatch(r"[A-Za-z0-9 ,()'-]{1,80}", first) else "not in the expected form"


_STARTS = {"start_map": dict, "start_array": list}


def scan_top(
    events: Iterator[tuple[str, Any]], keep: str, on_item: Callable[[int, Any], None]
) -> tuple[Any, str | None]:
    """(top-level value with each container below it as an empty one of its type, the first top-level key that
    appears twice or None); each item of the top-level array ``keep`` is handed to ``on_item(index, item)`` as it is
    read (and not kept). Raises _TooDeep past MAX_DEPTH."""
    from ijson.common import ObjectBuilder

    events = iter(events)
    first = next(events, None)
    if first is None:
        return None, None
    event, value = first
    if event not in _STARTS:
        for _ in events:  # (the parser's verdict on what follows)
            pass
        return value, None
    depth = 1
    top: Any = _STARTS[event]()
    twice: str | None = None
    key: str | None = None
    collecting = False
    index = 0
    builder: ObjectBuilder | None = None
    for event, value in events:
        if event in _STARTS:
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep
            if depth == 2:
                if isinstance(top, dict):
                    top[key] = _STARTS[event]()
                collecting = isinstance(top, dict) and key == keep and event == "start_array"
                index = 0
            elif collecting:
                if depth == 3:
                    builder = ObjectBuilder()
                assert builder is not None
                builder.event(event, value)
        elif event in ("end_map", "end_array"):
            if collecting and depth >= 3:
                assert builder is not None
                builder.event(event, value)
                if depth == 3:
                    on_item(index, builder.value)
                    index += 1
                    builder = None
            depth -= 1
            if depth == 1:
                collecting = False
        elif event == "map_key":
            if depth == 1:
                key = value
                if isinstance(top, dict) and key in top and twice is None:
                    twice = key
            elif builder is not None:
                builder.event(event, value)
        elif depth == 1:
            if isinstance(top, dict):
                top[key] = value
        elif collecting:
            if depth == 2:
                on_item(index, value)
                index += 1
            else:
                assert builder is not None
                builder.event(event, value)
    return top, twice
