"""The audit log: every kind of event is logged with author and time; `audit verify` names where the chain breaks
for an edited, removed or reordered entry, and (through the anchor) for entries cut from the end."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import backup_now, rekey, restore_backup
from prevent_desktop.services.vault_service import change_passphrase, open_session, verify_audit
from prevent_desktop.storage import audit
from prevent_desktop.storage.db import open_connection, transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def _raw(data_dir: Path):  # type: ignore[no-untyped-def]
    """Open the database as an attacker with the key would, bypassing the app (and its triggers)."""
    session = open_session(DataPaths(data_dir), Secret.passphrase(PASSPHRASE))
    key = session.vault.key
    session.vault.conn.close()  # no anchor rewrite: simulate tampering between sessions
    session.lock.release()
    conn = open_connection(data_dir / "vault.db", key)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def _populate(data_dir: Path) -> None:
    session = open_session(DataPaths(data_dir), Secret.passphrase(PASSPHRASE))
    try:
        for i in range(5):
            session.vault.set_setting(f"k{i}", str(i))
    finally:
        session.close()


def test_clean_log_verifies(cli_vault: Path) -> None:
    _populate(cli_vault)
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ") and "intact" in result.stdout


def test_edited_entry_is_named(cli_vault: Path) -> None:
    _populate(cli_vault)
    conn = _raw(cli_vault)
    conn.execute("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 4")
    conn.close()
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "entry 4 (position 4) was edited" in result.stderr


def test_removed_entry_is_named(cli_vault: Path) -> None:
    _populate(cli_vault)
    conn = _raw(cli_vault)
    conn.execute("DELETE FROM audit_log WHERE id = 3")
    conn.close()
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "entry 4 (position 3) does not follow" in result.stderr
    assert "entries 3-3 are missing" in result.stderr


def test_swapped_entries_are_named(cli_vault: Path) -> None:
    _populate(cli_vault)
    conn = _raw(cli_vault)
    cols = "at, actor, action, entity, entity_id, detail, prev_hash, hash"
    a = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = 3").fetchone()
    b = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = 5").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn.execute(f"UPDATE audit_log SET {sets} WHERE id = 3", tuple(b))
    conn.execute(f"UPDATE audit_log SET {sets} WHERE id = 5", tuple(a))
    conn.close()
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "entry 3 (position 3) does not follow" in result.stderr


def test_entries_cut_from_the_end_are_caught_by_the_anchor(cli_vault: Path) -> None:
    _populate(cli_vault)
    head = json.loads((cli_vault / "vault.keys").read_text())["anchor"]
    conn = _raw(cli_vault)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    assert last >= head["last_id"]
    conn.execute("DELETE FROM audit_log WHERE id >= ?", (head["last_id"] - 1,))
    conn.close()
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    expected = f"entry {head['last_id']}, the newest audit entry when the vault was last locked or backed up"
    assert expected in result.stderr


def test_forged_anchor_is_caught(cli_vault: Path) -> None:
    path = cli_vault / "vault.keys"
    doc = json.loads(path.read_text())
    doc["anchor"]["count"] = 99
    # An attacker recomputes the file's checksum (it is public: damage detection, not a MAC); the MAC is not.
    covered = json.dumps([doc["slots"], doc["anchor"]], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["check"] = hashlib.sha256(covered.encode("ascii")).hexdigest()
    path.write_text(json.dumps(doc))
    result = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1 and "not written with this vault's key" in result.stderr


def test_app_cannot_change_or_delete_entries(session) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from prevent_desktop.storage.db import DatabaseError

    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), transaction(session.conn):
            session.conn.execute(sql)
    assert audit.verify(session.conn) == []


def test_every_kind_of_event_is_logged_with_author_and_time(paths: DataPaths, tmp_path: Path) -> None:
    from prevent_desktop.services.vault_service import create_vault

    session, _ = create_vault(paths, PASSPHRASE, user_name="Audit Tester", kdf=TEST_KDF)
    session.vault.set_setting("autolock_minutes", "3", session.user)
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)
    rekey(session, NEW_PASSPHRASE, TEST_KDF)
    info = backup_now(session, tmp_path / "b.pdbackup")
    session.close()
    restore_backup(paths, info.path, Secret.passphrase(NEW_PASSPHRASE), replace=True)
    session = open_session(paths, Secret.passphrase(NEW_PASSPHRASE))
    try:
        rows = session.conn.execute("SELECT at, actor, action FROM audit_log ORDER BY id").fetchall()
        actions = [r[2] for r in rows]
        for expected in (
            "vault.create",
            "settings.change",
            "vault.passphrase_change",
            "vault.rekey",
            "backup.create",
            "vault.restore",
            "vault.unlock",
        ):
            assert expected in actions, expected
        assert all(r[0] and r[1] == "Audit Tester" for r in rows)
        assert verify_audit(session) == []
    finally:
        session.close()


def test_audit_list_json(cli_vault: Path) -> None:
    result = run_cli("audit", "list", "--json", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["action"] == "vault.unlock" and rows[-1]["action"] == "vault.create"
    assert {"id", "at", "actor", "action", "entity", "entity_id", "detail"} <= set(rows[0])
