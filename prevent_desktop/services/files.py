"""Reading a file the DSO chose, to keep it in the vault (action-plan evidence, case attachments), and writing a
kept file back out when asked (the copy is not encrypted: the GUI says so first). The limit and the checks are
``domain/files.py``'s."""

from __future__ import annotations

from pathlib import Path

from prevent_desktop.domain.files import MAX_FILE_BYTES, UploadedFile, check_upload, file_name, too_large
from prevent_desktop.storage.atomic import write_atomically


def read_upload(path: Path, default: str = "file") -> UploadedFile:
    """The file at ``path``, refused before it is read when it is over the limit (a huge file never fills memory).
    An unreadable file raises ``OSError``."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_large(file_name(path.name, default), size)
    return check_upload(path.name, path.read_bytes(), default)


def save_copy(target: Path, data: bytes) -> None:
    """Write a kept file out, atomically, readable by this user only (0600). NOT encrypted."""
    write_atomically(target, data)
