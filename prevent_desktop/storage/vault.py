"""Create, unlock and close the vault: the database file plus its key-slot file.

The slow part (Argon2id) is ``unwrap_key``; the GUI runs it on a worker thread and then calls ``Vault.open``
with the key on the UI thread, which is fast (SQLCipher's own PBKDF2 is skipped by using a raw key).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prevent_desktop.errors import (
    KnownError,
    TooManyAttempts,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)
from prevent_desktop.paths import DataPaths, ensure_private_dir
from prevent_desktop.storage import audit
from prevent_desktop.storage.atomic import clean_stale_partials, fsync_dir
from prevent_desktop.storage.attempts import read_attempts, record_failure
from prevent_desktop.storage.db import Connection, integrity_problems, open_connection, transaction
from prevent_desktop.storage.keyslots import (
    PASSPHRASE,
    RECOVERY,
    KdfParams,
    KeySlot,
    KeySlotFile,
    ensure_mode_0600,
    new_database_key,
    new_recovery_key,
    new_slot_params,
    normalise_recovery_key,
    upgrade_slot,
)
from prevent_desktop.storage.migrations import current_version, migrate, pending, target_version


@dataclass(frozen=True)
class Secret:
    """What the user typed to unlock: the passphrase or the recovery key."""

    kind: str  # PASSPHRASE or RECOVERY
    text: str

    @classmethod
    def passphrase(cls, text: str) -> Secret:
        return cls(PASSPHRASE, text)

    @classmethod
    def recovery(cls, text: str) -> Secret:
        return cls(RECOVERY, normalise_recovery_key(text))


def read_setting(conn: Connection, key: str) -> str | None:
    """The stored text of one setting, None if it was never set. What it means: ``services.settings``."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def store_setting(conn: Connection, key: str, value: str) -> None:
    """Store one setting, unaudited (the vault's creation records its first values). Call inside a transaction."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def write_setting(conn: Connection, key: str, value: str, actor: str) -> None:
    """Store one setting and audit the change by name (never the value). Call inside a transaction."""
    store_setting(conn, key, value)
    audit.append(conn, actor, "settings.change", "setting", key)


def unwrap_key(paths: DataPaths, secret: Secret) -> bytes:
    """The slow step: Argon2id + AES-GCM unwrap. Raises WrongPassphrase, TooManyAttempts, VaultMissing or
    VaultDamaged. A wrong secret is counted (see ``record_failure``) and slows the next attempts down."""
    if not paths.database.exists() and not paths.keyslots.exists():
        raise VaultMissing(f"There is no vault in {paths.root}. Create one first (prevent-desktop init).")
    if not paths.database.exists():
        raise VaultMissing(f"The vault database {paths.database.name} is missing from {paths.root}.")
    clean_stale_partials(paths.root)
    attempts = read_attempts(paths)
    wait = attempts.wait_seconds()
    if wait > 0:
        raise TooManyAttempts(wait, attempts.failures)
    if not paths.keyslots.exists() and paths.keyslots_next.exists():
        os.replace(paths.keyslots_next, paths.keyslots)  # a restore over a moved-aside vault was interrupted
    slots = KeySlotFile.read(paths.keyslots)
    try:
        key = slots.slot(secret.kind).unwrap(secret.text)
    except WrongPassphrase:
        # An interrupted restore may have left the restored backup's slots (another passphrase) in .next.
        next_key = _try_next_slots(paths, secret) if paths.keyslots_next.exists() else None
        if next_key is None:
            record_failure(paths)
            raise
        return next_key
    if paths.keyslots_next.exists():
        key = _finish_interrupted_rekey(paths, secret, key)
    with contextlib.suppress(KnownError, OSError):  # a weak or pre-NFC slot is re-wrapped now (or next time)
        upgrade_slot(paths.keyslots, secret.kind, secret.text, key)
    return key


def _try_next_slots(paths: DataPaths, secret: Secret) -> bytes | None:
    try:
        key = KeySlotFile.read(paths.keyslots_next).slot(secret.kind).unwrap(secret.text)
    except (WrongPassphrase, VaultDamaged):
        return None
    if not _opens_with(paths, key):
        return None  # the database was not swapped yet: the .next slots do not belong to it
    os.replace(paths.keyslots_next, paths.keyslots)
    fsync_dir(paths.root)
    return key


def _opens_with(paths: DataPaths, key: bytes) -> bool:
    try:
        conn = open_connection(paths.database, key)
    except VaultDamaged:
        return False
    conn.close()
    return True


def _finish_interrupted_rekey(paths: DataPaths, secret: Secret, key: bytes) -> bytes:
    """A rekey was interrupted: ``vault.keys.next`` holds slots for the new key. Whichever key opens the
    database wins: the old one means the rekey rolled back (drop the side file), the new one means it committed
    before the slots were swapped (promote the side file)."""
    if _opens_with(paths, key):
        with contextlib.suppress(OSError):
            paths.keyslots_next.unlink()
        return key
    try:
        new_key = KeySlotFile.read(paths.keyslots_next).slot(secret.kind).unwrap(secret.text)
    except (WrongPassphrase, VaultDamaged):
        raise VaultDamaged(
            "A change of the vault's key was interrupted. Unlock with your passphrase (not the recovery key) "
            "to finish it."
        ) from None
    if not _opens_with(paths, new_key):
        raise VaultDamaged(f"The vault database {paths.database.name} does not open with either key: it is damaged.")
    os.replace(paths.keyslots_next, paths.keyslots)
    fsync_dir(paths.root)
    return new_key


@dataclass
class Vault:
    paths: DataPaths
    conn: Connection
    _key: bytearray = field(repr=False)
    migrated: list[int] = field(default_factory=list)

    # -- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, paths: DataPaths, key: bytes, *, check_pages: bool = True) -> Vault:
        """Open with the raw key. ``check_pages`` runs SQLCipher's page-HMAC check and SQLite's quick check
        first, so a damaged page is reported at unlock rather than half-way through someone's work."""
        conn = open_connection(paths.database, key)
        try:
            if check_pages:
                _check_pages(paths, conn)
            if pending(conn) and current_version(conn) > 0:
                _backup_before_migration(paths, conn)
            applied = migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(paths, conn, bytearray(key), applied)

    @classmethod
    def unlock(cls, paths: DataPaths, secret: Secret) -> Vault:
        return cls.open(paths, unwrap_key(paths, secret))

    @classmethod
    def create(cls, paths: DataPaths, passphrase: str, kdf: KdfParams | None = None) -> tuple[Vault, str]:
        """Make a new, empty (schema only) vault. Returns the vault and the recovery key to show once."""
        if paths.database.exists() or paths.keyslots.exists():
            raise VaultExists(f"A vault already exists in {paths.root}; it was left untouched.")
        paths.ensure()
        params = kdf or new_slot_params()
        key = new_database_key()
        recovery = new_recovery_key()
        slots = KeySlotFile(
            (
                KeySlot.wrap(PASSPHRASE, passphrase, key, params),
                KeySlot.wrap(RECOVERY, recovery, key, params),
            )
        )
        conn = None
        try:
            conn = open_connection(paths.database, key, create=True)
            ensure_mode_0600(paths.database)
            migrate(conn)
            slots.write(paths.keyslots)
        except BaseException:
            if conn is not None:
                conn.close()
            with contextlib.suppress(OSError):
                paths.database.unlink()
            with contextlib.suppress(OSError):
                paths.keyslots.unlink()
            raise
        return cls(paths, conn, bytearray(key), []), recovery

    # -- keys ----------------------------------------------------------------------------------------------
    @property
    def key(self) -> bytes:
        if not self._key:
            raise KnownError("The vault is locked.")
        return bytes(self._key)

    def key_copy(self) -> bytearray:
        """A copy of the key for work on another thread (a vault job): its holder scrubs it when done."""
        if not self._key:
            raise KnownError("The vault is locked.")
        return bytearray(self._key)

    def change_secret(self, kind: str, new_text: str, kdf: KdfParams | None = None) -> None:
        """Rewrite one key slot (passphrase or recovery key); the database is not re-encrypted."""
        slots = KeySlotFile.read(self.paths.keyslots)
        params = kdf or new_slot_params()  # never the old slot's: a weak slot must not make its successor weak
        new_slot = KeySlot.wrap(kind, new_text, self.key, params)
        if kind in {s.kind for s in slots.slots}:
            slots = slots.replace(new_slot)
        else:
            slots = KeySlotFile((*slots.slots, new_slot))
        slots.write(self.paths.keyslots)

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        self.change_secret(PASSPHRASE, new_passphrase, kdf)

    def regenerate_recovery_key(self, kdf: KdfParams | None = None) -> str:
        recovery = new_recovery_key()
        self.change_secret(RECOVERY, recovery, kdf)
        return recovery

    def rekey(self, passphrase: str, kdf: KdfParams | None = None) -> str:
        """Re-encrypt the database under a new random key; returns the new recovery key (show once).

        Order, so that a kill at any point leaves a vault that opens with the passphrase: (1) new slots for the
        new key go to ``vault.keys.next``; (2) ``PRAGMA rekey`` (one SQLite transaction: rolled back from its
        journal if killed); (3) ``vault.keys.next`` is renamed over ``vault.keys``. At unlock,
        ``_finish_interrupted_rekey`` sorts out a kill between (1) and (3). The caller makes a backup first.
        """
        slots = KeySlotFile.read(self.paths.keyslots)
        if slots.slot(PASSPHRASE).unwrap(passphrase) != self.key:
            raise WrongPassphrase()
        params = kdf or new_slot_params()
        new_key = new_database_key()
        recovery = new_recovery_key()
        KeySlotFile(
            (
                KeySlot.wrap(PASSPHRASE, passphrase, new_key, params),
                KeySlot.wrap(RECOVERY, recovery, new_key, params),
            )
        ).write(self.paths.keyslots_next)
        try:
            self.conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception:
            with contextlib.suppress(OSError):
                self.paths.keyslots_next.unlink()
            raise
        os.replace(self.paths.keyslots_next, self.paths.keyslots)
        fsync_dir(self.paths.root)
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray(new_key)
        return recovery

    def kdf_params(self) -> KdfParams:
        return KeySlotFile.read(self.paths.keyslots).slot(PASSPHRASE).kdf

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return bool(self._key)

    def check(self) -> list[str]:
        problems = integrity_problems(self.conn)
        version = current_version(self.conn)
        if version != target_version():
            problems.append(f"schema version is {version}, expected {target_version()}")
        return problems

    def setting(self, key: str, default: str = "") -> str:
        """Raw stored text (tests and the vault's own bookkeeping); the application reads settings through
        ``services.settings``, which knows each one's type and default."""
        stored = read_setting(self.conn, key)
        return default if stored is None else stored

    def set_setting(self, key: str, value: str, actor: str = "") -> None:
        with transaction(self.conn):
            if self.setting(key, "\x00") != value:
                write_setting(self.conn, key, value, actor or self.setting("user_name", "unknown"))

    def close(self) -> None:
        """Lock: anchor the audit chain's head, close the connection and scrub the key held in memory."""
        if self._key:
            with contextlib.suppress(Exception):
                audit.write_anchor(self.paths.audit_head, self.conn, bytes(self._key))
        with contextlib.suppress(Exception):
            self.conn.close()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()


def _check_pages(paths: DataPaths, conn: Connection) -> None:
    bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    quick = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] if not bad else []
    if bad or quick != ["ok"]:
        raise VaultDamaged(
            f"The vault database {paths.database.name} is damaged "
            f"({len(bad) or len(quick)} problem(s) found by the integrity check)."
        )


def check_pages(paths: DataPaths, key: bytes) -> None:
    """The unlock-time damage check on its own connection, so the GUI can run it on its worker thread."""
    conn = open_connection(paths.database, key)
    try:
        _check_pages(paths, conn)
    finally:
        conn.close()


def _backup_before_migration(paths: DataPaths, conn: Connection) -> Path:
    """Copy the (encrypted) database and key file aside before changing the schema, then verify the copy."""
    version = current_version(conn)
    folder = ensure_private_dir(paths.backups)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"pre-migration-v{version}-{stamp}.db"
    shutil.copy2(paths.database, target)
    shutil.copy2(paths.keyslots, target.with_suffix(".keys"))
    ensure_mode_0600(target)
    if target.stat().st_size != paths.database.stat().st_size:
        raise VaultDamaged("The backup made before updating the vault's format did not verify; nothing was changed.")
    return target
