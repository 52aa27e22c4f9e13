"""What background work needs from the layers below (the GUI's vault jobs, ``ui/jobs.py``): a session on a
connection of its own, and its errors as the known errors they mean. Qt-free, so the rule is testable here."""

from __future__ import annotations

from prevent_desktop.errors import KnownError, VaultDamaged
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.session import Session
from prevent_desktop.storage.db import DatabaseError, translate_error
from prevent_desktop.storage.vault import Vault


def open_session(paths: DataPaths, key: bytes) -> Session:
    """A session on a new connection opened with ``key``. The connection belongs to the calling thread (a worker's
    job): the UI's own session is never shared. Fast: no whole-file scan."""
    return Session(Vault.open(paths, key))


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, DatabaseError)


def known_error(exc: BaseException) -> KnownError | None:
    """``exc`` as a known error: itself if it is one, a database error translated (busy, disk full, damaged…), or
    None when it has no meaning a DSO can act on (a bug, or a database error we cannot name)."""
    if isinstance(exc, KnownError):
        return exc
    if isinstance(exc, DatabaseError):
        translated = translate_error(exc)
        return translated if isinstance(translated, KnownError) else None
    return None


def damaged(exc: BaseException) -> bool:
    """Whether ``exc`` means the vault is damaged (a page failed its check), as opposed to a bug."""
    return isinstance(known_error(exc), VaultDamaged)
