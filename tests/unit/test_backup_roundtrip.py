"""Backups: encrypted (no plaintext header, opens only with the key), verified, self-contained, restorable, and
opening with the secrets valid WHEN THEY WERE MADE; rotation; restore never over a live vault by accident."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from prevent_desktop.errors import KnownError, VaultExists, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import auto_backup, backup_now, rekey, restore_backup, verify_backup
from prevent_desktop.services.vault_service import change_passphrase, open_session
from prevent_desktop.storage import backup
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE

CANARY = "ZZ-BACKUP-CANARY-91e2"


def counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {k: v for k, v in backup.table_counts(session.conn).items() if k != "audit_log"}


def test_backup_is_encrypted_verified_and_restores_round_trip(session_and_recovery, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session, recovery = session_and_recovery
    with transaction(session.conn):
        session.conn.execute("INSERT INTO settings (key, value) VALUES ('canary', ?)", (CANARY,))
    before = counts(session)
    info = backup_now(session, tmp_path / "b.pdbackup")
    raw = info.path.read_bytes()
    assert CANARY.encode() not in raw and CANARY.encode("utf-16-le") not in raw
    assert b"SQLite format 3" not in raw
    parsed = backup.read_backup(info.path)
    assert not parsed.database.startswith(b"SQLite format 3")
    # The database inside does not open without the key.
    plain_file = tmp_path / "inner.db"
    plain_file.write_bytes(parsed.database)
    plain = sqlite3.connect(plain_file)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()
    assert verify_backup(info.path, Secret.passphrase(PASSPHRASE)).info.verified
    assert verify_backup(info.path, Secret.recovery(recovery)).opened_with == "recovery"
    with pytest.raises(WrongPassphrase):
        verify_backup(info.path, Secret.passphrase("not it at all"))
    target = DataPaths(tmp_path / "restored")
    restore_backup(target, info.path, Secret.passphrase(PASSPHRASE))
    restored = open_session(target, Secret.passphrase(PASSPHRASE))
    try:
        assert restored.vault.check() == []
        assert counts(restored) == {**before}
        assert restored.vault.setting("canary") == CANARY
        actions = [r[0] for r in restored.conn.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions[-2:] == ["vault.restore", "vault.unlock"]
    finally:
        restored.close()


def test_backup_opens_with_the_passphrase_valid_when_it_was_made(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = backup_now(session, tmp_path / "old.pdbackup")
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)
    new = backup_now(session, tmp_path / "new.pdbackup")
    verify_backup(old.path, Secret.passphrase(PASSPHRASE))
    verify_backup(new.path, Secret.passphrase(NEW_PASSPHRASE))
    with pytest.raises(WrongPassphrase):
        verify_backup(old.path, Secret.passphrase(NEW_PASSPHRASE))


def test_backup_after_rekey_and_rekey_changes_the_database_key(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    key_before = session.vault.key
    before = counts(session)
    recovery, pre = rekey(session, PASSPHRASE, TEST_KDF)
    assert session.vault.key != key_before
    assert pre.kind == "pre-rekey"
    verify_backup(pre.path, Secret.passphrase(PASSPHRASE))  # the pre-rekey backup holds the old key's slots
    session.close()
    again = open_session(paths, Secret.recovery(recovery))
    try:
        assert again.vault.check() == [] and counts(again) == before
    finally:
        again.close()
    from prevent_desktop.errors import VaultDamaged
    from prevent_desktop.storage.db import open_connection

    with pytest.raises(VaultDamaged):
        open_connection(paths.database, key_before).close()


def test_restore_refuses_a_live_vault_without_replace_and_keeps_it_with_replace(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    info = backup_now(session, tmp_path / "b.pdbackup")
    session.vault.set_setting("after_backup", "1")
    session.close()
    db_before = paths.database.read_bytes()
    with pytest.raises(VaultExists):
        restore_backup(paths, info.path, Secret.passphrase(PASSPHRASE))
    assert paths.database.read_bytes() == db_before
    message = restore_backup(paths, info.path, Secret.passphrase(PASSPHRASE), replace=True)
    assert "backed up to" in message
    kept = list(paths.backups.glob("pre-restore-*.pdbackup"))
    assert len(kept) == 1
    verify_backup(kept[0], Secret.passphrase(PASSPHRASE))
    s = open_session(paths, Secret.passphrase(PASSPHRASE))
    try:
        assert s.vault.setting("after_backup", "") == ""  # the restored state is the backup's
    finally:
        s.close()


def test_wrong_secret_for_the_backup_changes_nothing(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    info = backup_now(session, tmp_path / "b.pdbackup")
    session.close()
    before = paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):
        restore_backup(paths, info.path, Secret.passphrase("entirely wrong words"), replace=True)
    assert paths.database.read_bytes() == before
    assert not list(paths.root.glob(".restore-*"))


def test_auto_backups_rotate_keeping_n(session) -> None:  # type: ignore[no-untyped-def]
    paths = session.vault.paths
    manual = backup_now(session)
    key = session.vault.key
    session.close()
    for _ in range(5):
        auto_backup(paths, key, keep=3)
    autos = [p for p in backup.list_backups(paths.backups) if p.name.startswith("auto-")]
    assert len(autos) == 3
    assert manual.path.exists()  # manual backups are never rotated away
    assert backup.newest_good(paths.backups) is not None


def test_not_a_backup_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdbackup"
    bad.write_text("hello")
    with pytest.raises(KnownError, match="not a Prevent Desktop backup"):
        backup.read_backup(bad)
    with pytest.raises(KnownError, match="no backup file"):
        backup.read_backup(tmp_path / "missing.pdbackup")


def test_interrupted_restore_states_resolve_at_unlock(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The two states a kill can leave between the renames of a restore, built by hand."""
    import os
    import shutil

    from prevent_desktop.storage.vault import unwrap_key

    paths = session.vault.paths
    old = backup_now(session, tmp_path / "old.pdbackup")
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)
    session.close()
    parsed = backup.read_backup(old.path)
    # (a) killed after the database swap, before vault.keys was replaced: the backup's slots wait in .next.
    saved_db = tmp_path / "current.db"
    shutil.copy2(paths.database, saved_db)
    paths.keyslots_next.write_bytes(parsed.keyslots)
    backup.extract(parsed, "passphrase", PASSPHRASE, tmp_path / "restored.db")
    os.replace(tmp_path / "restored.db", paths.database)
    unwrap_key(paths, Secret.passphrase(PASSPHRASE))  # the backup's passphrase opens and promotes .next
    assert not paths.keyslots_next.exists()
    # (b) killed before the database swap: .next is stale and dropped; the current passphrase still works.
    restore_backup(paths, saved_db.parent / "old.pdbackup", Secret.passphrase(PASSPHRASE), replace=True)
    s = open_session(paths, Secret.passphrase(PASSPHRASE))
    s.close()
    paths.keyslots_next.write_bytes(backup.read_backup(old.path).keyslots)
    change_target = open_session(paths, Secret.passphrase(PASSPHRASE))
    change_passphrase(change_target, NEW_PASSPHRASE, TEST_KDF)
    change_target.close()
    paths.keyslots_next.write_bytes(parsed.keyslots)
    unwrap_key(paths, Secret.passphrase(NEW_PASSPHRASE))
    assert not paths.keyslots_next.exists()


def test_a_migration_is_preceded_by_a_normal_verified_backup(session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The copy made before a schema update is a .pdbackup like any other (listed, verifiable, restorable), and
    it does not make the next unlock look like a rollback."""
    from prevent_desktop.storage import migrations

    paths = session.vault.paths
    session.close()
    real = migrations._schema_files()
    extra = {**real, max(real) + 1: [("9999_probe.sql", "CREATE TABLE migration_probe (x INTEGER);")]}
    monkeypatch.setattr(migrations, "_schema_files", lambda: extra)
    with open_session(paths, Secret.passphrase(PASSPHRASE)) as migrated:
        assert migrated.vault.migrated == [max(real) + 1]
    kept = list(paths.backups.glob("pre-migration-*.pdbackup"))
    assert len(kept) == 1 and backup.read_backup(kept[0]).info.kind == "pre-migration"
    assert verify_backup(kept[0], Secret.passphrase(PASSPHRASE)).info.schema_version == max(real)
    with open_session(paths, Secret.passphrase(PASSPHRASE)) as again:
        assert again.rollback == [] and again.vault.check() == []
