"""Create, unlock and close the vault: the database file plus its key-slot file.

The slow part (Argon2id) is ``unwrap_key``; the GUI runs it on a worker thread and then calls ``Vault.open``
with the key on the UI thread, which is fast (SQLCipher's own PBKDF2 is skipped by using a raw key).
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prevent_desktop.errors import KnownError, VaultDamaged, VaultExists, VaultMissing
from prevent_desktop.paths import DataPaths, ensure_private_dir
from prevent_desktop.storage import audit
from prevent_desktop.storage.db import Connection, integrity_problems, open_connection, transaction
from prevent_desktop.storage.keyslots import (
    PASSPHRASE,
    RECOVERY,
    KdfParams,
    KeySlot,
    KeySlotFile,
    calibrate,
    ensure_mode_0600,
    new_database_key,
    new_recovery_key,
    normalise_recovery_key,
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


def unwrap_key(paths: DataPaths, secret: Secret) -> bytes:
    """The slow step: Argon2id + AES-GCM unwrap. Raises WrongPassphrase, VaultMissing or VaultDamaged."""
    if not paths.database.exists() and not paths.keyslots.exists():
        raise VaultMissing(f"There is no vault in {paths.root}. Create one first (prevent-desktop init).")
    if not paths.database.exists():
        raise VaultMissing(f"The vault database {paths.database.name} is missing from {paths.root}.")
    slots = KeySlotFile.read(paths.keyslots)
    return slots.slot(secret.kind).unwrap(secret.text)


@dataclass
class Vault:
    paths: DataPaths
    conn: Connection
    _key: bytearray = field(repr=False)
    migrated: list[int] = field(default_factory=list)

    # -- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, paths: DataPaths, key: bytes) -> Vault:
        conn = open_connection(paths.database, key)
        try:
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
        params = kdf or calibrate()
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

    def change_secret(self, kind: str, new_text: str, kdf: KdfParams | None = None) -> None:
        """Rewrite one key slot (passphrase or recovery key); the database is not re-encrypted."""
        slots = KeySlotFile.read(self.paths.keyslots)
        current = slots.slot(kind) if kind in {s.kind for s in slots.slots} else slots.slot(PASSPHRASE)
        params = kdf or (current.kdf if not current.kdf.is_product_strength else calibrate())
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
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str, actor: str = "") -> None:
        with transaction(self.conn):
            old = self.setting(key, "\x00")
            if old == value:
                return
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            audit.append(
                self.conn, actor or self.setting("user_name", "unknown"), "settings.change", "setting", key
            )

    def close(self) -> None:
        """Lock: close the connection and scrub the key held in memory."""
        with contextlib.suppress(Exception):
            self.conn.close()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()


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
        raise VaultDamaged(
            "The backup made before updating the vault's format did not verify; nothing was changed."
        )
    return target
