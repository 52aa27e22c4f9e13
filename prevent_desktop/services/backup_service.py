"""Back up, verify, restore and re-key: the verified-copy workflows on top of ``storage.backup``."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prevent_desktop.errors import BackupDamaged, KnownError, VaultDamaged, VaultExists
from prevent_desktop.paths import BACKUP_SUFFIX, DataPaths, ensure_private_dir
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import audit, backup, lockfile
from prevent_desktop.storage.atomic import fsync_dir
from prevent_desktop.storage.attempts import clear_attempts
from prevent_desktop.storage.backup import BackupInfo, Step
from prevent_desktop.storage.db import Connection, open_connection, transaction
from prevent_desktop.storage.keyslots import KdfParams, KeySlotFile
from prevent_desktop.storage.vault import NewKey, Secret, Vault, advance_anchor, current_anchor

log = logging.getLogger(__name__)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def default_target(paths: DataPaths, kind: str) -> Path:
    return ensure_private_dir(paths.backups) / f"{kind}-{_stamp()}{BACKUP_SUFFIX}"


def backup_keep(session: Session) -> int:
    return settings.get(session, settings.BACKUP_KEEP)


def _no_step(_stage: str) -> None:
    return None


def backup_now(
    session: Session, target: Path | None = None, *, kind: str = "manual", step: Step = _no_step
) -> BackupInfo:
    """Make one verified backup of the open vault; logs it in the audit log. Returns its description.

    The GUI runs it as a vault job on a session of its own (``ui/jobs.py``); ``step`` is called between the
    stages ("start", "logged", then ``storage.backup.make_backup``'s) and may raise to cancel it."""
    paths = session.vault.paths
    # A named file is written exactly as named (a script restores what it asked for); a folder gets a new name.
    target = Path(target) if target else default_target(paths, kind)
    if target.exists() and target.is_dir():
        target = target / f"{kind}-{_stamp()}{BACKUP_SUFFIX}"
    backup.clean_partials(target.parent)
    step("start")
    # Logged first, so the backup holds the record of its own making; a failure is logged after it.
    with transaction(session.conn):
        session.audit("backup.create", "backup", "", kind)
    try:
        step("logged")
        info = _make_anchored_backup(paths, session.conn, session.vault.key, target, kind, step=step)
    except KnownError as exc:
        with contextlib.suppress(Exception), transaction(session.conn):
            session.audit("backup.failed", "backup", "", f"{kind}; {type(exc).__name__}")
        raise
    log.info("backup made: kind=%s size=%d", kind, info.db_size)
    return info


def _make_anchored_backup(
    paths: DataPaths, conn: Connection, key: bytes, target: Path, kind: str, *, step: Step = _no_step
) -> BackupInfo:
    """The anchor moves forward to this state in vault.keys FIRST, then the backup carries the same key file: so
    no backup ever holds a newer anchor than vault.keys (which is how an unlock tells both vault files were put
    back). A rolled-back vault's anchor is not moved (the backup then carries the key file as it is)."""
    advance_anchor(paths, conn, key)
    return backup.make_backup(conn, key, paths.keyslots.read_bytes(), target, kind=kind, step=step)


def auto_backup(
    paths: DataPaths, key: bytes, keep: int = settings.BACKUP_KEEP.default, *, step: Step = _no_step
) -> BackupInfo:
    """The rotating automatic backup on a connection of its own (opened here with ``key``)."""
    session = Session(Vault.open(paths, key))
    try:
        return automatic_backup(session, keep, step=step)
    finally:
        session.close()


def automatic_backup(
    session: Session, keep: int = settings.BACKUP_KEEP.default, *, step: Step = _no_step
) -> BackupInfo:
    """The rotating automatic backup made on lock and on quit. The GUI runs it as a vault job on a session of its
    own after the UI's session closed, so locking never waits for it. Keeps the newest ``keep`` automatic
    backups; anchors the audit chain's head (the backup added an entry)."""
    from prevent_desktop.services.vault_service import recorded_damage

    paths = session.vault.paths
    info = backup_now(session, default_target(paths, "auto"), kind="auto", step=step)
    # While the whole-vault check has damage on record, no older backup is removed: they may be the good ones.
    removed = backup.rotate(paths.backups, keep) if recorded_damage(session) is None else []
    log.info("automatic backup made: size=%d, rotated=%d", info.db_size, len(removed))
    return info


@dataclass(frozen=True)
class VerifyResult:
    info: BackupInfo
    opened_with: str


def verify_backup(file: Path, secret: Secret, scratch_dir: Path | None = None) -> VerifyResult:
    """Structure, checksum, unwrap with the secret, both integrity checks and equal row counts."""
    parsed = backup.read_backup(Path(file))
    folder = scratch_dir or Path(file).parent
    if not os.access(folder, os.W_OK):
        import tempfile

        folder = Path(tempfile.gettempdir())  # the copy stays encrypted; it is removed at once
    scratch = folder / f".verify-{os.getpid()}-{_stamp()}.db"
    try:
        backup.extract(parsed, secret.kind, secret.text, scratch)
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink()
    return VerifyResult(parsed.info, secret.kind)


def damaged_hint(paths: DataPaths, *, gui: bool = False) -> str:
    """The way out of a damaged vault: the newest good backup and the command (or button) that restores it."""
    newest = backup.newest_good(paths.backups)
    if gui:
        if newest is None:
            return " No backup was found in the vault's backups folder: choose one you keep elsewhere."
        return f" The newest backup is {newest.describe()}: restore it with the button below."
    if newest is None:
        return " No backup was found in the vault's backups folder; restore one you keep elsewhere with: " \
            "prevent-desktop restore --replace FILE"
    return (
        f" The newest backup is {newest.describe()}. Restore it with: "
        f"prevent-desktop restore --replace \"{newest.path}\" (the damaged files are kept in "
        f"{paths.damaged})."
    )


def _set_aside_current(paths: DataPaths, secret: Secret) -> str:
    """Keep the current vault before it is replaced: a verified backup if it opens with the secret,
    otherwise its files are moved (never overwritten) to ``<data dir>/damaged/<time>/``."""
    from prevent_desktop.storage.vault import unwrap_key

    try:
        key = unwrap_key(paths, secret)
        vault = Vault.open(paths, key)
    except KnownError:
        pass
    else:
        session = Session(vault)
        try:
            info: BackupInfo | None = backup_now(session, default_target(paths, "pre-restore"), kind="pre-restore")
        except VaultDamaged:  # it opens, but a page of it fails its check: kept aside as files, below
            info = None
        finally:
            session.close()
        if info is not None:
            return f"The vault it replaced was backed up to {info.path}."
    # Copied (and synced) first, not moved: until the restored database is renamed over it, the vault in place
    # stays whole, so a kill now never leaves a folder with no vault in it.
    aside = ensure_private_dir(paths.damaged / _stamp())
    for file in (paths.database, paths.keyslots, paths.keyslots_next, *paths.root.glob(f"{paths.database.name}-*")):
        if file.exists():
            shutil.copy2(str(file), str(aside / file.name))
            with open(aside / file.name, "rb+") as fh:
                os.fsync(fh.fileno())
    fsync_dir(aside)
    for stale in (paths.keyslots_next, *paths.root.glob(f"{paths.database.name}-*")):
        # A hot journal must not meet the restored database; .next would pair the wrong slots with it.
        stale.unlink(missing_ok=True)
    return f"The damaged vault files were moved to {aside}."


def _highest_generation(paths: DataPaths, parsed: backup.Parsed) -> int:
    """The highest anchor generation anyone could compare the restored vault with (numbers only: a planted
    file can only push the restored vault's generation up, never cause a false alarm)."""
    found = [a.generation for _p, a, _m in backup.embedded_anchors(paths.backups) if a is not None]
    inside = backup.embedded_anchor(parsed.info.path) if parsed.info.path.exists() else None
    if inside is not None:
        found.append(inside.generation)
    if paths.keyslots.exists():
        with contextlib.suppress(KnownError):
            current = current_anchor(paths)
            if current is not None:
                found.append(current.generation)
    return min(max(found, default=0), audit.MAX_GENERATION - 1)


def restore_backup(paths: DataPaths, file: Path, secret: Secret, *, replace: bool = False) -> str:
    """Restore into an empty data dir, or over the current vault only with ``replace`` (which keeps the
    current one first). Opens with the secret valid when the backup was made. Returns a message."""
    parsed = backup.read_backup(Path(file))
    paths.ensure()
    with lockfile.VaultLock(paths.lockfile):
        if paths.exists() and not replace:
            raise VaultExists(
                f"A vault already exists in {paths.root}. Restore into a new folder (--data-dir), or replace it "
                "with --replace (it is backed up first)."
            )
        scratch = paths.root / f".restore-{os.getpid()}.db"
        try:
            key = backup.extract(parsed, secret.kind, secret.text, scratch)
            # The restored vault's anchor: its own chain head, with a generation above the replaced vault's and
            # every backup's (+2: keeping the current vault below may move its anchor once more), so a
            # legitimate restore never looks like a rollback (and an older copy put back after it does).
            conn = open_connection(scratch, key)
            try:
                restored_head = audit.head(conn)
            finally:
                conn.close()
            generation = _highest_generation(paths, parsed) + 2
            slots = KeySlotFile.from_bytes(parsed.keyslots, name=f"key file inside {parsed.info.path.name}")
            anchored = slots.with_anchor(audit.Anchor.make(key, generation, restored_head).to_json())
            kept = _set_aside_current(paths, secret) if paths.exists() else ""
            # Crash-safe order, the same as a rekey: the backup's key slots go to vault.keys.next, the checked
            # database is renamed into place, then .next is renamed over vault.keys. A kill in between is sorted
            # out at the next unlock (whichever slots open the database win; see storage.vault.unwrap_key).
            anchored.write(paths.keyslots_next)
            os.replace(scratch, paths.database)
            fsync_dir(paths.root)
            os.replace(paths.keyslots_next, paths.keyslots)
            fsync_dir(paths.root)
        finally:
            with contextlib.suppress(OSError):
                scratch.unlink()
        clear_attempts(paths)
        vault = Vault.open(paths, key)
        try:
            user = settings.read(vault.conn, settings.USER_NAME)
            with transaction(vault.conn):
                audit.append(vault.conn, user, "vault.restore", "backup", "", f"made {parsed.info.created_at}")
        finally:
            vault.close()  # moves the anchor forward to the restore entry
    log.info("vault restored from a backup (size=%d)", parsed.info.db_size)
    return f"Restored the vault in {paths.root} from {parsed.info.describe()}. {kept}".strip()


# -- revocation: a new database key, and every backup the app keeps re-made under it ------------------------------
@dataclass
class RevocationPlan:
    """Everything slow, done before anything is committed (``prepare_revocation``, worker-safe): the new key and
    its slots, a safety backup, and every backup in ``backups/`` re-made under the new key as a side file."""

    paths: DataPaths
    old_key: bytes = field(repr=False)
    new: NewKey = field(repr=False)
    recovery_key: str = field(repr=False)
    new_passphrase: bool
    safety: BackupInfo | None
    remade: list[tuple[Path, Path]]  # (backup, its re-made side file)
    retire: list[Path]  # cannot be re-made (damaged, or from an earlier key): deleted once the change commits


@dataclass(frozen=True)
class RevocationReport:
    recovery_key: str = field(repr=False)
    safety: BackupInfo | None
    remade: int
    retired: list[str]
    kept_elsewhere: list[str]  # files the app keeps but cannot re-make (moved-aside damaged vaults)
    new_passphrase: bool

    def summary(self) -> str:
        """What each secret can open now, in words a DSO can act on."""
        old = "the old passphrase and the old recovery key" if self.new_passphrase else "the old recovery key"
        text = (
            f"The vault was re-encrypted under a new key. From now on {old} open neither this vault nor any of "
            f"the {self.remade} backup(s) in the backups folder, which were re-encrypted too."
        )
        if self.retired:
            text += f" {len(self.retired)} backup file(s) that could not be re-encrypted were deleted."
        if self.kept_elsewhere:
            text += (
                f" {len(self.kept_elsewhere)} damaged vault file(s) kept in the 'damaged' folder still open with "
                "the old secrets: delete them when you no longer need them."
            )
        return text + (
            " A backup copied somewhere else before now (a USB stick, a network folder) still opens with the old "
            "secrets and shows the vault as it was then: destroy such copies, or keep them locked away."
        )


def prepare_revocation(
    paths: DataPaths,
    key: bytes,
    *,
    passphrase: str,
    recovery_key: str,
    new_passphrase: bool = False,
    user: str = "DSO",
    kdf: KdfParams | None = None,
) -> RevocationPlan:
    """The slow half, safe on a worker thread (only its own connections): check the passphrase (or the new
    one's strength), make the new key and its slots (Argon2id), a verified safety backup, and the re-made
    backups. Nothing the vault depends on is changed: ``commit_revocation`` does that, ``discard_revocation``
    drops the side files. The caller has shown ``recovery_key`` before calling."""
    from prevent_desktop.services.vault_service import require_strong
    from prevent_desktop.storage.vault import check_passphrase, make_new_key, new_slot_params

    if new_passphrase:
        require_strong(passphrase, [user])
    else:
        check_passphrase(paths, key, passphrase)  # a typo must never become the only passphrase
    new = make_new_key(passphrase, recovery_key, new_slot_params(paths, kdf))
    safety = _safety_backup(paths, key)
    remade: list[tuple[Path, Path]] = []
    retire: list[Path] = []
    try:
        for path in backup.list_backups(paths.backups):
            side = backup.rekey_backup(path, key, new.key, new.slots)
            if side is None:
                retire.append(path)
            else:
                remade.append((path, side))
    except BaseException:
        for _path, side in remade:
            with contextlib.suppress(OSError):
                side.unlink()
        raise
    # Raw copies made before a schema update by earlier versions hold the old key too.
    retire.extend(p for p in paths.backups.glob("pre-migration-*") if p.suffix in (".db", ".keys"))
    return RevocationPlan(paths, key, new, recovery_key, new_passphrase, safety, remade, retire)


def _safety_backup(paths: DataPaths, key: bytes) -> BackupInfo:
    """A verified backup of the state before the change, from its own connection (re-made with the others)."""
    conn = open_connection(paths.database, key)
    try:
        with transaction(conn):
            audit.append(conn, settings.read(conn, settings.USER_NAME), "backup.create", "backup", "", "pre-rekey")
        return _make_anchored_backup(paths, conn, key, default_target(paths, "pre-rekey"), "pre-rekey")
    finally:
        conn.close()


def discard_revocation(plan: RevocationPlan) -> None:
    for _path, side in plan.remade:
        with contextlib.suppress(OSError):
            side.unlink()


def commit_revocation(session: Session, plan: RevocationPlan) -> RevocationReport:
    """On the thread that owns the connection: re-key the database (crash-safe: ``Vault.rekey_to``), then put
    the re-made backups in place and delete those that could not be re-made. A kill after the re-key is
    finished at the next unlock (``storage.vault.finish_rekeyed_backups``)."""
    vault = session.vault
    if vault.key != plan.old_key:
        discard_revocation(plan)
        raise KnownError("The vault's key changed while the new one was being prepared; nothing was changed.")
    try:
        vault.rekey_to(plan.new)
    except BaseException:
        discard_revocation(plan)
        raise
    for path, side in plan.remade:
        if side.exists():
            os.replace(side, path)
        else:  # its side file vanished: the original must not stay openable with the old secrets
            with contextlib.suppress(OSError):
                path.unlink()
    retired = []
    for path in plan.retire:
        with contextlib.suppress(OSError):
            path.unlink()
            retired.append(path.name)
    fsync_dir(plan.paths.backups)
    detail = (
        f"new database key and recovery key{' and passphrase' if plan.new_passphrase else ''}; "
        f"backups re-made {len(plan.remade)}, retired {len(retired)}"
    )
    # The change has committed (and its new recovery key was shown first): failing to log it now must not make
    # it look undone, so the failure is logged, not raised.
    try:
        with transaction(session.conn):
            session.audit("vault.rekey", "vault", "", detail)
        advance_anchor(plan.paths, session.conn, vault.key)
    except KnownError as exc:
        log.warning("re-key committed but not logged: %s", type(exc).__name__)
    kept = sorted(str(p.relative_to(plan.paths.root)) for p in plan.paths.damaged.glob("*/vault.db"))
    log.info("database re-keyed; backups re-made=%d retired=%d", len(plan.remade), len(retired))
    return RevocationReport(plan.recovery_key, plan.safety, len(plan.remade), retired, kept, plan.new_passphrase)


def detach_for_revocation(session: Session) -> bytearray:
    """The GUI's way to commit a revocation without holding its window (``PRAGMA rekey`` re-encrypts the whole
    file: 3 s at 42 MB): its own connection is closed, the commit runs as a vault job on a connection of the
    job's own (``commit_revocation``, the same crash-safe order), then ``reattach_after_revocation`` opens the
    UI's connection again under the key now in force. Returns the key copy the job opens its connection with."""
    key = session.vault.key_copy()
    session.vault.disconnect()
    return key


def reattach_after_revocation(session: Session, plan: RevocationPlan) -> None:
    """Open the session's connection again, on the calling thread: with the new key if the re-key committed,
    else with the old one (a failed commit changed nothing). A session locked meanwhile stays closed."""
    if session.vault.is_open:
        session.vault.reconnect((plan.new.key, plan.old_key))


def revoke(
    session: Session,
    *,
    passphrase: str,
    recovery_key: str,
    new_passphrase: bool = False,
    kdf: KdfParams | None = None,
) -> RevocationReport:
    """The full revocation in one call (CLI): the old recovery key (and, with ``new_passphrase``, the old
    passphrase) opens neither the vault nor any backup the app keeps. Show ``recovery_key`` first."""
    plan = prepare_revocation(
        session.vault.paths,
        session.vault.key,
        passphrase=passphrase,
        recovery_key=recovery_key,
        new_passphrase=new_passphrase,
        user=session.user,
        kdf=kdf,
    )
    return commit_revocation(session, plan)


def rekey(
    session: Session, passphrase: str, kdf: KdfParams | None = None, *, recovery_key: str | None = None
) -> tuple[str, BackupInfo | None]:
    """Re-encrypt under a new key keeping the passphrase (a full revocation of the recovery key); returns
    (the recovery key, the safety backup made first)."""
    from prevent_desktop.storage.keyslots import new_recovery_key

    report = revoke(session, passphrase=passphrase, recovery_key=recovery_key or new_recovery_key(), kdf=kdf)
    return report.recovery_key, report.safety


def describe_damage(exc: VaultDamaged | BackupDamaged, paths: DataPaths) -> str:
    return str(exc) + damaged_hint(paths)


@dataclass(frozen=True)
class BackupListing:
    path: Path
    info: BackupInfo | None  # None: the file is damaged or not a backup
    problem: str = ""


def list_backups(paths: DataPaths) -> list[BackupListing]:
    """The backups in ``<data dir>/backups``, newest first, from their headers and sizes alone (no key needed; a
    1.5 GB file costs one small read). ``verify_backup`` checks a whole file."""
    rows = []
    for path in backup.list_backups(paths.backups):
        try:
            rows.append(BackupListing(path, backup.read_header(path)))
        except KnownError as exc:
            rows.append(BackupListing(path, None, str(exc)))
    return rows


def backup_file_info(file: Path) -> BackupInfo:
    """A backup file's header, size and checksum checked (streamed, constant memory) without any key."""
    return backup.read_header(Path(file), checksum=True)


@dataclass(frozen=True)
class BackupChoice:
    """One line of a restore picker: the file, how to describe it, and whether it can be used."""

    path: Path
    label: str
    usable: bool


def backup_choices(paths: DataPaths) -> list[BackupChoice]:
    """The backups in ``backups/``, newest first; a damaged one is listed but not usable."""
    choices = []
    for path in backup.list_backups(paths.backups):
        try:
            info = backup.read_header(path)  # the header alone: a 1.5 GB file costs one small read
        except KnownError:
            choices.append(BackupChoice(path, f"{path.name} — damaged, cannot be used", False))
        else:
            choices.append(BackupChoice(path, f"{info.describe()} — {info.kind}", True))
    return choices
