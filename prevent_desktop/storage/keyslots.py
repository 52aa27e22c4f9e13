"""Key slots: the random database key wrapped by the passphrase and by the recovery key.

passphrase --Argon2id(m, t, p, 16-byte salt)--> KEK --AES-256-GCM--> wrapped 256-bit database key.
The parameters live in the slot, so a slot made with cheap test parameters still opens, and the product's
own calibrated parameters can change without breaking old vaults. Nothing here ever stores the key in plain.
"""

from __future__ import annotations

import base64
import json
import math
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from prevent_desktop.errors import VaultDamaged, VaultMissing, WrongPassphrase
from prevent_desktop.storage.atomic import write_atomically

FORMAT = "prevent-desktop-keyslots"
FORMAT_VERSION = 1
KEY_BYTES = 32
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
# Set by the test-suite only: cheap KDF parameters so hundreds of vaults can be made quickly.
# The slot records the parameters used, and `check` reports a vault made this way.
INSECURE_TEST_KDF_ENV = "PREVENT_DESKTOP_INSECURE_TEST_KDF"


@dataclass(frozen=True)
class KdfParams:
    name: str = "argon2id"
    memory_kib: int = 65536
    iterations: int = 3
    parallelism: int = 4

    @property
    def is_product_strength(self) -> bool:
        return self.memory_kib >= 65536 and self.parallelism >= 4 and self.iterations >= 1


TEST_KDF = KdfParams(memory_kib=1024, iterations=1, parallelism=1)


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    if params.name != "argon2id":
        raise VaultDamaged(f"The key file uses an unknown key derivation ({params.name}).")
    return bytes(
        hash_secret_raw(
            secret.encode("utf-8"),
            salt,
            time_cost=params.iterations,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=32,
            type=Type.ID,
        )
    )


def calibrate(target_seconds: float = 1.0) -> KdfParams:
    """Pick the Argon2id iteration count that takes about ``target_seconds`` here (m = 64 MiB, p = 4)."""
    if os.environ.get(INSECURE_TEST_KDF_ENV) == "1":
        return TEST_KDF
    probe = KdfParams(iterations=1)
    salt = secrets.token_bytes(16)
    timings = []
    for _ in range(3):  # the fastest of three: a busy moment must not make the derivation weaker than meant
        start = time.perf_counter()
        derive("calibration", salt, probe)
        timings.append(time.perf_counter() - start)
    one = max(min(timings), 0.005)
    iterations = max(2, min(64, math.ceil(target_seconds / one)))
    return KdfParams(iterations=iterations)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(kind: str) -> bytes:
    return f"{FORMAT}/{FORMAT_VERSION}/{kind}".encode()


@dataclass(frozen=True)
class KeySlot:
    kind: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    @classmethod
    def wrap(cls, kind: str, secret: str, db_key: bytes, params: KdfParams) -> KeySlot:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(secret, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, db_key, _aad(kind))
        return cls(kind, params, salt, nonce, wrapped)

    def unwrap(self, secret: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        kek = derive(secret, self.salt, self.kdf)
        try:
            key = AESGCM(kek).decrypt(self.nonce, self.wrapped, _aad(self.kind))
        except InvalidTag:
            raise WrongPassphrase("passphrase" if self.kind == PASSPHRASE else "recovery key") from None
        if len(key) != KEY_BYTES:
            raise VaultDamaged("The key file is damaged (the unwrapped key has the wrong length).")
        return key

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kdf": asdict(self.kdf),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: Any) -> KeySlot:
        if not isinstance(data, dict):
            raise ValueError("slot is not an object")
        kdf = data["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("kdf is not an object")
        params = KdfParams(
            name=str(kdf["name"]),
            memory_kib=int(kdf["memory_kib"]),
            iterations=int(kdf["iterations"]),
            parallelism=int(kdf["parallelism"]),
        )
        if not (8 <= params.memory_kib <= 4 * 1024 * 1024 and 1 <= params.iterations <= 1000):
            raise ValueError("kdf parameters out of range")
        if not 1 <= params.parallelism <= 64:
            raise ValueError("kdf parallelism out of range")
        salt, nonce, wrapped = _unb64(data["salt"]), _unb64(data["nonce"]), _unb64(data["wrapped"])
        if len(salt) != 16 or len(nonce) != 12 or len(wrapped) != KEY_BYTES + 16:
            raise ValueError("slot field has the wrong length")
        return cls(str(data["kind"]), params, salt, nonce, wrapped)


@dataclass(frozen=True)
class KeySlotFile:
    slots: tuple[KeySlot, ...]
    # The rollback anchor (``storage.audit.Anchor``: generation + audit-chain head, MAC'd with a key derived from
    # the database key). Kept here, outside vault.db, so a copied-back older vault.db cannot carry it.
    anchor: dict[str, Any] | None = None

    def with_anchor(self, anchor: dict[str, Any] | None) -> KeySlotFile:
        return KeySlotFile(self.slots, anchor)

    def slot(self, kind: str) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise VaultDamaged(f"The key file has no {kind} slot.")

    def replace(self, new: KeySlot) -> KeySlotFile:
        return KeySlotFile(tuple(new if s.kind == new.kind else s for s in self.slots), self.anchor)

    def to_bytes(self) -> bytes:
        slots = [s.to_json() for s in self.slots]
        check = _check(slots, self.anchor)
        doc: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "slots": slots, "check": check}
        if self.anchor is not None:
            doc["anchor"] = self.anchor
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes, name: str = "key file") -> KeySlotFile:
        if not raw:
            raise VaultDamaged(f"The {name} is empty (zero bytes): it is damaged.")
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not a key file")
            if doc.get("version") != FORMAT_VERSION:
                raise ValueError("unknown key file version")
            raw_slots = doc["slots"]
            if not isinstance(raw_slots, list):
                raise ValueError("slots is not a list")
            # A checksum over the slots tells a damaged file from a wrong passphrase (a flipped bit in a salt
            # would otherwise look like a wrong passphrase). Files written before it existed have none.
            anchor = doc.get("anchor")
            if anchor is not None and not isinstance(anchor, dict):
                raise ValueError("anchor is not an object")
            if "check" in doc and doc["check"] != _check(raw_slots, anchor):
                raise ValueError("checksum mismatch")
            slots = tuple(KeySlot.from_json(s) for s in raw_slots)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise VaultDamaged(
                f"The {name} is damaged or is not a Prevent Desktop key file ({exc})."
            ) from None
        kinds = [s.kind for s in slots]
        if PASSPHRASE not in kinds or len(set(kinds)) != len(kinds):
            raise VaultDamaged(f"The {name} is damaged (its key slots are incomplete).")
        return cls(slots, anchor)

    @classmethod
    def read(cls, path: Path) -> KeySlotFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultMissing(f"No vault key file at {path}.") from None
        return cls.from_bytes(raw, name=f"key file {path.name}")

    def write(self, path: Path) -> None:
        write_atomically(path, self.to_bytes())


def _check(slots: list[Any], anchor: dict[str, Any] | None = None) -> str:
    """A checksum (not a MAC: the anchor has its own) so a flipped bit reads as damage, not a wrong secret."""
    import hashlib

    covered: Any = slots if anchor is None else [slots, anchor]
    canonical = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read back from paper


def new_recovery_key() -> str:
    """A 200-bit recovery key in 8 groups of 5 characters, easy to copy by hand."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(40))
    return "-".join(chars[i : i + 5] for i in range(0, 40, 5))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 5] for i in range(0, len(cleaned), 5))


def ensure_mode_0600(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)
