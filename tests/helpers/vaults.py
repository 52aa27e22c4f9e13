"""Template vaults: made once per test session, copied into each test's own folder.

Creating a vault costs real time (schema, organisation profile load and seeding, audit) even with cheap KDF
parameters, and most tests only need *a* vault. So the suite makes each kind once (under the run's basetemp) and
gives every test a byte copy of the files, opened with the template's key: still a real SQLCipher file on disk,
owned by that test alone.

A copy shares the template's database key, key-slot salts and recovery key. That is fine for almost every test;
a test that asserts something about a *new* vault's secrets (two vaults differ, salts are random) must make fresh
ones: mark it ``@pytest.mark.fresh_vault`` (the vault fixtures then run ``create_vault`` for it) or call
``create_vault`` itself.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.session import Session
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Vault

TEST_USER = "Test DSO"


@dataclass(frozen=True)
class VaultTemplate:
    """The files of one vault as they were right after it was made, plus the secrets that open them."""

    folder: Path
    key: bytes
    recovery: str

    def copy_to(self, root: Path) -> DataPaths:
        """Copy the template's files into ``root`` (created owner-only, like the app does); nothing is opened."""
        paths = DataPaths(root).ensure()
        for entry in sorted(self.folder.iterdir()):
            if entry.is_file():
                shutil.copy2(entry, paths.root / entry.name)
        return paths

    def open(self, root: Path) -> Session:
        """A copy in ``root``, opened with the key: the state ``create_vault`` returns (no lock held, no unlock
        logged), minus the cost of making it."""
        return Session(Vault.open(self.copy_to(root), self.key))


def snapshot(session: Session, recovery: str, folder: Path) -> VaultTemplate:
    """Copy a just-created vault's files (no transaction open, so the database file is complete) to ``folder``."""
    paths = session.vault.paths
    if session.conn.in_transaction or (paths.root / (paths.database.name + "-journal")).exists():
        raise RuntimeError("a vault can only be copied between transactions")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for entry in sorted(paths.root.iterdir()):
        if entry.is_file():
            shutil.copy2(entry, folder / entry.name)
    return VaultTemplate(folder, session.vault.key, recovery)


def make_template(base: Path, passphrase: str, *, demo: bool = False) -> VaultTemplate:
    """Create one vault with ``create_vault`` in ``base/made`` and keep a snapshot of it in ``base/files``."""
    session, recovery = create_vault(DataPaths(base / "made"), passphrase, user_name=TEST_USER, kdf=TEST_KDF, demo=demo)
    try:
        return snapshot(session, recovery, base / "files")
    finally:
        session.close()


def copy_data_dir(template: Path, target: Path) -> Path:
    """Copy a whole data dir (its files; sub-folders such as backups/ too) into ``target``."""
    shutil.copytree(template, target, copy_function=shutil.copy2)
    if os.name == "posix":
        os.chmod(target, 0o700)
    return target
