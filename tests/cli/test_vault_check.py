"""`check` and unlock, the smaller points of issue 13: the audit chain and the append-only guards are verified,
killed restores' scratch copies are removed at the next unlock, and a wrong passphrase is described truly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import Secret, open_session
from prevent_desktop.storage.db import open_connection
from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def raw_connection(data_dir: Path):  # type: ignore[no-untyped-def]
    """The database as an attacker holding the key would open it, past the app."""
    with open_session(DataPaths(data_dir), Secret.passphrase(PASSPHRASE)) as session:
        key = session.vault.key
    return open_connection(data_dir / "vault.db", key)


@pytest.mark.parametrize("trigger", ["audit_log_no_update", "audit_log_no_delete", "chronology_no_delete"])
def test_check_notices_a_dropped_append_only_guard(cli_vault: Path, trigger: str) -> None:
    conn = raw_connection(cli_vault)
    conn.execute(f"DROP TRIGGER {trigger}")
    conn.close()
    result = run_cli("check", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert f"the append-only guard {trigger} was removed" in result.stderr


def test_check_verifies_the_audit_chain(cli_vault: Path) -> None:
    conn = raw_connection(cli_vault)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 1")
    conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )  # the guard put back: only the chain shows the edit
    conn.close()
    result = run_cli("check", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "audit log: entry 1 (position 1) was edited after it was written" in result.stderr


def test_killed_restores_scratch_copies_are_removed_at_the_next_unlock(cli_vault: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    leftovers = [cli_vault / f".restore-{dead_pid}.db", cli_vault / f".restore-{dead_pid}.db-journal"]
    for file in leftovers:
        file.write_bytes(b"encrypted copy of a backup")
    live = cli_vault / f".restore-{1}.db"  # pid 1 is alive: a restore in progress is left alone
    live.write_bytes(b"in use")
    assert run_cli("check", data_dir=cli_vault, env=ENV).returncode == 0
    assert not any(f.exists() for f in leftovers)
    assert live.exists()


def test_wrong_passphrase_says_what_is_true(cli_vault: Path) -> None:
    result = run_cli("check", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": "not the passphrase at all"})
    assert result.returncode == 1
    assert "Wrong passphrase" in result.stderr
    assert "Nothing was changed" not in result.stderr  # the attempts counter was written
    assert "counted" in result.stderr and "audit log" in result.stderr
    assert (cli_vault / "vault.attempts").exists()
    ok = run_cli("audit", "list", "--json", data_dir=cli_vault, env=ENV)
    assert '"vault.unlock_failed"' in ok.stdout  # as the message promised


def test_session_is_a_context_manager(cli_vault: Path) -> None:
    from prevent_desktop.storage.lockfile import holds

    paths = DataPaths(cli_vault)
    with open_session(paths, Secret.passphrase(PASSPHRASE)) as session:
        assert session.vault.is_open and holds(paths.lockfile)
    assert not session.vault.is_open and not holds(paths.lockfile)
