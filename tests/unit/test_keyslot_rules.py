"""Key-slot rules (issue 13 items 4, 5 and Low): the KDF floor and re-wrap, known slot kinds only, bounded
parameters, nested JSON refused, NFC-normalised secrets. Real vaults on disk, the real unlock path."""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.errors import KnownError, VaultDamaged, WrongPassphrase
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import backup_service
from prevent_desktop.services.backup_service import rekey
from prevent_desktop.services.vault_service import (
    change_passphrase,
    create_vault,
    key_slot_warnings,
    key_slots,
    open_session,
)
from prevent_desktop.storage import backup, keyslots
from prevent_desktop.storage.keyslots import (
    PASSPHRASE,
    PRODUCT_POLICY,
    RECOVERY,
    TEST_KDF,
    KdfParams,
    KdfPolicy,
    KeySlot,
    KeySlotFile,
)
from prevent_desktop.storage.vault import Secret, unwrap_key
from tests.conftest import NEW_PASSPHRASE
from tests.conftest import PASSPHRASE as PASS
from tests.support.kdf import TEST_POLICY

# A policy between the test one and the product: a floor above TEST_KDF, still cheap enough for unit tests.
STRICTER = KdfParams(memory_kib=2048, iterations=2, parallelism=1)
STRICTER_POLICY = KdfPolicy(floor=STRICTER, choose=lambda: STRICTER)


@pytest.fixture
def use_policy() -> Iterator[Any]:
    def install(policy: KdfPolicy) -> None:
        keyslots.set_policy(policy)

    yield install
    keyslots.set_policy(TEST_POLICY)


def weak_vault(paths: DataPaths) -> str:
    """A vault whose slots are below STRICTER's floor (as an old build with the test switch made them)."""
    session, recovery = create_vault(paths, PASS, user_name="Test DSO", kdf=TEST_KDF)
    session.close()
    return recovery


def slot_doc(paths: DataPaths) -> dict[str, Any]:
    return {s["kind"]: s for s in json.loads(paths.keyslots.read_bytes())["slots"]}


def write_slots(paths: DataPaths, slots: list[dict[str, Any]]) -> None:
    """Write a key file by hand, checksum included (as an attacker with write access can), keeping the file's
    rollback anchor (the attacker here plants a slot; removing the anchor is a rollback, tested elsewhere)."""
    anchor = json.loads(paths.keyslots.read_bytes()).get("anchor") if paths.keyslots.exists() else None
    doc: dict[str, Any] = {"format": keyslots.FORMAT, "version": keyslots.FORMAT_VERSION, "slots": slots,
                           "check": keyslots._check(slots, anchor)}
    if anchor is not None:
        doc["anchor"] = anchor
    paths.keyslots.write_bytes(json.dumps(doc).encode())


def hand_wrapped_slot(kind: str, secret: str, key: bytes, params: KdfParams = TEST_KDF) -> dict[str, Any]:
    """A slot made without the app's code (its own Argon2id + AES-GCM), as a red team would plant it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = keyslots.derive(secret, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, key, f"{keyslots.FORMAT}/1/{kind}".encode())
    return {"kind": kind, "kdf": {"name": "argon2id", "memory_kib": params.memory_kib,
                                  "iterations": params.iterations, "parallelism": params.parallelism},
            "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(wrapped).decode()}


# -- item 4: floor, re-wrap, no weak successors -------------------------------------------------------------


def test_product_policy_refuses_to_wrap_below_the_floor(paths: DataPaths, use_policy: Any) -> None:
    use_policy(PRODUCT_POLICY)
    with pytest.raises(KnownError, match="weak key-derivation settings"):
        KeySlot.wrap(PASSPHRASE, PASS, os.urandom(32), TEST_KDF)
    with pytest.raises(KnownError, match="weak key-derivation settings"):
        create_vault(paths, PASS, kdf=TEST_KDF)
    assert not paths.database.exists() and not paths.keyslots.exists()
    assert keyslots.PRODUCT_FLOOR == KdfParams("argon2id", 65536, 2, 4)


def test_a_weak_slot_is_rewrapped_at_the_next_unlock_and_the_other_is_reported(
    paths: DataPaths, use_policy: Any
) -> None:
    recovery = weak_vault(paths)
    use_policy(STRICTER_POLICY)
    session = open_session(paths, Secret.passphrase(PASS))
    try:
        slots = slot_doc(paths)
        assert slots[PASSPHRASE]["kdf"] == {"name": "argon2id", "memory_kib": 2048, "iterations": 2, "parallelism": 1}
        assert slots[RECOVERY]["kdf"]["memory_kib"] == 1024  # its secret was not typed: it cannot be re-wrapped
        warnings = key_slot_warnings(session)
        assert len(warnings) == 1 and "recovery key slot(s) use weak key-derivation settings" in warnings[0]
        assert any("recovery: " in line and "WEAK" in line for line in key_slots(session))
    finally:
        session.close()
    # Unlocking with the recovery key re-wraps that slot too; both secrets still open the vault.
    open_session(paths, Secret.recovery(recovery)).close()
    assert {s["kdf"]["memory_kib"] for s in slot_doc(paths).values()} == {2048}
    session = open_session(paths, Secret.passphrase(PASS))
    assert key_slot_warnings(session) == []
    session.close()


def test_changes_to_a_weak_vault_never_keep_the_weak_settings(paths: DataPaths, use_policy: Any) -> None:
    """Issue 13 item 4: 'later changes keep the weak settings' (change_secret reused the old slot's parameters)."""
    weak_vault(paths)
    session = open_session(paths, Secret.passphrase(PASS))  # under the test policy: nothing is re-wrapped
    use_policy(STRICTER_POLICY)
    try:
        change_passphrase(session, NEW_PASSPHRASE)
        rekey(session, NEW_PASSPHRASE)  # a new recovery key is a full revocation (re-key)
    finally:
        session.close()
    assert {s["kdf"]["memory_kib"] for s in slot_doc(paths).values()} == {2048}


# -- item 5: known slot kinds only ---------------------------------------------------------------------------


def plant_backdoor(paths: DataPaths, key: bytes) -> None:
    doc = json.loads(paths.keyslots.read_bytes())
    write_slots(paths, [*doc["slots"], hand_wrapped_slot("deputy", "insider secret", key)])


def test_a_planted_slot_is_ignored_reported_dropped_and_never_backed_up(paths: DataPaths, tmp_path: Path) -> None:
    session, _ = create_vault(paths, PASS, user_name="Test DSO", kdf=TEST_KDF)
    key = session.vault.key
    session.close()
    plant_backdoor(paths, key)

    parsed = KeySlotFile.read(paths.keyslots)
    assert [s.kind for s in parsed.slots] == [PASSPHRASE, RECOVERY] and parsed.unknown == ("deputy",)
    with pytest.raises(VaultDamaged):
        parsed.slot("deputy")  # never unwrapped
    with pytest.raises(VaultDamaged):
        unwrap_key(paths, Secret("deputy", "insider secret"))

    session = open_session(paths, Secret.passphrase(PASS))
    try:
        assert any("did not make ('deputy')" in w for w in key_slot_warnings(session))
        assert any(line.startswith("deputy: UNKNOWN") for line in key_slots(session))
        info = backup_service.backup_now(session, tmp_path / "b.pdbackup")
        inside = KeySlotFile.from_bytes(backup.read_backup(info.path).keyslots)
        assert inside.unknown == () and b"deputy" not in backup.read_backup(info.path).keyslots
        change_passphrase(session, NEW_PASSPHRASE)
    finally:
        session.close()
    assert set(slot_doc(paths)) == {PASSPHRASE, RECOVERY}  # any write by the app keeps only known slots


def test_a_slot_of_unknown_kind_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="unknown key slot kind"):
        KeySlot.wrap("deputy", "x", os.urandom(32), TEST_KDF)


# -- Low: bounded parameters, nested JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "parallelism"),
    [(4 * 1024 * 1024, 1, 4), (65536, 1000, 4), (65536, 3, 64), ((1 << 20), 64, 4), (1 << 20, 5, 4), (7, 1, 1)],
)
def test_crafted_kdf_parameters_are_refused_before_any_derivation(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, memory_kib: int, iterations: int, parallelism: int
) -> None:
    session, _ = create_vault(paths, PASS, kdf=TEST_KDF)
    session.close()
    doc = json.loads(paths.keyslots.read_bytes())
    doc["slots"][0]["kdf"].update(memory_kib=memory_kib, iterations=iterations, parallelism=parallelism)
    write_slots(paths, doc["slots"])

    def no_derivation(*_args: Any) -> bytes:
        raise AssertionError("a crafted slot's parameters reached Argon2id")

    monkeypatch.setattr(keyslots, "derive", no_derivation)
    with pytest.raises(VaultDamaged, match="damaged"):
        unwrap_key(paths, Secret.passphrase(PASS))


def test_the_largest_allowed_parameters_are_stated() -> None:
    assert (keyslots.MAX_MEMORY_KIB, keyslots.MAX_ITERATIONS, keyslots.MAX_PARALLELISM) == (1 << 20, 64, 16)
    keyslots.check_bounds(KdfParams(memory_kib=1 << 20, iterations=4, parallelism=16))  # 1 GiB x 4 passes: allowed
    keyslots.check_bounds(KdfParams(memory_kib=65536, iterations=64, parallelism=4))  # the strongest calibration


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"format": ' + b"[" * 50_000, b'{"slots": ' + b'{"a":' * 60_000])
def test_deeply_nested_key_file_is_damage_not_a_crash(raw: bytes) -> None:
    with pytest.raises(VaultDamaged, match="damaged"):
        KeySlotFile.from_bytes(raw)


# -- Low: NFC ---------------------------------------------------------------------------------------------------

COMPOSED = unicodedata.normalize("NFC", "café ölçü lantern meadow 47")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_passphrases_are_nfc_normalised_at_set_up_unlock_and_change(paths: DataPaths) -> None:
    assert COMPOSED != DECOMPOSED
    session, _ = create_vault(paths, DECOMPOSED, kdf=TEST_KDF)  # typed decomposed (macOS, some keyboards)
    session.close()
    open_session(paths, Secret.passphrase(COMPOSED)).close()  # typed composed: the same passphrase
    session = open_session(paths, Secret.passphrase(DECOMPOSED))
    change_passphrase(session, COMPOSED + " new")
    session.close()
    open_session(paths, Secret.passphrase(unicodedata.normalize("NFD", COMPOSED + " new"))).close()
    assert all(s["text"] == "NFC" for s in slot_doc(paths).values())


def test_a_slot_made_before_normalisation_still_opens_and_is_rewrapped_normalised(paths: DataPaths) -> None:
    session, _ = create_vault(paths, PASS, kdf=TEST_KDF)
    key = session.vault.key
    session.close()
    doc = json.loads(paths.keyslots.read_bytes())
    legacy = hand_wrapped_slot(PASSPHRASE, DECOMPOSED, key)  # old format: derived from the text as typed, no "text"
    write_slots(paths, [legacy, *(s for s in doc["slots"] if s["kind"] != PASSPHRASE)])
    with pytest.raises(WrongPassphrase):
        unwrap_key(paths, Secret.passphrase(COMPOSED))  # exactly what an old build would do: nothing is guessed
    open_session(paths, Secret.passphrase(DECOMPOSED)).close()
    assert slot_doc(paths)[PASSPHRASE]["text"] == "NFC"
    open_session(paths, Secret.passphrase(COMPOSED)).close()


def test_slots_record_when_they_were_made(paths: DataPaths) -> None:
    session, _ = create_vault(paths, PASS, kdf=TEST_KDF)
    try:
        lines = key_slots(session)
    finally:
        session.close()
    assert [ln.split(":")[0] for ln in lines] == [PASSPHRASE, RECOVERY]
    assert all("Argon2id m=1 MiB t=1 p=1, made 20" in ln for ln in lines)


def test_a_planted_slot_is_not_dropped_silently_by_the_unlock_rewrap(paths: DataPaths, use_policy: Any) -> None:
    """Re-wrapping a weak slot at unlock rewrites the file; with a planted slot there, the DSO is told first."""
    session, _ = create_vault(paths, PASS, kdf=TEST_KDF)
    key = session.vault.key
    session.close()
    plant_backdoor(paths, key)
    use_policy(STRICTER_POLICY)
    session = open_session(paths, Secret.passphrase(PASS))
    try:
        warnings = key_slot_warnings(session)
        assert len(warnings) == 2 and "passphrase and recovery" in warnings[0] and "('deputy')" in warnings[1]
        rekey(session, PASS)  # a new recovery key (what the warning asks for): drops the planted slot
    finally:
        session.close()
    open_session(paths, Secret.passphrase(PASS)).close()  # now the passphrase slot is re-wrapped too
    assert {k: s["kdf"]["memory_kib"] for k, s in slot_doc(paths).items()} == {PASSPHRASE: 2048, RECOVERY: 2048}
