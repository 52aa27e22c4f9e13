"""Back up, verify, restore and re-key: the verified-copy workflows on top of ``storage.backup``."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prevent_desktop.errors import BackupDamaged, KnownError, VaultDamaged, VaultExists
from prevent_desktop.paths import BACKUP_SUFFIX, DataPaths, ensure_private_dir
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import audit, backup, lockfile
from prevent_desktop.storage.attempts import clear_attempts
from prevent_desktop.storage.backup import BackupInfo, Step
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import KdfParams
from prevent_desktop.storage.vault import Secret, Vault

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
        info = backup.make_backup(
            session.conn, session.vault.key, paths.keyslots.read_bytes(), target, kind=kind, step=step
        )
    except KnownError as exc:
        with contextlib.suppress(Exception), transaction(session.conn):
            session.audit("backup.failed", "backup", "", f"{kind}; {type(exc).__name__}")
        raise
    log.info("backup made: kind=%s size=%d", kind, info.db_size)
    return info


def auto_backup(
    paths: DataPaths, key: bytes, keep: int = settings.BACKUP_KEEP.default, *, step: Step = _no_step
) -> BackupInfo:
    """The rotating automatic backup on a connection of its own (opened here with ``key``)."""
    session = Session(Vault.open(paths, key, check_pages=False))
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
    paths = session.vault.paths
    info = backup_now(session, default_target(paths, "auto"), kind="auto", step=step)
    audit.write_anchor(paths.audit_head, session.conn, session.vault.key)
    removed = backup.rotate(paths.backups, keep)
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
            info = backup_now(session, default_target(paths, "pre-restore"), kind="pre-restore")
        finally:
            session.close()
        return f"The vault it replaced was backed up to {info.path}."
    aside = ensure_private_dir(paths.damaged / _stamp())
    for file in (paths.database, paths.keyslots, paths.keyslots_next, paths.audit_head):
        if file.exists():
            shutil.move(str(file), str(aside / file.name))
    for leftover in paths.root.glob(f"{paths.database.name}-*"):  # -journal of the damaged file
        shutil.move(str(leftover), str(aside / leftover.name))
    return f"The damaged vault files were moved to {aside}."


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
            kept = _set_aside_current(paths, secret) if paths.exists() else ""
            # Crash-safe order, the same as a rekey: the backup's key slots go to vault.keys.next, the checked
            # database is renamed into place, then .next is renamed over vault.keys. A kill in between is sorted
            # out at the next unlock (whichever slots open the database win; see storage.vault.unwrap_key).
            from prevent_desktop.storage.atomic import fsync_dir, write_atomically

            audit.remove_anchor(paths.audit_head)
            write_atomically(paths.keyslots_next, parsed.keyslots)
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
            vault.close()
    log.info("vault restored from a backup (size=%d)", parsed.info.db_size)
    return f"Restored the vault in {paths.root} from {parsed.info.describe()}. {kept}".strip()


def rekey(session: Session, passphrase: str, kdf: KdfParams | None = None) -> tuple[str, BackupInfo]:
    """Back up, then re-encrypt the database under a new random key; returns (new recovery key, backup)."""
    info = backup_now(session, kind="pre-rekey")
    recovery = session.vault.rekey(passphrase, kdf)
    with transaction(session.conn):
        session.audit("vault.rekey", "vault", "", "new database key and recovery key")
    log.info("database re-keyed")
    return recovery, info


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
