"""Every on-disk location the app uses, in one place (after qutebrowser's ``standarddir``).

The data dir comes from ``--data-dir``, else ``PREVENT_DESKTOP_DATA_DIR``, else the platform's user data dir.
Folders are created owner-only (0700) on POSIX.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from prevent_desktop import APP_NAME

ENV_DATA_DIR = "PREVENT_DESKTOP_DATA_DIR"
DB_NAME = "vault.db"
KEYSLOTS_NAME = "vault.keys"
LOCK_NAME = "vault.lock"
AUDIT_HEAD_NAME = "vault.audit-head"
ATTEMPTS_NAME = "vault.attempts"
KEYSLOTS_NEXT_NAME = "vault.keys.next"
BACKUP_SUFFIX = ".pdbackup"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) with mode 0700; tighten an existing folder we own."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        try:
            os.chmod(path, 0o700)
        except PermissionError:
            pass
    return path


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or default_data_dir()
        return cls(Path(chosen).expanduser().absolute())

    @property
    def database(self) -> Path:
        return self.root / DB_NAME

    @property
    def keyslots(self) -> Path:
        return self.root / KEYSLOTS_NAME

    @property
    def lockfile(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def keyslots_next(self) -> Path:
        """New key slots written before a rekey; promoted to ``keyslots`` once the database is re-keyed."""
        return self.root / KEYSLOTS_NEXT_NAME

    @property
    def audit_head(self) -> Path:
        return self.root / AUDIT_HEAD_NAME

    @property
    def attempts(self) -> Path:
        """Failed-unlock counter (no secrets: a count and times), read for the back-off."""
        return self.root / ATTEMPTS_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def damaged(self) -> Path:
        return self.root / "damaged"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def exists(self) -> bool:
        return self.database.exists() or self.keyslots.exists()

    def ensure(self) -> DataPaths:
        ensure_private_dir(self.root)
        return self
