"""Create, unlock, check and re-key the vault."""

from __future__ import annotations

import logging
from pathlib import Path

from prevent_desktop.domain.profile import default_profile_path, load_profile, profile_to_dict
from prevent_desktop.errors import ValidationError, VaultDamaged
from prevent_desktop.paths import DataPaths, deployed_profile
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import audit, contacts, lockfile, plan, policies, profile_store
from prevent_desktop.storage.attempts import clear_attempts, read_attempts
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import KdfParams, KeySlotFile
from prevent_desktop.storage.vault import Secret, Vault

MIN_PASSPHRASE_SCORE = 3  # zxcvbn 0..4
EMPTY_PASSPHRASE_HINT = "Type a passphrase: several unrelated words are strong and easy to remember."
log = logging.getLogger(__name__)


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


def create_vault(
    paths: DataPaths,
    passphrase: str,
    *,
    user_name: str = "DSO",
    profile_path: Path | None = None,
    demo: bool = False,
    kdf: KdfParams | None = None,
) -> tuple[Session, str]:
    """Create the vault, seed the organisation profile (``profile_path``, else the one IT deployed beside the
    program, else the shipped one); returns the session and the recovery key (show once)."""
    source = profile_path or deployed_profile() or default_profile_path()
    profile = profile_to_dict(load_profile(source))  # a bad profile: ProfileError, which names file, path and line
    require_strong(passphrase, [user_name])
    paths.ensure()
    with lockfile.VaultLock(paths.lockfile):
        return _create_locked(paths, passphrase, user_name, source, profile, demo, kdf)


def _create_locked(
    paths: DataPaths,
    passphrase: str,
    user_name: str,
    source: Path,
    profile: dict[str, object],
    demo: bool,
    kdf: KdfParams | None,
) -> tuple[Session, str]:
    vault, recovery = Vault.create(paths, passphrase, kdf)
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
    clear_attempts(paths)
    log.info("vault unlocked (%s); failed attempts before: %d", secret_kind, failed.failures)


def open_session(paths: DataPaths, secret: Secret) -> Session:
    """Unlock for a command: takes the data dir's lock (a second instance is refused, naming the first) and
    holds it until the session closes. A damaged vault's message names the newest backup and how to restore."""
    lock = lockfile.VaultLock(paths.lockfile).acquire() if paths.root.is_dir() else None
    try:
        try:
            session = Session(Vault.unlock(paths, secret), lock)
        except VaultDamaged as exc:
            from prevent_desktop.services.backup_service import damaged_hint

            raise VaultDamaged(str(exc) + damaged_hint(paths)) from None
        record_unlock(session, secret.kind)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return session


def change_passphrase(session: Session, new_passphrase: str, kdf: KdfParams | None = None) -> None:
    require_strong(new_passphrase, [session.user])
    # The key-slot file is renamed into place inside the transaction that logs it: if the write fails the entry
    # is rolled back; only a kill between the rename and COMMIT (one fsync) leaves the change unlogged.
    with transaction(session.conn):
        session.audit("vault.passphrase_change", "vault")
        session.vault.change_passphrase(new_passphrase, kdf)
    log.info("passphrase changed")


def verify_audit(session: Session) -> list[str]:
    vault = session.vault
    return audit.verify(session.conn, vault.paths.audit_head, vault.key)


def check(session: Session) -> list[str]:
    return session.vault.check()


def key_slots(session: Session) -> list[str]:
    """One line per key slot (kind, KDF parameters, when made), slots of unknown kind included: for ``check``."""
    return KeySlotFile.read(session.vault.paths.keyslots).describe()


def key_slot_warnings(session: Session) -> list[str]:
    """Weak or unknown key slots, in sentences for the DSO (empty when all is well): ``check`` and the GUI."""
    return KeySlotFile.read(session.vault.paths.keyslots).warnings()


def kdf_warning(session: Session) -> str:
    return "\n".join(f"warning: {w}" for w in key_slot_warnings(session))


def regenerate_recovery_key(session: Session, kdf: KdfParams | None = None) -> str:
    with transaction(session.conn):
        session.audit("vault.recovery_key_regenerate", "vault")
        key = session.vault.regenerate_recovery_key(kdf)
    return key
