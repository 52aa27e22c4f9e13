"""Rollback detected (issue 13, item 3), through the real CLI.

Back up, add records, put the older vault.db back (its bytes taken from the .pdbackup, no key needed): unlock and
``check`` report it, opening never re-bases the anchor (the key file is byte-for-byte unchanged), deleting
``vault.audit-head`` or the anchor itself does not hide it, both vault files put back together are caught by the
newer backup, and the two ways out (restore the newest backup; ``accept-rollback``, audited) clear it. A
legitimate restore of an older backup never trips it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import Secret, open_session
from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def container(file: Path) -> tuple[dict[str, object], bytes]:
    """A backup's header and database bytes, read from the format by hand (no key)."""
    raw = file.read_bytes()
    length = int.from_bytes(raw[8:12], "big")
    return json.loads(raw[12 : 12 + length]), raw[12 + length : -32]


def add_records(data_dir: Path, n: int = 3) -> None:
    with open_session(DataPaths(data_dir), Secret.passphrase(PASSPHRASE)) as session:
        for i in range(n):
            session.vault.set_setting(f"record-{i}", "x")


def backup(data_dir: Path, name: str) -> Path:
    target = data_dir / "backups" / f"{name}.pdbackup"
    target.parent.mkdir(exist_ok=True)
    result = run_cli("backup", "-o", str(target), data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    return target


def rolled_back(cli_vault: Path) -> tuple[Path, Path]:
    """The acceptance scenario: back up, add records, back up again, put the first backup's vault.db back."""
    old = backup(cli_vault, "manual-1-old")
    add_records(cli_vault)
    newest = backup(cli_vault, "manual-2-new")
    _header, database = container(old)
    (cli_vault / "vault.db").write_bytes(database)
    return old, newest


def test_older_vault_db_put_back_is_reported_at_unlock_and_by_check_and_never_rebased(cli_vault: Path) -> None:
    _old, newest = rolled_back(cli_vault)
    keys_before = (cli_vault / "vault.keys").read_bytes()
    (cli_vault / "vault.audit-head").unlink(missing_ok=True)  # the old anchor file: its absence changes nothing
    for _ in range(2):  # opening it twice: still reported, nothing re-based
        check = run_cli("check", data_dir=cli_vault, env=ENV)
        assert check.returncode == 1
        assert "OLDER" in check.stderr and "Records made since then may be missing" in check.stderr
        assert "rollback: entry" in check.stderr
        assert f'restore --replace "{newest}"' in check.stderr and "accept-rollback" in check.stderr
        work = run_cli("contacts", "list", data_dir=cli_vault, env=ENV)
        assert work.returncode == 1 and "OLDER" in work.stderr and "Nothing has been overwritten" in work.stderr
        verify = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
        assert verify.returncode == 1 and "older than the vault was then" in verify.stderr
        assert (cli_vault / "vault.keys").read_bytes() == keys_before
    # The way back: restore the newest backup. The records are back and nothing is reported any more.
    restored = run_cli("restore", "--replace", "--yes", str(newest), data_dir=cli_vault, env=ENV)
    assert restored.returncode == 0, restored.stderr
    assert run_cli("check", data_dir=cli_vault, env=ENV).returncode == 0
    with open_session(DataPaths(cli_vault), Secret.passphrase(PASSPHRASE)) as session:
        assert session.vault.setting("record-2") == "x"


def test_accepting_the_state_is_explicit_and_audited(cli_vault: Path) -> None:
    rolled_back(cli_vault)
    unconfirmed = run_cli("accept-rollback", data_dir=cli_vault, env=ENV)
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    accepted = run_cli("accept-rollback", "--yes", data_dir=cli_vault, env=ENV)
    assert accepted.returncode == 0, accepted.stderr
    assert run_cli("check", data_dir=cli_vault, env=ENV).returncode == 0
    log = json.loads(run_cli("audit", "list", "--json", data_dir=cli_vault, env=ENV).stdout)
    actions = [row["action"] for row in log]
    assert "vault.rollback_accepted" in actions and "vault.rollback_detected" in actions
    again = run_cli("accept-rollback", "--yes", data_dir=cli_vault, env=ENV)
    assert again.returncode == 0 and "Nothing to accept" in again.stdout


def test_both_vault_files_put_back_are_caught_by_a_newer_backup(cli_vault: Path) -> None:
    old = backup(cli_vault, "manual-1-old")
    add_records(cli_vault)
    backup(cli_vault, "manual-2-new")
    header, database = container(old)
    (cli_vault / "vault.db").write_bytes(database)
    (cli_vault / "vault.keys").write_bytes(base64.b64decode(str(header["keyslots"])))
    check = run_cli("check", data_dir=cli_vault, env=ENV)
    assert check.returncode == 1
    assert "manual-2-new.pdbackup" in check.stderr and "newer state of this vault" in check.stderr
    assert run_cli("accept-rollback", "--yes", data_dir=cli_vault, env=ENV).returncode == 0
    assert run_cli("check", data_dir=cli_vault, env=ENV).returncode == 0  # accepted: above the newer backup too


def test_removing_the_anchor_from_the_key_file_is_reported(cli_vault: Path) -> None:
    import hashlib

    rolled_back(cli_vault)
    doc = json.loads((cli_vault / "vault.keys").read_text())
    del doc["anchor"]
    canonical = json.dumps(doc["slots"], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["check"] = hashlib.sha256(canonical.encode("ascii")).hexdigest()
    (cli_vault / "vault.keys").write_text(json.dumps(doc))
    check = run_cli("check", data_dir=cli_vault, env=ENV)
    assert check.returncode == 1 and "holds no rollback anchor" in check.stderr


def test_legitimate_restore_of_an_older_backup_is_not_a_rollback(cli_vault: Path) -> None:
    old = backup(cli_vault, "manual-1-old")
    add_records(cli_vault)
    backup(cli_vault, "manual-2-new")
    restored = run_cli("restore", "--replace", "--yes", str(old), data_dir=cli_vault, env=ENV)
    assert restored.returncode == 0, restored.stderr
    check = run_cli("check", data_dir=cli_vault, env=ENV)
    assert check.returncode == 0, check.stderr
    assert run_cli("contacts", "list", data_dir=cli_vault, env=ENV).returncode == 0
