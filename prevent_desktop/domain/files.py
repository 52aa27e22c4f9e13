"""Files kept inside the vault (action-plan evidence, case attachments): one limit, one check, one shape.

The bytes live encrypted in the vault like every record; they are shown from memory (images, PDFs, text) and
written out only when the DSO asks, with a warning that the copy is not encrypted. No I/O here.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from prevent_desktop.errors import ValidationError

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MB: a scan or a photo, not a video; a bigger file gets a summary instead
MEGABYTE = 1024 * 1024


class FileTooLarge(ValidationError):
    """A file over :data:`MAX_FILE_BYTES`."""


@dataclass(frozen=True)
class UploadedFile:
    name: str  # the file's own name, without any folder
    mime: str
    data: bytes


def too_large(name: str, size: int) -> FileTooLarge:
    return FileTooLarge(
        f"{name} is {size / MEGABYTE:.1f} MB; files kept in the vault can be at most {MAX_FILE_BYTES // MEGABYTE} "
        "MB. Attach a smaller file or a summary of it."
    )


def file_name(filename: str, default: str) -> str:
    """The last part of ``filename`` (a path from the file dialog or another machine's), or ``default``."""
    name = PurePath(str(filename).replace("\\", "/")).name.strip()
    return name or default


def mime_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def check_upload(filename: str, data: bytes, default: str = "file") -> UploadedFile:
    """A file to keep, or a sentence saying why not (too large, empty)."""
    name = file_name(filename, default)
    if len(data) > MAX_FILE_BYTES:
        raise too_large(name, len(data))
    if not data:
        raise ValidationError(f"{name} is empty; nothing was attached.")
    return UploadedFile(name, mime_of(name), data)


def shown_in_app(mime: str, data: bytes) -> bool:
    """Whether the in-app viewer shows this kind from memory (images, PDFs, text); anything else is only saved out
    on request."""
    return (mime.startswith(("image/", "text/")) or mime in ("application/pdf", "application/json", "application/xml")
            or data[:5] == b"%PDF-")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MEGABYTE:
        return f"{size / 1024:.0f} KB"
    return f"{size / MEGABYTE:.1f} MB"
