"""Known errors: problems a DSO can understand and act on.

Everything that is not a ``KnownError`` is a bug: the CLI and the GUI show it differently (see ARCHITECTURE.md).
Messages never contain personal data: they name files and problems, not people.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem with a plain-English message (one or two sentences) and no traceback for the user."""

    exit_code = 1


class WrongPassphrase(KnownError):
    def __init__(self, what: str = "passphrase", *, counted: bool = False) -> None:
        self.what = what
        self.counted = counted
        if counted:  # an unlock: the failure is counted in vault.attempts (and logged at the next unlock)
            super().__init__(
                f"Wrong {what}. The vault stays locked; this failed attempt was counted and will be recorded in "
                "the audit log at the next unlock. Please try again."
            )
        else:
            super().__init__(f"Wrong {what}. Nothing was changed; please try again.")


class InterruptedChange(WrongPassphrase):
    """A re-key or restore was interrupted after the database changed; the secret typed belongs to the state
    before it (so, for the vault as it is now, it is a wrong secret: counted like one)."""

    def __init__(self) -> None:
        super().__init__(counted=True)
        KnownError.__init__(
            self,
            "That passphrase or key opened the vault as it was before a change (a restore or a new key) that was "
            "interrupted; the vault is now in its new state. Unlock with the passphrase, or the new recovery key, "
            "of the new state to finish the change.",
        )


class VaultMissing(KnownError):
    pass


class VaultExists(KnownError):
    pass


class VaultDamaged(KnownError):
    """The database or a key-slot file is truncated, corrupted or not a vault file."""


class VaultLocked(KnownError):
    """Another instance holds the vault."""


class VaultRolledBack(KnownError):
    """vault.db is older than its rollback anchor says: records made since may be missing."""


class NotSQLCipher(KnownError):
    pass


class DiskFull(KnownError):
    pass


class ValidationError(KnownError):
    """Bad input from the user or an imported file; the message names the field."""


class SchemaTooNew(KnownError):
    pass


class TooManyAttempts(KnownError):
    """Unlock refused for a few seconds after repeated wrong passphrases (back-off)."""

    def __init__(self, wait_seconds: float, failures: int) -> None:
        self.wait_seconds = max(0.0, wait_seconds)
        self.failures = failures
        super().__init__(
            f"{failures} wrong attempts in a row: wait {int(self.wait_seconds + 0.999)} s before trying again."
        )


class BackupDamaged(KnownError):
    """A backup file is truncated, corrupted or not a Prevent Desktop backup."""


class ReadOnlyLocation(KnownError):
    pass


class MigrationPending(Exception):
    """Opening found the vault's schema older than this version's, and the caller asked not to migrate on its
    own thread (the GUI's UI thread): migrate on a worker (``services.unlocking.migrate_pending``), then open
    again. Not a KnownError: nothing to tell the DSO, and the vault lock stays held."""
