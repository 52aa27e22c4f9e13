"""Revocation that revokes (issue 13, item 1), through the real CLI, and checked by hand.

After a new recovery key (or ``passphrase --revoke``) the old secret opens neither the current vault nor any
backup the app keeps; an independent unwrap (the slot file read as JSON, Argon2id and AES-256-GCM by hand, the
database opened with plain ``sqlcipher3``) shows the database key really changed. The plain passphrase change
is a slot rewrite, and the consequence it states (an older key file still opens the vault) is true.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}
NEW_ENV = {"PREVENT_DESKTOP_PASSPHRASE": NEW_PASSPHRASE}


def unwrap_by_hand(keyfile: bytes, kind: str, secret: str) -> bytes | None:
    """The database key from a key-slot file, written from the format alone (not the app's code)."""
    doc = json.loads(keyfile)
    slot = next(s for s in doc["slots"] if s["kind"] == kind)
    kdf = slot["kdf"]
    kek = hash_secret_raw(
        secret.encode(), base64.b64decode(slot["salt"]), time_cost=kdf["iterations"],
        memory_cost=kdf["memory_kib"], parallelism=kdf["parallelism"], hash_len=32, type=Type.ID,
    )
    try:
        aad = f"prevent-desktop-keyslots/1/{kind}".encode()
        return AESGCM(kek).decrypt(base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped"]), aad)
    except InvalidTag:
        return None


def opens_by_hand(database: Path, key: bytes) -> bool:
    conn = sqlcipher3.connect(str(database))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def backup_parts(file: Path, tmp: Path) -> tuple[bytes, Path]:
    """(key-slot file, database) of a .pdbackup, read from the container format by hand."""
    raw = file.read_bytes()
    length = int.from_bytes(raw[8:12], "big")
    header = json.loads(raw[12 : 12 + length])
    database = tmp / (file.name + ".db")
    database.write_bytes(raw[12 + length : -32])
    return base64.b64decode(header["keyslots"]), database


def make_backups(data_dir: Path, env: dict[str, str]) -> None:
    assert run_cli("backup", data_dir=data_dir, env=env).returncode == 0
    assert run_cli("backup", data_dir=data_dir, env=env).returncode == 0


def recovery_from(stdout: str) -> str:
    return stdout.split("Recovery key (shown once", 1)[1].splitlines()[1].strip()


def test_new_recovery_key_revokes_the_old_one_everywhere_the_app_keeps(tmp_path: Path) -> None:
    data_dir = tmp_path / "v"
    made = run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    old_recovery = recovery_from(made.stdout)
    make_backups(data_dir, ENV)
    old_keyfile = (data_dir / "vault.keys").read_bytes()  # what an attacker copied before
    old_key = unwrap_by_hand(old_keyfile, "recovery", old_recovery)
    assert old_key is not None and opens_by_hand(data_dir / "vault.db", old_key)

    out = tmp_path / "new-key.txt"
    changed = run_cli("recovery-key", "--recovery-key-out", str(out), data_dir=data_dir, env=ENV)
    assert changed.returncode == 0, changed.stderr
    assert "open neither this vault nor any of the 3 backup(s)" in changed.stdout  # 2 made + the safety one
    assert "copied somewhere else before now" in changed.stdout
    new_recovery = out.read_text().strip()

    # With the app alone: the old recovery key opens neither the vault nor any backup the app keeps.
    refused = run_cli("--recovery-key-stdin", "check", data_dir=data_dir, stdin=old_recovery + "\n")
    assert refused.returncode == 1 and "Wrong recovery key" in refused.stderr
    backups = sorted((data_dir / "backups").glob("*.pdbackup"))
    assert len(backups) == 3
    for file in backups:
        old = run_cli("--recovery-key-stdin", "backup", "--verify", str(file), stdin=old_recovery + "\n")
        assert old.returncode == 1 and "Wrong recovery key" in old.stderr, file.name
        new = run_cli("--recovery-key-stdin", "backup", "--verify", str(file), stdin=new_recovery + "\n")
        assert new.returncode == 0, new.stderr
        restored = run_cli("--recovery-key-stdin", "restore", str(file), data_dir=tmp_path / f"r-{file.name}",
                           stdin=old_recovery + "\n")
        assert restored.returncode == 1, file.name
    assert run_cli("check", data_dir=data_dir, env=ENV).returncode == 0  # the passphrase stays

    # By hand: the key in force is new; the old key (from the copied key file) opens nothing the app keeps.
    new_key = unwrap_by_hand((data_dir / "vault.keys").read_bytes(), "recovery", new_recovery)
    assert new_key is not None and new_key != old_key
    assert unwrap_by_hand((data_dir / "vault.keys").read_bytes(), "recovery", old_recovery) is None
    assert opens_by_hand(data_dir / "vault.db", new_key)
    assert not opens_by_hand(data_dir / "vault.db", old_key)
    for file in backups:
        keyfile, database = backup_parts(file, tmp_path)
        assert unwrap_by_hand(keyfile, "recovery", old_recovery) is None, file.name
        assert not opens_by_hand(database, old_key), file.name
        assert unwrap_by_hand(keyfile, "recovery", new_recovery) == new_key
        assert opens_by_hand(database, new_key)


def test_passphrase_revoke_retires_the_old_passphrase_and_recovery_key(tmp_path: Path) -> None:
    data_dir = tmp_path / "v"
    made = run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    old_recovery = recovery_from(made.stdout)
    make_backups(data_dir, ENV)
    old_keyfile = (data_dir / "vault.keys").read_bytes()
    old_key = unwrap_by_hand(old_keyfile, "passphrase", PASSPHRASE)
    assert old_key is not None
    result = run_cli("passphrase", "--revoke", data_dir=data_dir,
                     env={**ENV, "PREVENT_DESKTOP_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "the old passphrase and the old recovery key open neither" in result.stdout
    new_recovery = recovery_from(result.stdout)
    assert run_cli("check", data_dir=data_dir, env=ENV).returncode == 1
    assert run_cli("--recovery-key-stdin", "check", data_dir=data_dir, stdin=old_recovery + "\n").returncode == 1
    assert run_cli("check", data_dir=data_dir, env=NEW_ENV).returncode == 0
    assert run_cli("--recovery-key-stdin", "check", data_dir=data_dir, stdin=new_recovery + "\n").returncode == 0
    assert not opens_by_hand(data_dir / "vault.db", old_key)
    for file in (data_dir / "backups").glob("*.pdbackup"):
        assert run_cli("backup", "--verify", str(file), env=ENV).returncode == 1, file.name
        assert run_cli("backup", "--verify", str(file), env=NEW_ENV).returncode == 0, file.name
        keyfile, database = backup_parts(file, tmp_path)
        assert unwrap_by_hand(keyfile, "passphrase", PASSPHRASE) is None
        assert not opens_by_hand(database, old_key)


def test_plain_passphrase_change_states_its_true_consequence(cli_vault: Path) -> None:
    """The slot rewrite keeps the database key: the old passphrase with an older key file (or backup) still opens
    the vault's database, exactly as the command says, which is why --revoke exists."""
    old_keyfile = (cli_vault / "vault.keys").read_bytes()
    result = run_cli("passphrase", data_dir=cli_vault, env={**ENV, "PREVENT_DESKTOP_NEW_PASSPHRASE": NEW_PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "still opens those copies, and through them this vault's database" in result.stdout
    assert "passphrase --revoke" in result.stdout
    key = unwrap_by_hand(old_keyfile, "passphrase", PASSPHRASE)
    assert key is not None and opens_by_hand(cli_vault / "vault.db", key)


def test_backups_that_cannot_be_remade_are_retired(tmp_path: Path) -> None:
    data_dir = tmp_path / "v"
    assert run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n").returncode == 0
    make_backups(data_dir, ENV)
    other = tmp_path / "other"  # a backup of another vault (another key) dropped into the folder
    assert run_cli("init", "--passphrase-stdin", data_dir=other, stdin=PASSPHRASE + "\n").returncode == 0
    foreign = data_dir / "backups" / "foreign.pdbackup"
    assert run_cli("backup", "-o", str(foreign), data_dir=other, env=ENV).returncode == 0
    damaged = data_dir / "backups" / "damaged.pdbackup"
    good = next((data_dir / "backups").glob("manual-*.pdbackup")).read_bytes()
    damaged.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    result = run_cli("rekey", data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "2 backup file(s) that could not be re-encrypted were deleted" in result.stdout
    assert not damaged.exists() and not foreign.exists()
    listed = json.loads(run_cli("backups", "--json", data_dir=data_dir).stdout)
    assert len(listed) == 3 and all(row["ok"] for row in listed)


@pytest.mark.parametrize("command", ["recovery-key", "rekey"])
def test_new_recovery_key_needs_the_passphrase(cli_vault: Path, command: str) -> None:
    before = (cli_vault / "vault.keys").read_bytes()
    result = run_cli("--recovery-key-stdin", command, data_dir=cli_vault, stdin="AAAAA-BBBBB\n")
    assert result.returncode == 1 and "needs the passphrase" in result.stderr
    assert (cli_vault / "vault.keys").read_bytes() == before
