"""The copy made before a schema update never follows a link planted at its name (issue 13, left over from
item 6: ``storage/vault.py:_backup_before_migration`` copied with ``shutil.copy2``, which writes through a
symbolic link at the dated target name; it now makes a normal backup, written by ``write_atomically``, whose
scratch file is created exclusively)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from prevent_desktop.errors import KnownError
from prevent_desktop.services.vault_service import Secret, open_session
from prevent_desktop.storage import backup, migrations
from tests.conftest import PASSPHRASE

MOMENT = datetime(2026, 3, 18, 10, 0, 0, 123456, tzinfo=UTC)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_link_planted_at_the_pre_migration_backup_name_is_never_followed(  # type: ignore[no-untyped-def]
    session, monkeypatch, time_machine, tmp_path: Path
) -> None:
    paths = session.vault.paths
    session.close()
    real = migrations._schema_files()
    version = max(real)
    monkeypatch.setattr(
        migrations, "_schema_files",
        lambda: {**real, version + 1: [("9999_probe.sql", "CREATE TABLE migration_probe (x INTEGER);")]},
    )
    time_machine.move_to(MOMENT, tick=False)  # the backup's name is dated to the microsecond: make it known
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = paths.backups / f"pre-migration-v{version}-{stamp}{backup.BACKUP_SUFFIX}"
    paths.backups.mkdir(mode=0o700, exist_ok=True)
    victim = tmp_path / "someone-elses-file"
    victim.write_bytes(b"not the vault's to overwrite")
    target.symlink_to(victim)
    scratch_victim = tmp_path / "scratch-elsewhere.db"
    target.with_name(f".{target.name}.{os.getpid()}.export.db").symlink_to(scratch_victim)

    with pytest.raises(KnownError, match="symbolic link"):
        open_session(paths, Secret.passphrase(PASSPHRASE))
    assert victim.read_bytes() == b"not the vault's to overwrite"  # shutil.copy2 wrote the vault in here
    assert not scratch_victim.exists()  # the scratch link was removed, never followed
    assert target.is_symlink()  # the planted link is left for the DSO or IT to see; no migration without a copy

    target.unlink()
    with open_session(paths, Secret.passphrase(PASSPHRASE)) as migrated:
        assert migrated.vault.migrated == [version + 1]
    assert not target.is_symlink() and backup.read_backup(target).info.kind == "pre-migration"
    assert target.stat().st_mode & 0o777 == 0o600
