"""An unlocked vault plus who is using it: what every service takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from prevent_desktop.services import settings
from prevent_desktop.storage import audit, profile_store
from prevent_desktop.storage.db import Connection
from prevent_desktop.storage.vault import Vault


@dataclass
class Session:
    vault: Vault
    lock: Any = None  # storage.lockfile.VaultLock held while this session is open (CLI); the GUI holds its own
    unlocked_with: str = ""  # the secret that opened it ("passphrase" / "recovery"; "" for a new vault)
    # What services derived from the vault, kept for this session: name -> (the revision it was built at, value).
    # Each owner decides when its value is stale (services.contacts.routing.vault_profile: the profile revision).
    derived: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def conn(self) -> Connection:
        return self.vault.conn

    @property
    def user(self) -> str:
        return settings.get(self, settings.USER_NAME)

    @property
    def demo(self) -> bool:
        return settings.get(self, settings.DEMO)

    def organisation(self) -> dict[str, Any]:
        return profile_store.organisation(self.conn)

    @property
    def organisation_name(self) -> str:
        return str(self.organisation().get("name", ""))

    def audit(self, action: str, entity: str = "", entity_id: str = "", detail: str = "") -> None:
        """Record an audit entry; call inside the transaction of the change it records."""
        audit.append(self.conn, self.user, action, entity, entity_id, detail)

    @property
    def rollback(self) -> list[str]:
        """Non-empty when the vault.db in place is older than its rollback anchor (records may be missing)."""
        return self.vault.rollback

    def close(self) -> None:
        self.vault.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
