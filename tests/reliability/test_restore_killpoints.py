"""A restore over a vault with another passphrase, killed right after each of its renames (the real CLI, see
``killpoint.py``): the folder always holds a vault that opens with exactly one of the two passphrases, passes
``check`` (rollback anchor included), and the replaced vault is kept in ``damaged/``."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import backup_now
from prevent_desktop.services.vault_service import change_passphrase, create_vault, open_session
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE
from tests.reliability.test_recovery_key_first import killed_cli, opens

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL needs POSIX")


@pytest.mark.parametrize("point", ["vault.keys.next", "vault.db", "vault.keys", "-"])
def test_restore_killed_after_each_rename_leaves_one_whole_vault(tmp_path: Path, point: str) -> None:
    paths = DataPaths(tmp_path / "v")
    session, _ = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    old = backup_now(session, tmp_path / "old.pdbackup").path  # opens with PASSPHRASE
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)  # the vault in place: NEW_PASSPHRASE
    session.close()
    result = killed_cli(point, 1, "restore", "--replace", "--yes", str(old), data_dir=paths.root)
    assert result.returncode in (0, -signal.SIGKILL), result.stderr
    assert (result.returncode == 0) == (point == "-"), f"{point}: the kill point was never reached"
    working = [p for p in (PASSPHRASE, NEW_PASSPHRASE) if opens(paths, Secret.passphrase(p))]
    assert len(working) == 1, f"{point}: opens with {len(working)} passphrases"
    with open_session(paths, Secret.passphrase(working[0])) as s:
        assert s.vault.check() == [], point
    assert list(paths.damaged.glob("*/vault.db")) or working == [NEW_PASSPHRASE]
