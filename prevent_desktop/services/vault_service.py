"""Create, unlock, check and change the secrets of the vault: the use cases the GUI and the CLI share.

Unlock is one use case in two halves, so the GUI can run the slow half on a worker thread:
``unlock_key`` (take the vault lock, Argon2id, finish an interrupted change; no connection is kept) and
``open_unlocked`` (open the connection on the thread that will own it, compare with the rollback anchor, log the
unlock). ``open_session`` is both, for the CLI.

A new recovery key is always shown (or written) by the caller BEFORE the slot that depends on it is committed:
``new_recovery_key()`` makes one, the caller shows it, then ``create_vault`` / ``backup_service.revoke`` commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from prevent_desktop.domain.profile import default_profile_path, load_profile, profile_to_dict
from prevent_desktop.errors import (
    KnownError,
    MigrationPending,
    ValidationError,
    VaultDamaged,
    VaultExists,
    VaultRolledBack,
)
from prevent_desktop.paths import DataPaths, deployed_profile
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.services.unlock_backoff import unlock_wait_seconds as unlock_wait_seconds  # the GUI's light home
from prevent_desktop.services.unlocking import UnlockedKey, take_vault_lock, unlock_key
from prevent_desktop.storage import audit, contacts, integrity, lockfile, plan, policies, profile_store
from prevent_desktop.storage.attempts import clear_attempts, read_attempts
from prevent_desktop.storage.audit import AuditEntry
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import PASSPHRASE, RECOVERY, KdfParams, KeySlot, KeySlotFile
from prevent_desktop.storage.keyslots import new_recovery_key as _new_recovery_key
from prevent_desktop.storage.vault import Secret, Vault, current_anchor, new_slot_params

__all__ = ["PASSPHRASE", "RECOVERY", "AuditEntry", "Secret", "UnlockedKey", "take_vault_lock", "unlock_key"]

MIN_PASSPHRASE_SCORE = 3  # zxcvbn 0..4
EMPTY_PASSPHRASE_HINT = "Type a passphrase: several unrelated words are strong and easy to remember."
log = logging.getLogger(__name__)


def new_recovery_key() -> str:
    """A fresh recovery key. Show or write it first; then commit it (``create_vault``, ``backup_service.revoke``)."""
    return _new_recovery_key()


def passphrase_strength(passphrase: str, user_inputs: list[str] | None = None) -> tuple[int, str]:
    """zxcvbn score (0-4) and a one-line hint for the user."""
    from zxcvbn import zxcvbn

    if not passphrase:
        return 0, EMPTY_PASSPHRASE_HINT
    result = zxcvbn(passphrase[:100], user_inputs=user_inputs or [])
    score = int(result["score"])
    feedback = result.get("feedback", {})
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions", [])) or ""
    if score >= MIN_PASSPHRASE_SCORE:
        crack = result.get("crack_times_display", {}).get("offline_slow_hashing_1e4_per_second", "")
        return score, f"Strong enough (would take {crack} to guess offline)." if crack else "Strong enough."
    return score, hint or "Too easy to guess: add more unrelated words."


def require_strong(passphrase: str, user_inputs: list[str] | None = None) -> None:
    score, hint = passphrase_strength(passphrase, user_inputs)
    if score < MIN_PASSPHRASE_SCORE:
        raise ValidationError(f"That passphrase is too weak ({hint.rstrip('.')}). Choose a longer one.")


# -- create ------------------------------------------------------------------------------------------------------
def check_new_vault(
    paths: DataPaths, passphrase: str, *, user_name: str = "DSO", profile_path: Path | None = None
) -> dict[str, object]:
    """Everything that can refuse a new vault, checked before anything is written (or a recovery key shown)."""
    if paths.exists():
        raise VaultExists(f"A vault already exists in {paths.root}; it was left untouched.")
    source = profile_path or deployed_profile() or default_profile_path()
    profile = profile_to_dict(load_profile(source))  # a bad profile: ProfileError, which names file, path and line
    require_strong(passphrase, [user_name])
    return profile


def create_vault(
    paths: DataPaths,
    passphrase: str,
    *,
    user_name: str = "DSO",
    profile_path: Path | None = None,
    demo: bool = False,
    kdf: KdfParams | None = None,
    recovery_key: str | None = None,
) -> tuple[Session, str]:
    """Create the vault and seed the organisation profile; returns the session and the recovery key. Pass the
    ``recovery_key`` you have already shown or written (``new_recovery_key()``): then the vault never depends on
    a key nobody saw."""
    profile = check_new_vault(paths, passphrase, user_name=user_name, profile_path=profile_path)
    source = profile_path or deployed_profile() or default_profile_path()
    paths.ensure()
    with lockfile.VaultLock(paths.lockfile):
        return _create_locked(paths, passphrase, user_name, source, profile, demo, kdf, recovery_key)


def _create_locked(
    paths: DataPaths,
    passphrase: str,
    user_name: str,
    source: Path,
    profile: dict[str, object],
    demo: bool,
    kdf: KdfParams | None,
    recovery_key: str | None,
) -> tuple[Session, str]:
    vault, recovery = Vault.create(paths, passphrase, kdf, recovery=recovery_key)
    try:
        with transaction(vault.conn):
            settings.seed_new_vault(vault.conn, user_name=user_name, demo=demo, profile_source=Path(source).name)
            profile_store.seed(vault.conn, profile)
            contacts.seed(vault.conn, profile, user_name)
            plan.seed(vault.conn, profile, user_name)
            policies.seed(vault.conn, profile, user_name)
            audit.append(vault.conn, user_name, "vault.create", "vault", "", "demo" if demo else "")
    except BaseException:
        vault.close()
        paths.database.unlink(missing_ok=True)
        paths.keyslots.unlink(missing_ok=True)
        raise
    return Session(vault), recovery


# -- unlock (the slow half: services/unlocking.py) -----------------------------------------------------------
def open_unlocked(unlocked: UnlockedKey, *, allow_rollback: bool = False, migrate_here: bool = True) -> Session:
    """The fast half, on the thread that will own the connection: open, compare with the rollback anchor, log
    the unlock. A rolled-back vault raises VaultRolledBack (nothing written) unless ``allow_rollback``: then
    the session's ``rollback`` lists what was found, and the caller must tell the DSO. With ``migrate_here=False``
    a schema out of date raises MigrationPending, the vault lock still held: ``migrate_pending`` on a worker,
    then open again."""
    try:
        vault = Vault.open(unlocked.paths, unlocked.key, migrate_here=migrate_here)
    except MigrationPending:
        raise
    except BaseException:
        unlocked.release()
        raise
    vault.migrated = [*unlocked.migrated, *vault.migrated]  # the worker's, and any the open made itself
    session = Session(vault, unlocked.lock, unlocked_with=unlocked.kind)
    unlocked.lock = None  # the session holds it now
    try:
        if vault.rollback and not allow_rollback:
            raise VaultRolledBack(rollback_message(unlocked.paths, vault.rollback))
        record_unlock(session, unlocked.kind)
    except BaseException:
        session.close()
        raise
    return session


def open_session(paths: DataPaths, secret: Secret, *, allow_rollback: bool = False) -> Session:
    """Unlock for a command (both halves). Holds the lock until the session closes. A damaged vault's message
    names the newest backup and how to restore."""
    try:
        return open_unlocked(unlock_key(paths, secret), allow_rollback=allow_rollback)
    except VaultDamaged as exc:
        from prevent_desktop.services.backup_service import damaged_hint

        raise VaultDamaged(str(exc) + damaged_hint(paths)) from None


def record_unlock(session: Session, secret_kind: str) -> None:
    """Log the unlock, and the failed attempts counted since the last one (they could not be logged when they
    happened: the log is inside the database a wrong passphrase cannot open)."""
    paths = session.vault.paths
    failed = read_attempts(paths)
    with transaction(session.conn):
        if failed.failures:
            session.audit(
                "vault.unlock_failed", "vault", "", f"{failed.failures} failed attempt(s) since {failed.first}"
            )
        session.audit("vault.unlock", "vault", "", secret_kind)
        if session.rollback:
            session.audit("vault.rollback_detected", "vault", "", f"{len(session.rollback)} finding(s)")
    clear_attempts(paths)
    log.info("vault unlocked (%s); failed attempts before: %d", secret_kind, failed.failures)




# -- rollback ----------------------------------------------------------------------------------------------------
def rollback_message(paths: DataPaths, problems: list[str], *, gui: bool = False) -> str:
    """What happened and what to do, in words a DSO can act on (the GUI shows ``problems`` apart, as details)."""
    from prevent_desktop.storage.backup import newest_good

    newest = newest_good(paths.backups)
    text = (
        "This vault is OLDER than it was when it was last locked or backed up: an older copy of its files was "
        "put back. Records made since then may be missing. Nothing has been overwritten."
    )
    if gui:
        where = f" ({newest.describe()})" if newest else ""
        return text + (
            f" Restore the newest backup{where} to get them back, or keep working with this state: that choice "
            "is recorded in the audit log."
        )
    restore = (
        f'prevent-desktop restore --replace "{newest.path}"' if newest else "prevent-desktop restore --replace FILE"
    )
    return text + (
        f" What was found: {'; '.join(problems[:2])}. To get the records back, restore the newest backup: "
        f"{restore}. To keep working with this state knowingly (recorded in the audit log): "
        "prevent-desktop accept-rollback."
    )


def accept_rollback(session: Session) -> None:
    """The DSO keeps working with the state in place: logged (what the anchor said, counts only), then the
    anchor is re-based on it. The only way, besides a restore, to move an anchor the chain does not contain."""
    anchor = current_anchor(session.vault.paths)
    before = f"anchor had {anchor.head.count} entries (generation {anchor.generation})" if anchor else "no anchor"
    with transaction(session.conn):
        session.audit(
            "vault.rollback_accepted", "vault", "", f"{before}; vault had {audit.count(session.conn)} entries"
        )
    session.vault.accept_state()
    log.info("rollback accepted by the DSO")


# -- passphrase (the slot rewrite; the full revocation is backup_service.revoke) ---------------------------------
def prepare_passphrase(
    paths: DataPaths, key: bytes, new_passphrase: str, user: str, kdf: KdfParams | None = None
) -> KeySlot:
    """The slow half of a passphrase change, safe on a worker thread: strength check and Argon2id. Nothing is
    written."""
    require_strong(new_passphrase, [user])
    return KeySlot.wrap(PASSPHRASE, new_passphrase, key, new_slot_params(paths, kdf))


def commit_passphrase(session: Session, slot: KeySlot, *, detail: str = "") -> None:
    # The key-slot file is renamed into place inside the transaction that logs it: if the write fails the entry
    # is rolled back; only a kill between the rename and COMMIT (one fsync) leaves the change unlogged.
    with transaction(session.conn):
        session.audit("vault.passphrase_change", "vault", "", detail)
        session.vault.put_slot(slot)
    log.info("passphrase changed (slot rewrite)")


AFTER_RECOVERY = "after a recovery-key unlock"


def postpone_new_passphrase(session: Session) -> None:
    """After a recovery-key unlock the DSO chose not to set a new passphrase now: recorded (the vault still
    opens only with the old passphrase, which may be forgotten, or the recovery key)."""
    with transaction(session.conn):
        session.audit("vault.passphrase_postponed", "vault", "", AFTER_RECOVERY)
    log.info("new passphrase postponed after a recovery-key unlock")


def change_passphrase(session: Session, new_passphrase: str, kdf: KdfParams | None = None) -> None:
    """Rewrite the passphrase slot only: the database key stays (see ``PASSPHRASE_ONLY_CONSEQUENCE``)."""
    slot = prepare_passphrase(session.vault.paths, session.vault.key, new_passphrase, session.user, kdf)
    commit_passphrase(session, slot)


PASSPHRASE_ONLY_CONSEQUENCE = (
    "The vault's key stays the same: the old passphrase no longer opens the vault as it is, but with a copy of "
    "any backup (or key file) made before now it still opens those copies, and through them this vault's "
    "database. If the old passphrase may be known to someone, re-encrypt the vault instead."
)


# -- checks and the audit log ------------------------------------------------------------------------------------
def verify_audit(session: Session) -> list[str]:
    """The chain (edited, removed, reordered entries) and the rollback anchor (entries cut from the end, an
    older copy of the database put back)."""
    vault = session.vault
    from prevent_desktop.storage.vault import rollback_problems

    return audit.verify(session.conn) + rollback_problems(vault.paths, session.conn, vault.key)


def audit_entries(session: Session, limit: int | None = None) -> list[AuditEntry]:
    return audit.entries(session.conn, limit)


def audit_count(session: Session) -> int:
    return audit.count(session.conn)


def check(session: Session) -> list[str]:
    return session.vault.check()


# -- the whole-vault check in the background (issue 11) ---------------------------------------------------------
# The unlock reads only what it needs; SQLCipher checks each page it reads. The rest of the file is checked by
# ``full_check``: after an unlock (a vault job in the GUI, its own connection) when the last clean one is a day old
# or more, and again at every unlock while damage is on record. Every backup checks every page too (the automatic
# one at each lock), so a page damaged on disk is found at the latest at the next lock or the next day.
FULL_CHECK_EVERY = timedelta(days=1)


def full_check_due(session: Session, now: datetime) -> bool:
    """Is the background check due: never made, a day or more since the last clean one (or a clock set back),
    or damage found by the last one?"""
    if settings.get(session, settings.INTEGRITY_DAMAGE):
        return True
    last = settings.get(session, settings.INTEGRITY_CHECKED_AT)
    try:
        when = datetime.fromisoformat(last)
    except ValueError:
        return True
    if when.tzinfo is None or now.tzinfo is None:
        when, now = when.replace(tzinfo=None), now.replace(tzinfo=None)
    return not timedelta(0) <= now - when < FULL_CHECK_EVERY


def full_check(session: Session, *, now: datetime, step: Callable[[str], None] | None = None) -> list[str]:
    """Check the whole vault on a copy of its pages (``storage.integrity.vault_problems``: every page's HMAC, every
    table's b-trees, the foreign keys) and record the outcome (``INTEGRITY_CHECKED_AT``/``INTEGRITY_DAMAGE``).
    Returns the problems ([] when sound). Runs on the session's own thread, holding no lock on the vault for more
    than a moment; the GUI runs it as a vault job. Raises KnownError when it could not be made (cancelled, disk
    full…): nothing is recorded then."""
    problems = integrity.vault_problems(session.conn, session.vault.key, step or (lambda _stage: None))
    stamp = now.isoformat(timespec="seconds")
    try:
        if problems:
            settings.record(session.conn, settings.INTEGRITY_DAMAGE, f"{stamp};{len(problems)}")
        else:
            settings.record(session.conn, settings.INTEGRITY_CHECKED_AT, stamp)
            settings.record(session.conn, settings.INTEGRITY_DAMAGE, None)
    except KnownError:  # a damaged vault may refuse the write: the finding is still reported
        pass
    log.info("whole-vault check: %d problem(s)", len(problems))
    return problems


def recorded_damage(session: Session) -> tuple[str, int] | None:
    """(when, how many problems) the last whole-vault check found, or None."""
    text = settings.get(session, settings.INTEGRITY_DAMAGE)
    when, _sep, count = text.partition(";")
    if not when:
        return None
    return when, int(count) if count.isdigit() else 1


def damage_found_message(paths: DataPaths, problems: int, *, gui: bool = False) -> str:
    """What the background check found, in words a DSO can act on, with the way out."""
    from prevent_desktop.services.backup_service import damaged_hint

    text = (
        f"The check of the whole vault found damage ({problems} problem(s)): some records may be unreadable. "
        "Nothing was overwritten, and until a check finds the vault sound no automatic backup removes an older one."
    )
    if gui:
        return text + " Lock the vault and restore the newest backup." + damaged_hint(paths, gui=True)
    return text + damaged_hint(paths)


def key_slots(session: Session) -> list[str]:
    """One line per key slot (kind, KDF parameters, when made), slots of unknown kind included: for ``check``."""
    return KeySlotFile.read(session.vault.paths.keyslots).describe()


# How to act on a key-slot warning, said where the DSO is: the GUI's Vault menu, or the CLI's commands.
RENEW_SLOTS = {
    "gui": "use Vault → Change passphrase… (the passphrase slot) or Vault → New recovery key… (both slots)",
    "cli": "run prevent-desktop passphrase (the passphrase slot) or prevent-desktop recovery-key (both slots)",
}
REKEY_VAULT = {
    "gui": "choose Vault → New recovery key…, which re-encrypts the vault and every backup it keeps under a new "
    "key, so a key copied before opens none of them",
    "cli": "re-encrypt the vault and its backups under a new key with prevent-desktop rekey (the same as "
    "prevent-desktop recovery-key), so a key copied before opens none of them",
}


def key_slot_warnings(session: Session, *, gui: bool = False) -> list[str]:
    """Weak or unknown key slots, in sentences for the DSO (empty when all is well): ``check`` and, with
    ``gui=True`` (the remedy named as the Vault menu's actions), the GUI at unlock."""
    where = "gui" if gui else "cli"
    return KeySlotFile.read(session.vault.paths.keyslots).warnings(renew=RENEW_SLOTS[where], rekey=REKEY_VAULT[where])


def kdf_warning(session: Session) -> str:
    return "\n".join(f"warning: {w}" for w in key_slot_warnings(session))



def write_recovery_key_file(path: Path, recovery_key: str) -> None:
    """Write the recovery key to ``path`` (0600, atomically, on disk when this returns): done BEFORE the key is
    committed, so a path that cannot be written changes nothing."""
    from prevent_desktop.storage.atomic import write_atomically

    try:
        write_atomically(Path(path), (recovery_key + "\n").encode("ascii"))
    except KnownError as exc:
        raise KnownError(f"The recovery key could not be written to {path}: {exc} Nothing was changed.") from None
    except OSError as exc:
        raise KnownError(
            f"The recovery key could not be written to {path} ({exc.strerror or type(exc).__name__}). "
            "Nothing was changed."
        ) from None
