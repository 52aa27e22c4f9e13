"""Create, unlock and close the vault: the database file plus its key-slot file.

The slow part (Argon2id) is ``unwrap_key`` (and ``KeySlot.wrap`` for new secrets); the GUI runs it on a worker
thread and then calls ``Vault.open`` with the key on the UI thread, which is fast (SQLCipher's own PBKDF2 is
skipped by using a raw key).

The key-slot file also carries the **rollback anchor** (``storage.audit.Anchor``): the audit chain's head under a
MAC keyed from the database key. ``Vault.open`` compares the database with it (and with the backups kept in
``backups/``) and reports an older database as ``Vault.rollback``; the anchor only ever moves forward along the
chain (``advance_anchor``), so opening a rolled-back vault never re-bases it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prevent_desktop.errors import (
    InterruptedChange,
    KnownError,
    MigrationPending,
    TooManyAttempts,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)
from prevent_desktop.paths import BACKUP_SUFFIX, DataPaths, ensure_private_dir
from prevent_desktop.storage import audit
from prevent_desktop.storage.atomic import clean_stale_partials, fsync_dir, pid_alive
from prevent_desktop.storage.attempts import read_attempts, record_failure
from prevent_desktop.storage.db import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    Connection,
    DatabaseError,
    integrity_problems,
    open_connection,
    result_code,
    transaction,
    translate_error,
)
from prevent_desktop.storage.keyslots import (
    PASSPHRASE,
    RECOVERY,
    KdfParams,
    KeySlot,
    KeySlotFile,
    ensure_mode_0600,
    new_database_key,
    new_recovery_key,
    normalise_recovery_key,
    upgrade_slot,
)
from prevent_desktop.storage.keyslots import new_slot_params as product_slot_params
from prevent_desktop.storage.migrations import current_version, migrate, missing_triggers, pending, target_version

# Every read-modify-write of vault.keys in this process goes through this lock (an automatic backup on a worker
# thread and a session closing on the UI thread may both move the anchor).
_keyfile_guard = threading.RLock()

log = logging.getLogger(__name__)


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


def delete_setting(conn: Connection, key: str) -> None:
    """Remove one stored setting (it reads as its default again). Call inside a transaction."""
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def write_setting(conn: Connection, key: str, value: str, actor: str) -> None:
    """Store one setting and audit the change by name (never the value). Call inside a transaction."""
    store_setting(conn, key, value)
    audit.append(conn, actor, "settings.change", "setting", key)


def unwrap_key(paths: DataPaths, secret: Secret) -> bytes:
    """The slow step: Argon2id + AES-GCM unwrap. Raises WrongPassphrase, TooManyAttempts, VaultMissing or
    VaultDamaged. A wrong secret is counted (see ``record_failure``) and slows the next attempts down.
    The caller holds the vault lock: this may finish an interrupted rekey or restore (it renames files)."""
    if not paths.database.exists() and not paths.keyslots.exists():
        raise VaultMissing(f"There is no vault in {paths.root}. Create one first (prevent-desktop init).")
    if not paths.database.exists():
        raise VaultMissing(f"The vault database {paths.database.name} is missing from {paths.root}.")
    clean_stale_partials(paths.root)
    clean_dead_restores(paths.root)
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
            raise WrongPassphrase(
                "passphrase" if secret.kind == PASSPHRASE else "recovery key", counted=True
            ) from None
        return next_key
    if paths.keyslots_next.exists():
        key = _finish_interrupted_rekey(paths, secret, key)
    with contextlib.suppress(KnownError, OSError):  # a weak or pre-NFC slot is re-wrapped now (or next time)
        upgrade_slot(paths.keyslots, secret.kind, secret.text, key)
    return key


def clean_dead_restores(folder: Path) -> list[Path]:
    """Remove ``.restore-<pid>.db`` scratch copies (and their journals) left by a restore that was killed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.glob(".restore-*.db*"):
        pid_text = p.name[len(".restore-") :].split(".", 1)[0]
        if pid_text.isdigit() and not pid_alive(int(pid_text)):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


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


def _next_belongs_to_database(paths: DataPaths, key: bytes) -> bool:
    """The key in force opens the database and ``.next`` is there too: a rekey that rolled back (drop ``.next``),
    or a restore of a backup made with this same key whose database is already in place (keep ``.next``: its
    slots and anchor belong to it). The anchors tell: the database continues ``.next``'s, not the current one's."""
    try:
        pending_anchor, _ = _anchor_of(KeySlotFile.read(paths.keyslots_next))
        current, _ = _anchor_of(KeySlotFile.read(paths.keyslots))
        if pending_anchor is None or not pending_anchor.verifies(key):
            return False
        conn = open_connection(paths.database, key)
    except KnownError:
        return False
    try:
        continues_current = current is not None and current.verifies(key) and audit.extends(conn, current)
        return audit.extends(conn, pending_anchor) and not continues_current
    finally:
        conn.close()


def _finish_interrupted_rekey(paths: DataPaths, secret: Secret, key: bytes) -> bytes:
    """A rekey (or restore) was interrupted: ``vault.keys.next`` holds slots for the new key. Whichever key opens
    the database wins: the old one means the rekey rolled back (drop the side file; unless the anchors show a
    same-key restore whose database is in place), the new one means it committed before the slots were swapped
    (promote the side file)."""
    if _opens_with(paths, key):
        if _next_belongs_to_database(paths, key):  # a restore of a backup with this same key, killed mid-swap
            restored = KeySlotFile.read(paths.keyslots_next)
            os.replace(paths.keyslots_next, paths.keyslots)
            fsync_dir(paths.root)
            try:
                restored.slot(secret.kind).unwrap(secret.text)
            except WrongPassphrase:  # the secret of the vault the restore replaced: not the one in force now
                record_failure(paths)
                raise InterruptedChange() from None
        else:
            with contextlib.suppress(OSError):
                paths.keyslots_next.unlink()
        return key
    try:
        new_key = KeySlotFile.read(paths.keyslots_next).slot(secret.kind).unwrap(secret.text)
    except WrongPassphrase:
        record_failure(paths)
        raise InterruptedChange() from None
    except VaultDamaged:
        raise VaultDamaged(
            "A change of the vault's key was interrupted and its new key file is damaged. Restore the newest backup."
        ) from None
    if not _opens_with(paths, new_key):
        raise VaultDamaged(f"The vault database {paths.database.name} does not open with either key: it is damaged.")
    os.replace(paths.keyslots_next, paths.keyslots)
    fsync_dir(paths.root)
    return new_key


# -- the rollback anchor ---------------------------------------------------------------------------------------
def _anchor_of(slots: KeySlotFile) -> tuple[audit.Anchor | None, str]:
    """(anchor, problem): a malformed anchor is a problem of its own, never a silent 'no anchor'."""
    if slots.anchor is None:
        return None, ""
    try:
        return audit.Anchor.from_json(slots.anchor), ""
    except ValueError:
        return None, "the rollback anchor in the key file is damaged"


def rollback_problems(paths: DataPaths, conn: Connection, key: bytes) -> list[str]:
    """Is this vault.db older than the vault was at its last lock or backup? [] when not.

    Two witnesses, neither inside vault.db: the anchor in vault.keys (a copied-back older vault.db no longer
    contains its head) and the backups in ``backups/`` (a backup whose anchor, MAC'd with this key, has a higher
    generation than vault.keys' was made from a newer vault: both vault files were put back from older copies).
    The backups are read first: a backup is only ever written after vault.keys got its anchor."""
    from prevent_desktop.storage import backup

    newer = []
    for path, anchor, made in backup.embedded_anchors(paths.backups):
        if anchor is not None and anchor.verifies(key):
            newer.append((anchor.generation, path, made))
    slots = KeySlotFile.read(paths.keyslots)
    anchor, damaged = _anchor_of(slots)
    problems = [damaged] if damaged else audit.anchor_problems(conn, anchor, key)
    generation = anchor.generation if anchor is not None else 0
    later = sorted((g, p, m) for g, p, m in newer if g > generation)
    if later and not problems:
        _g, path, made = later[-1]
        problems.append(
            f"the backup {path.name} (made {_when(made)}) was made from a newer state of this vault than the one "
            "now in place: both vault files were put back from older copies"
        )
    return problems


def _when(iso: str) -> str:
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")
    return iso


def current_anchor(paths: DataPaths) -> audit.Anchor | None:
    return _anchor_of(KeySlotFile.read(paths.keyslots))[0]


def advance_anchor(paths: DataPaths, conn: Connection, key: bytes) -> audit.Anchor | None:
    """Move the anchor forward to this database's head, and only forward: if the chain does not contain the
    anchor's head (a rolled-back or tampered vault) nothing is written and None is returned, so the evidence
    stays until the DSO restores a backup or accepts the state (``rebase_anchor``)."""
    with _keyfile_guard:
        slots = KeySlotFile.read(paths.keyslots)
        anchor, damaged = _anchor_of(slots)
        if damaged or anchor is None or not anchor.verifies(key) or not audit.extends(conn, anchor):
            return None
        now = audit.head(conn)
        if now == anchor.head:
            return anchor
        new = audit.Anchor.make(key, anchor.generation + 1, now)
        slots.with_anchor(new.to_json()).write(paths.keyslots)
        return new


def rebase_anchor(paths: DataPaths, conn: Connection, key: bytes, *, above: int = 0) -> audit.Anchor:
    """Set the anchor to this database's head whatever it said before: only for a restore and for the DSO's
    explicit, audited 'accept this state'. The generation goes above the old one and above ``above``."""
    with _keyfile_guard:
        slots = KeySlotFile.read(paths.keyslots)
        old, _damaged = _anchor_of(slots)
        generation = max(old.generation if old is not None else 0, above) + 1
        new = audit.Anchor.make(key, min(generation, audit.MAX_GENERATION), audit.head(conn))
        slots.with_anchor(new.to_json()).write(paths.keyslots)
        return new


@dataclass(frozen=True)
class NewKey:
    """A new database key and the key slots that wrap it, made before anything is committed (the slow part)."""

    key: bytes = field(repr=False)
    slots: KeySlotFile


def new_slot_params(paths: DataPaths, kdf: KdfParams | None) -> KdfParams:
    """The KDF parameters for a new slot: the caller's, else the product's (never the old slot's: a weak slot must
    not make its successor weak; ``keyslots.new_slot_params`` applies the floor and the installed policy)."""
    return kdf if kdf is not None else product_slot_params()


def check_passphrase(paths: DataPaths, key: bytes, passphrase: str) -> None:
    """Raise WrongPassphrase unless ``passphrase`` unwraps this vault's key (nothing is counted or changed)."""
    if KeySlotFile.read(paths.keyslots).slot(PASSPHRASE).unwrap(passphrase) != key:
        raise WrongPassphrase()


def make_new_key(passphrase: str, recovery: str, params: KdfParams) -> NewKey:
    """A fresh random database key wrapped by the passphrase and the (already shown) recovery key."""
    key = new_database_key()
    return NewKey(
        key,
        KeySlotFile((KeySlot.wrap(PASSPHRASE, passphrase, key, params), KeySlot.wrap(RECOVERY, recovery, key, params))),
    )


class _Reencrypting:
    """The connection's stand-in while another connection re-encrypts the file."""

    in_transaction = False

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise KnownError("The vault is being re-encrypted; nothing was saved. Try again in a moment.")

    execute = executemany = executescript = cursor = backup = _refuse

    def close(self) -> None:
        return None

    def interrupt(self) -> None:
        return None


@dataclass
class Vault:
    paths: DataPaths
    conn: Connection
    _key: bytearray = field(repr=False)
    migrated: list[int] = field(default_factory=list)
    # Non-empty when this vault.db is older than its anchor says (see ``rollback_problems``).
    rollback: list[str] = field(default_factory=list)

    # -- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, paths: DataPaths, key: bytes, *, migrate_here: bool = True) -> Vault:
        """Open with the raw key. Fast whatever the vault's size: no whole-file scan. What is damaged is found by
        what reads it: the probe (a wrong key, not SQLCipher, a damaged first page), the whole-pages check (a
        cut file: ``storage.db.open_connection``), SQLCipher's HMAC on every page read from then on; every
        other page by the background check after unlock and by every backup (``storage.integrity``). Opening
        writes nothing outside the database (the anchor is compared, never moved). A schema out of date is
        migrated here, after a backup; with ``migrate_here=False`` it raises ``MigrationPending`` instead (the
        GUI migrates on a worker, then opens again)."""
        conn = open_connection(paths.database, key)
        try:
            if not migrate_here and pending(conn):  # (none for a schema too new: migrate says so below)
                raise MigrationPending("the vault's schema is out of date")
            rollback = rollback_problems(paths, conn, key)
            applied = _update_schema(paths, conn, key)
            finish_rekeyed_backups(paths, key)
        except DatabaseError as exc:
            conn.close()
            if result_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):  # a page read while opening fails its check
                raise VaultDamaged(
                    f"The vault database {paths.database.name} is damaged (a page read while opening it fails its "
                    "check)."
                ) from None
            known = translate_error(exc)
            if known is exc:
                raise
            raise known from None
        except BaseException:
            conn.close()
            raise
        return cls(paths, conn, bytearray(key), applied, rollback)

    @classmethod
    def unlock(cls, paths: DataPaths, secret: Secret) -> Vault:
        return cls.open(paths, unwrap_key(paths, secret))

    @classmethod
    def create(
        cls, paths: DataPaths, passphrase: str, kdf: KdfParams | None = None, *, recovery: str | None = None
    ) -> tuple[Vault, str]:
        """Make a new, empty (schema only) vault. ``recovery`` is the recovery key the caller has already shown
        or written (one is made if not given). Returns the vault and the recovery key."""
        if paths.database.exists() or paths.keyslots.exists():
            raise VaultExists(f"A vault already exists in {paths.root}; it was left untouched.")
        paths.ensure()
        recovery = recovery or new_recovery_key()
        made = make_new_key(passphrase, recovery, new_slot_params(paths, kdf))
        conn = None
        try:
            conn = open_connection(paths.database, made.key, create=True)
            ensure_mode_0600(paths.database)
            migrate(conn)
            anchor = audit.Anchor.make(made.key, 1, audit.head(conn))
            made.slots.with_anchor(anchor.to_json()).write(paths.keyslots)
        except BaseException:
            if conn is not None:
                conn.close()
            with contextlib.suppress(OSError):
                paths.database.unlink()
            with contextlib.suppress(OSError):
                paths.keyslots.unlink()
            raise
        return cls(paths, conn, bytearray(made.key), []), recovery

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

    def put_slot(self, slot: KeySlot) -> None:
        """Replace one key slot (already wrapped with this vault's key); the database is not re-encrypted."""
        with _keyfile_guard:
            slots = KeySlotFile.read(self.paths.keyslots)
            if slot.kind in {s.kind for s in slots.slots}:
                slots = slots.replace(slot)
            else:
                slots = KeySlotFile((*slots.slots, slot), slots.anchor)
            slots.write(self.paths.keyslots)

    def change_secret(self, kind: str, new_text: str, kdf: KdfParams | None = None) -> None:
        """Rewrite one key slot (passphrase or recovery key); the database is not re-encrypted."""
        self.put_slot(KeySlot.wrap(kind, new_text, self.key, new_slot_params(self.paths, kdf)))

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        self.change_secret(PASSPHRASE, new_passphrase, kdf)

    def rekey_to(self, new: NewKey) -> None:
        """Re-encrypt the database under ``new.key`` and put ``new.slots`` in force.

        Order, so that a kill at any point leaves a vault that opens with the passphrase: (1) the new slots (and
        an anchor MAC'd with the new key) go to ``vault.keys.next``; (2) ``PRAGMA rekey`` (one SQLite
        transaction: rolled back from its journal if killed); (3) ``vault.keys.next`` is renamed over
        ``vault.keys``. At unlock, ``_finish_interrupted_rekey`` sorts out a kill between (1) and (3).
        """
        with _keyfile_guard:
            old, _damaged = _anchor_of(KeySlotFile.read(self.paths.keyslots))
            generation = (old.generation if old is not None else 0) + 1
            anchor = audit.Anchor.make(new.key, generation, audit.head(self.conn))
            new.slots.with_anchor(anchor.to_json()).write(self.paths.keyslots_next)
            try:
                self.conn.execute(f"PRAGMA rekey = \"x'{new.key.hex()}'\"")
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except Exception:
                with contextlib.suppress(OSError):
                    self.paths.keyslots_next.unlink()
                raise
            os.replace(self.paths.keyslots_next, self.paths.keyslots)
            fsync_dir(self.paths.root)
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray(new.key)

    def disconnect(self) -> None:
        """Close the connection but keep the key: another connection (a vault job) is about to re-encrypt the file
        under it (``services.backup_service.detach_for_revocation``). ``reconnect`` opens it again; meanwhile any
        use of ``conn`` (a stray timer's save) gets a KnownError sentence, never a closed-database crash."""
        with contextlib.suppress(Exception):
            self.conn.close()
        self.conn = _Reencrypting()

    def reconnect(self, keys: tuple[bytes, ...]) -> bytes:
        """A new connection on the calling thread with the first of ``keys`` that opens the file (after a re-key
        made on another connection: the new key if it committed, else the old one); returns that key."""
        for key in keys:
            try:
                conn = open_connection(self.paths.database, key)
            except VaultDamaged:
                continue
            self.conn = conn
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = bytearray(key)
            return key
        raise VaultDamaged(
            f"The vault database {self.paths.database.name} does not open with either key: it is damaged."
        )

    def rekey(self, passphrase: str, kdf: KdfParams | None = None, *, recovery: str | None = None) -> str:
        """Re-encrypt under a new random key, keeping ``passphrase`` (checked first); returns the recovery key
        (``recovery`` if given: the caller shows a new key BEFORE this call). Backups: see
        ``services.backup_service``, which re-makes them."""
        check_passphrase(self.paths, self.key, passphrase)
        recovery = recovery or new_recovery_key()
        self.rekey_to(make_new_key(passphrase, recovery, new_slot_params(self.paths, kdf)))
        return recovery

    def kdf_params(self) -> KdfParams:
        return KeySlotFile.read(self.paths.keyslots).slot(PASSPHRASE).kdf

    # -- the anchor ----------------------------------------------------------------------------------------
    def accept_state(self) -> audit.Anchor:
        """The DSO's explicit decision to keep working with this (older) state: re-base the anchor on it. The
        caller logs the decision in the audit log first (``services.vault_service.accept_rollback``)."""
        from prevent_desktop.storage import backup

        newest = [a.generation for _p, a, _m in backup.embedded_anchors(self.paths.backups) if a is not None]
        anchor = rebase_anchor(self.paths, self.conn, self.key, above=max(newest, default=0))
        self.rollback = []
        return anchor

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return bool(self._key)

    def check(self) -> list[str]:
        """Everything ``prevent-desktop check`` verifies, each once: every page's HMAC, SQLite's whole-file
        integrity check (FTS5 tables included) and the foreign keys, the schema version, the audit chain, the
        append-only triggers, and the rollback anchor."""
        problems = integrity_problems(self.conn)
        version = current_version(self.conn)
        if version != target_version():
            problems.append(f"schema version is {version}, expected {target_version()}")
        problems.extend(f"audit log: {p}" for p in audit.verify(self.conn))
        problems.extend(
            f"the append-only guard {name} was removed from the database (someone with the key dropped it)"
            for name in missing_triggers(self.conn)
        )
        problems.extend(f"rollback: {p}" for p in rollback_problems(self.paths, self.conn, self.key))
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
        """Lock: move the anchor forward (never when the vault was found rolled back), close the connection
        and scrub the key held in memory."""
        if self._key and not self.rollback:
            with contextlib.suppress(Exception):
                advance_anchor(self.paths, self.conn, bytes(self._key))
        with contextlib.suppress(Exception):
            self.conn.close()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()


def finish_rekeyed_backups(paths: DataPaths, key: bytes) -> None:
    """A re-key re-makes every backup under the new key as ``<name>.pdbackup.next`` before it commits, and
    renames them over the originals after. Killed in between: the side files that belong to the key now in
    force are put in place, the others (the re-key did not commit) are dropped."""
    from prevent_desktop.storage import backup

    folder = paths.backups
    if not folder.is_dir():
        return
    for side in folder.glob(f"*{BACKUP_SUFFIX}.next"):
        anchor = backup.embedded_anchor(side)
        if anchor is not None and anchor.verifies(key):
            os.replace(side, side.with_name(side.name[: -len(".next")]))
        else:
            with contextlib.suppress(OSError):
                side.unlink()
    fsync_dir(folder)


def migrate_beforehand(paths: DataPaths, key: bytes) -> list[int]:
    """Bring the schema up to date on a connection of its own before the vault is opened: the pre-migration backup
    and the migrations ``Vault.open`` would otherwise make on the thread that opens it, which in the GUI is the UI
    thread (the backup alone is ~3.4 s at 100,000 cases). The unlock's worker calls it, holding the vault lock.
    Best effort: whatever goes wrong here (a damaged page, a full disk, a schema too new) is left for
    ``Vault.open`` to meet and report as it always has; it then makes the backup and migrates itself.
    Returns the versions applied."""
    if not paths.database.exists():
        return []
    try:
        conn = open_connection(paths.database, key)
    except Exception:  # the open meets it again, and tells it
        return []
    try:
        return _update_schema(paths, conn, key)
    except Exception as exc:  # the open meets it again, and tells it
        log.warning("the schema update before opening stopped (%s); opening tries again", type(exc).__name__)
        return []
    finally:
        conn.close()


def _update_schema(paths: DataPaths, conn: Connection, key: bytes) -> list[int]:
    """The pending migrations, after a backup of a vault that has a schema already; the versions applied.
    SchemaTooNew for a vault written by a newer version (``migrate``)."""
    if pending(conn) and current_version(conn) > 0:
        _backup_before_migration(paths, conn, key)
    return migrate(conn)


def _backup_before_migration(paths: DataPaths, conn: Connection, key: bytes) -> Path:
    """A verified backup (a normal ``.pdbackup``, listed and restorable like any other) before the schema
    changes. Its anchor is the key file's as it is: a backup never moves the anchor on its own here."""
    from prevent_desktop.storage.backup import make_backup

    version = current_version(conn)
    folder = ensure_private_dir(paths.backups)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"pre-migration-v{version}-{stamp}{BACKUP_SUFFIX}"
    return make_backup(conn, key, paths.keyslots.read_bytes(), target, kind="pre-migration").path
