"""The slow half of the unlock use case, in a module of its own that imports only what the key derivation needs
(the key slots, the lock file, Argon2id): the GUI's unlock worker imports it and starts deriving at once, while
the rest of the services (``vault_service``: the organisation profile's models, ~0.2 s to import) load beside it
(``ui/warmup.py``). ``services.vault_service`` re-exports everything here; callers other than the unlock window
use it from there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage import lockfile
from prevent_desktop.storage.vault import Secret, migrate_beforehand, unwrap_key

__all__ = ["Secret", "UnlockedKey", "migrate_pending", "take_vault_lock", "unlock_key", "unlock_with_text"]


@dataclass
class UnlockedKey:
    """The slow half's result: the raw key, the secret kind, and the vault lock now held (released by the
    session, or by ``release`` if the caller gives up)."""

    paths: DataPaths
    key: bytes = field(repr=False)
    kind: str
    lock: Any = None
    migrated: list[int] = field(default_factory=list)  # schema versions ``migrate_pending`` applied

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def take_vault_lock(paths: DataPaths) -> Any:
    """Hold the data dir's lock (a second instance is refused, naming the first). Returns the held lock."""
    paths.ensure()
    return lockfile.VaultLock(paths.lockfile).acquire()


def unlock_key(paths: DataPaths, secret: Secret) -> UnlockedKey:
    """The slow half, safe on a worker thread (its connections are its own and closed): take the vault lock
    FIRST (while another program re-keys or restores, the answer is 'in use', never 'damaged', and nothing is
    renamed under it), derive and unwrap the key. No whole-file scan: its cost grows with the vault (40 s at
    100,000 cases); the pages are checked in the background after unlock (``full_page_check``), by every
    backup, and by ``check``."""
    lock = lockfile.VaultLock(paths.lockfile).acquire() if paths.root.is_dir() else None
    try:
        key = unwrap_key(paths, secret)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return UnlockedKey(paths, key, secret.kind, lock)


def unlock_with_text(paths: DataPaths, text: str, *, recovery: bool) -> UnlockedKey:
    """``unlock_key`` with what the DSO typed: the passphrase, or the recovery key when ``recovery``."""
    return unlock_key(paths, Secret.recovery(text) if recovery else Secret.passphrase(text))


def migrate_pending(unlocked: UnlockedKey) -> list[int]:
    """On a worker, when opening found the schema out of date (``MigrationPending``): the backup before the
    migration and the migration itself, on a connection of their own (seconds on a large vault: never on the UI
    thread). The caller then opens again, which makes whatever is still pending itself and reports any problem
    (``storage.vault.migrate_beforehand`` is best effort). The versions applied are kept on ``unlocked``."""
    applied = migrate_beforehand(unlocked.paths, unlocked.key)
    unlocked.migrated = [*unlocked.migrated, *applied]
    return applied
