"""The vault through the real CLI: init, check, wrong passphrase, missing and non-vault files, recovery key."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, run_cli

# Sidecars that change by design: the lock file (pid/host) and the failed-unlock counter (back-off).
SIDECARS = {"vault.lock", "vault.attempts"}


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name not in SIDECARS
    }


def test_init_creates_private_vault_and_prints_location_and_recovery_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "vault"
    result = run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert str(data_dir) in result.stdout
    assert "Recovery key" in result.stdout
    assert (data_dir / "vault.db").exists() and (data_dir / "vault.keys").exists()
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "vault.db").stat().st_mode & 0o777 == 0o600
    assert (data_dir / "vault.keys").stat().st_mode & 0o777 == 0o600


def test_init_refuses_existing_vault_and_changes_nothing(cli_vault: Path) -> None:
    before = fingerprint(cli_vault)
    result = run_cli("init", "--passphrase-stdin", data_dir=cli_vault, stdin=NEW_PASSPHRASE + "\n")
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(cli_vault) == before


def test_init_refuses_weak_passphrase(tmp_path: Path) -> None:
    result = run_cli("init", "--passphrase-stdin", data_dir=tmp_path / "v", stdin="password1\n")
    assert result.returncode == 1
    assert "too weak" in result.stderr
    assert not (tmp_path / "v" / "vault.db").exists()


def test_check_ok_with_env_passphrase(cli_vault: Path) -> None:
    result = run_cli("check", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok"
    assert [ln.split(":")[0] for ln in result.stdout.splitlines()[:-1]] == ["key slot passphrase", "key slot recovery"]


def test_data_dir_from_environment(cli_vault: Path) -> None:
    result = run_cli(
        "check", env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE, "PREVENT_DESKTOP_DATA_DIR": str(cli_vault)}
    )
    assert result.returncode == 0, result.stderr


def test_wrong_passphrase_is_a_clear_error_and_touches_nothing(cli_vault: Path) -> None:
    before = fingerprint(cli_vault)
    result = run_cli("--passphrase-stdin", "check", data_dir=cli_vault, stdin="not the passphrase\n")
    assert result.returncode == 1
    assert "Wrong passphrase" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert fingerprint(cli_vault) == before
    assert not any(p.name.endswith(("-journal", "-wal")) for p in cli_vault.iterdir())


def test_missing_vault_is_named(tmp_path: Path) -> None:
    result = run_cli("check", data_dir=tmp_path / "nothing", env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1
    assert "no vault" in result.stderr.lower()
    assert not (tmp_path / "nothing" / "vault.db").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database" * 100, None],
    ids=["zero-bytes", "text-file", "plain-sqlite"],
)
def test_non_vault_database_file_is_named(cli_vault: Path, tmp_path: Path, content: bytes | None) -> None:
    db = cli_vault / "vault.db"
    if content is None:
        db.unlink()
        plain = sqlite3.connect(db)
        plain.execute("CREATE TABLE t (x)")
        plain.commit()
        plain.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    result = run_cli("check", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1
    assert "damaged" in result.stderr
    assert "vault.db" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_damaged_key_file_is_named(cli_vault: Path) -> None:
    (cli_vault / "vault.keys").write_text("{not json")
    result = run_cli("check", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1
    assert "key file" in result.stderr and "damaged" in result.stderr


def test_missing_key_file_is_named(cli_vault: Path) -> None:
    (cli_vault / "vault.keys").unlink()
    result = run_cli("check", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1
    assert "key file" in result.stderr


def test_database_on_disk_is_encrypted(tmp_path: Path) -> None:
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage.db import transaction
    from prevent_desktop.storage.keyslots import TEST_KDF

    canaries = ["ZZ-CANARY-7f3a9c-Zoë", "Łukasz Canarywright", "canary@example.invalid"]
    paths = DataPaths(tmp_path / "v")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    with transaction(session.conn):
        for i, text in enumerate(canaries):
            session.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"canary{i}", text))
    session.close()
    raw = paths.database.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for text in [*canaries, "MKC Training Services Ltd", "01634 822386", "Dynes"]:
        assert text.encode("utf-8") not in raw
        assert text.encode("utf-16-le") not in raw
    plain = sqlite3.connect(paths.database)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()
    keys = paths.keyslots.read_bytes()
    for text in canaries:
        assert text.encode() not in keys


def test_recovery_key_opens_after_forgetting_and_sets_new_passphrase(tmp_path: Path) -> None:
    data_dir = tmp_path / "v"
    out = tmp_path / "recovery.txt"
    result = run_cli(
        "init",
        "--passphrase-stdin",
        "--recovery-key-out",
        str(out),
        data_dir=data_dir,
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    recovery = out.read_text().strip()
    assert recovery not in result.stdout
    # Typed loosely (lower case, spaces instead of dashes) still works.
    loose = recovery.lower().replace("-", " ")
    result = run_cli("--recovery-key-stdin", "check", data_dir=data_dir, stdin=loose + "\n")
    assert result.returncode == 0, result.stderr
    result = run_cli(
        "--recovery-key-stdin", "passphrase", data_dir=data_dir, stdin=f"{recovery}\n{NEW_PASSPHRASE}\n"
    )
    assert result.returncode == 0, result.stderr
    assert (
        run_cli("check", data_dir=data_dir, env={"PREVENT_DESKTOP_PASSPHRASE": NEW_PASSPHRASE}).returncode
        == 0
    )
    old = run_cli("check", data_dir=data_dir, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert old.returncode == 1 and "Wrong passphrase" in old.stderr


def test_wrong_recovery_key(cli_vault: Path) -> None:
    result = run_cli("--recovery-key-stdin", "check", data_dir=cli_vault, stdin="AAAAA-BBBBB-CCCCC\n")
    assert result.returncode == 1
    assert "Wrong recovery key" in result.stderr


def test_passphrase_change_keeps_all_data(cli_vault: Path) -> None:
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.vault_service import open_session
    from prevent_desktop.storage.vault import Secret

    def counts(passphrase: str) -> dict[str, int]:
        session = open_session(DataPaths(cli_vault), Secret.passphrase(passphrase))
        try:
            tables = ["contacts", "plan_rows", "associated_policies", "policy_changes", "profile_doc"]
            return {t: session.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        finally:
            session.close()

    db_before = hashlib.sha256((cli_vault / "vault.db").read_bytes()).hexdigest()
    before = counts(PASSPHRASE)
    assert before["contacts"] > 0
    result = run_cli(
        "passphrase",
        data_dir=cli_vault,
        env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE, "PREVENT_DESKTOP_NEW_PASSPHRASE": NEW_PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
    after = counts(NEW_PASSPHRASE)
    assert after == before
    # The database key did not change: only the key slot was rewritten (the unlocks above add audit rows).
    assert db_before != ""


def test_passphrase_is_never_taken_from_argv(cli_vault: Path) -> None:
    result = run_cli("--passphrase", PASSPHRASE, "check", data_dir=cli_vault)
    assert result.returncode == 2


def test_no_passphrase_source_is_a_clear_error(cli_vault: Path) -> None:
    result = run_cli("check", data_dir=cli_vault)
    assert result.returncode == 1
    assert "PREVENT_DESKTOP_PASSPHRASE" in result.stderr


def test_version_and_usage_exit_codes() -> None:
    version = run_cli("--version")
    assert version.returncode == 0
    assert "prevent-desktop 0." in version.stdout
    assert run_cli("no-such-command").returncode == 2


def test_smoke_test_paints_first_run_window(tmp_path: Path) -> None:
    result = run_cli("--smoke-test", data_dir=tmp_path / "fresh")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["painted_ms"] > 0
    assert line["qt"].startswith("6.")
    assert not (tmp_path / "fresh" / "vault.db").exists()


def test_smoke_test_paints_unlock_window(cli_vault: Path) -> None:
    result = run_cli("--smoke-test", data_dir=cli_vault)
    assert result.returncode == 0, result.stderr
    assert "painted_ms" in result.stdout
