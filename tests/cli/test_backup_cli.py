"""backup, backup --verify, backups, restore (new dir / refused / --replace --yes), rekey: the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def test_backup_verify_list_and_restore_into_a_new_folder(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "copy.pdbackup"
    out.parent.mkdir()
    made = run_cli("backup", "-o", str(out), data_dir=cli_vault, env=ENV)
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout and out.exists()
    ok = run_cli("backup", "--verify", str(out), env=ENV)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: ")
    default = run_cli("backup", data_dir=cli_vault, env=ENV)
    assert default.returncode == 0
    listed = run_cli("backups", "--json", data_dir=cli_vault)
    rows = json.loads(listed.stdout)
    assert len(rows) == 1 and rows[0]["ok"] and rows[0]["kind"] == "manual"
    fresh = tmp_path / "fresh"
    restored = run_cli("restore", str(out), data_dir=fresh, env=ENV)
    assert restored.returncode == 0, restored.stderr
    assert run_cli("check", data_dir=fresh, env=ENV).returncode == 0


def test_restore_over_live_vault_needs_replace_and_confirmation(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdbackup"
    assert run_cli("backup", "-o", str(out), data_dir=cli_vault, env=ENV).returncode == 0
    before = (cli_vault / "vault.db").read_bytes()
    refused = run_cli("restore", str(out), data_dir=cli_vault, env=ENV)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    unconfirmed = run_cli("restore", "--replace", str(out), data_dir=cli_vault, env=ENV)
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    assert (cli_vault / "vault.db").read_bytes() == before
    done = run_cli("restore", "--replace", "--yes", str(out), data_dir=cli_vault, env=ENV)
    assert done.returncode == 0, done.stderr
    assert "backed up to" in done.stdout
    assert list((cli_vault / "backups").glob("pre-restore-*.pdbackup"))


def test_verify_reports_a_damaged_backup(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdbackup"
    assert run_cli("backup", "-o", str(out), data_dir=cli_vault, env=ENV).returncode == 0
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 1
    out.write_bytes(bytes(data))
    result = run_cli("backup", "--verify", str(out), env=ENV)
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


def test_rekey_cli_shows_new_recovery_key_and_keeps_passphrase(cli_vault: Path) -> None:
    result = run_cli("rekey", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Recovery key" in result.stdout and "pre-rekey" in result.stdout
    recovery = result.stdout.split("Recovery key", 1)[1].splitlines()[1].strip()
    assert run_cli("check", data_dir=cli_vault, env=ENV).returncode == 0
    assert run_cli("--recovery-key-stdin", "check", data_dir=cli_vault, stdin=recovery + "\n").returncode == 0
    verify = run_cli("audit", "verify", data_dir=cli_vault, env=ENV)
    assert verify.returncode == 0, verify.stderr
