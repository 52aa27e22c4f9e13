"""Every on-disk location the app uses, in one place (after qutebrowser's ``standarddir``).

The data dir comes from ``--data-dir``, else ``PREVENT_DESKTOP_DATA_DIR``, else ``PreventDesktopData/`` beside the
executable when a ``portable.txt`` marker lies there (portable mode, e.g. an encrypted USB stick), else the
platform's user data dir. Folders are created owner-only (0700) on POSIX.
"""

from __future__ import annotations

import os
import sys
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
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA_DIR = "PreventDesktopData"
DEPLOYED_PROFILE = "organisation-profile.toml"


def app_dir() -> Path | None:
    """The folder holding the frozen executable; None when running from source (there is no app folder then)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute().parent
    return None


def portable_data_dir(app_folder: Path | None = None) -> Path | None:
    """``PreventDesktopData/`` beside the executable if a ``portable.txt`` marker lies there, else None.

    ``app_folder`` defaults to :func:`app_dir`; the marker's content is ignored (IT may write a note in it).
    """
    folder = app_dir() if app_folder is None else app_folder
    if folder is not None and (folder / PORTABLE_MARKER).is_file():
        return folder / PORTABLE_DATA_DIR
    return None


def deployed_profile(app_folder: Path | None = None) -> Path | None:
    """The organisation profile IT placed beside the executable (``organisation-profile.toml``), or None.

    New vaults start from it instead of the shipped profile (GUI set-up and ``init`` alike); an explicit
    ``init --organisation-profile FILE`` still wins. Beside the program, because under Program Files only an
    administrator can put it there: a profile decides whom a DSO is told to call.
    """
    folder = app_dir() if app_folder is None else app_folder
    if folder is not None and (folder / DEPLOYED_PROFILE).is_file():
        return folder / DEPLOYED_PROFILE
    return None


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
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None, *, app_folder: Path | None = None) -> DataPaths:
        """``--data-dir``, else the environment variable, else portable mode, else the platform's default."""
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or portable_data_dir(app_folder) or default_data_dir()
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
