"""Key slots: the random database key wrapped by the passphrase and by the recovery key.

passphrase --NFC--Argon2id(m, t, p, 16-byte salt)--> KEK --AES-256-GCM--> wrapped 256-bit database key.
The parameters live in the slot, so the product's calibrated parameters can change without breaking old vaults.
Nothing here ever stores the key in plain. The rules (see ``docs/vault-format.md``):

* **Floor.** No slot is ever wrapped below ``PRODUCT_FLOOR`` (Argon2id, m >= 64 MiB, t >= 2, p >= 4: what the
  product's own calibration always gives). A slot read below the floor is re-wrapped with product parameters at
  the next unlock with its secret (``upgrade_slot``). There is no environment switch: the test suite installs a
  cheaper ``KdfPolicy`` in its own process with ``set_policy`` (see ``tests/support/kdf.py``); the shipped program
  never calls it.
* **Bounds on read.** A slot file is input: parameters above ``MAX_MEMORY_KIB`` (1 GiB), ``MAX_ITERATIONS`` (64),
  ``MAX_PARALLELISM`` (16) or ``MAX_WORK`` (m x t of 64 MiB x 64) are refused as damage before any derivation, so
  a crafted slot costs at most about what the strongest product slot costs.
* **Known kinds only.** ``passphrase`` and ``recovery`` (``SLOT_KINDS``; a future kind such as a deputy's is added
  here, with the app feature that makes it). A slot of any other kind is ignored: never unwrapped, never written
  back, never copied into a backup, and reported by ``check`` and the GUI.
* **Unicode.** Secrets are NFC-normalised before derivation, so "café" typed composed or decomposed is the same
  passphrase. Slots written before this (no ``"text": "NFC"`` field) derive from the text as typed and are
  re-wrapped normalised at the next unlock.
"""

from __future__ import annotations

import base64
import json
import math
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from prevent_desktop.domain.passphrases import normalise_secret as normalise_secret  # the one NFC rule
from prevent_desktop.errors import KnownError, VaultDamaged, VaultMissing, WrongPassphrase
from prevent_desktop.storage.atomic import write_atomically

FORMAT = "prevent-desktop-keyslots"
FORMAT_VERSION = 1
KEY_BYTES = 32
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
SLOT_KINDS = (PASSPHRASE, RECOVERY)  # the only kinds the app makes; any other slot in a file is ignored
NFC = "NFC"

# Bounds on parameters read from a file (a crafted slot must not freeze or exhaust the machine).
MAX_MEMORY_KIB = 1 << 20  # 1 GiB
MAX_ITERATIONS = 64  # the calibration's own upper limit
MAX_PARALLELISM = 16
MAX_WORK = 65536 * MAX_ITERATIONS  # memory (KiB) x passes: the strongest calibrated slot (worst case here: ~10 s)
MAX_FILE_BYTES = 1 << 20  # a real key file is about 1 KB


@dataclass(frozen=True)
class KdfParams:
    name: str = "argon2id"
    memory_kib: int = 65536
    iterations: int = 3
    parallelism: int = 4

    def meets(self, floor: KdfParams) -> bool:
        return (
            self.name == floor.name
            and self.memory_kib >= floor.memory_kib
            and self.iterations >= floor.iterations
            and self.parallelism >= floor.parallelism
        )

    @property
    def is_product_strength(self) -> bool:
        return self.meets(PRODUCT_FLOOR)

    def describe(self) -> str:
        memory = f"{self.memory_kib // 1024} MiB" if self.memory_kib % 1024 == 0 else f"{self.memory_kib} KiB"
        name = "Argon2id" if self.name == "argon2id" else self.name
        return f"{name} m={memory} t={self.iterations} p={self.parallelism}"


PRODUCT_FLOOR = KdfParams(memory_kib=65536, iterations=2, parallelism=4)
TEST_KDF = KdfParams(memory_kib=1024, iterations=1, parallelism=1)  # only usable under a test's own KdfPolicy


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
    """Measure the Argon2id iteration count that takes about ``target_seconds`` here (m = 64 MiB, p = 4)."""
    probe = KdfParams(iterations=1)
    salt = secrets.token_bytes(16)
    timings = []
    for _ in range(3):  # the fastest of three: a busy moment must not make the derivation weaker than meant
        start = time.perf_counter()
        derive("calibration", salt, probe)
        timings.append(time.perf_counter() - start)
    one = max(min(timings), 0.005)
    iterations = max(PRODUCT_FLOOR.iterations, min(MAX_ITERATIONS, math.ceil(target_seconds / one)))
    return KdfParams(iterations=iterations)


@dataclass(frozen=True)
class KdfPolicy:
    """What new slots are wrapped with (``choose``) and the floor no new slot may be below."""

    floor: KdfParams
    choose: Callable[[], KdfParams]


PRODUCT_POLICY = KdfPolicy(floor=PRODUCT_FLOOR, choose=calibrate)
_policy = PRODUCT_POLICY


def set_policy(policy: KdfPolicy) -> None:
    """Install another policy in this process (the test suite's cheap one). The shipped program never calls it."""
    global _policy
    _policy = policy


def current_policy() -> KdfPolicy:
    return _policy


def new_slot_params() -> KdfParams:
    """Parameters for a new slot under the current policy (the product: calibrated to ~1 s on this machine)."""
    return _policy.choose()


def below_floor(params: KdfParams) -> bool:
    return not params.meets(_policy.floor)


def require_floor(params: KdfParams) -> None:
    if below_floor(params):
        raise KnownError(
            f"Refusing to protect the vault with weak key-derivation settings ({params.describe()}; the minimum is "
            f"{_policy.floor.describe()}). Nothing was changed."
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(kind: str) -> bytes:
    return f"{FORMAT}/{FORMAT_VERSION}/{kind}".encode()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class KeySlot:
    kind: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    created: str = ""  # when the slot was made (files written before it was recorded: "")
    nfc: bool = False  # the secret was NFC-normalised before derivation (every slot made since it was added)

    @classmethod
    def wrap(cls, kind: str, secret: str, db_key: bytes, params: KdfParams) -> KeySlot:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if kind not in SLOT_KINDS:
            raise ValueError(f"unknown key slot kind {kind!r}")
        require_floor(params)
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(normalise_secret(secret), salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, db_key, _aad(kind))
        return cls(kind, params, salt, nonce, wrapped, _now(), nfc=True)

    def unwrap(self, secret: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        kek = derive(normalise_secret(secret) if self.nfc else secret, self.salt, self.kdf)
        try:
            key = AESGCM(kek).decrypt(self.nonce, self.wrapped, _aad(self.kind))
        except InvalidTag:
            raise WrongPassphrase("passphrase" if self.kind == PASSPHRASE else "recovery key") from None
        if len(key) != KEY_BYTES:
            raise VaultDamaged("The key file is damaged (the unwrapped key has the wrong length).")
        return key

    @property
    def needs_upgrade(self) -> bool:
        """Below the floor, or made before secrets were normalised: re-wrapped at the next unlock with it."""
        return below_floor(self.kdf) or not self.nfc

    def describe(self) -> str:
        made = self.created[:19].replace("T", " ") if self.created else "unknown"
        note = ""
        if below_floor(self.kdf):
            note = " — WEAK: below the minimum; re-wrapped with product settings at the next unlock with it"
        elif not self.nfc:
            note = " — re-wrapped (Unicode-normalised) at the next unlock with it"
        return f"{self.kind}: {self.kdf.describe()}, made {made}{note}"

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "kind": self.kind,
            "kdf": asdict(self.kdf),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }
        if self.created:
            doc["created"] = self.created
        if self.nfc:
            doc["text"] = NFC
        return doc

    @classmethod
    def from_json(cls, data: Any) -> KeySlot:
        if not isinstance(data, dict):
            raise ValueError("slot is not an object")
        kind = data["kind"]
        if kind not in SLOT_KINDS:
            raise ValueError("unknown slot kind")
        kdf = data["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("kdf is not an object")
        values = [kdf["memory_kib"], kdf["iterations"], kdf["parallelism"]]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError("kdf parameters are not whole numbers")
        params = KdfParams(str(kdf["name"]), *values)
        if params.name != "argon2id":
            raise ValueError(f"unknown key derivation {params.name[:20]!r}")
        check_bounds(params)
        salt, nonce, wrapped = _unb64(data["salt"]), _unb64(data["nonce"]), _unb64(data["wrapped"])
        if len(salt) != 16 or len(nonce) != 12 or len(wrapped) != KEY_BYTES + 16:
            raise ValueError("slot field has the wrong length")
        created = data.get("created", "")
        if not isinstance(created, str) or len(created) > 40:
            raise ValueError("bad slot date")
        text = data.get("text")
        if text not in (None, NFC):
            raise ValueError("unknown secret normalisation")
        return cls(kind, params, salt, nonce, wrapped, created, nfc=text == NFC)


def check_bounds(params: KdfParams) -> None:
    """Refuse parameters a crafted slot could use to freeze or exhaust the machine (ValueError)."""
    if not 1 <= params.parallelism <= MAX_PARALLELISM:
        raise ValueError("kdf parallelism out of range")
    if not 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB:
        raise ValueError("kdf memory out of range")
    if not 1 <= params.iterations <= MAX_ITERATIONS:
        raise ValueError("kdf iterations out of range")
    if params.memory_kib * params.iterations > MAX_WORK:
        raise ValueError("kdf cost out of range")


@dataclass(frozen=True)
class KeySlotFile:
    slots: tuple[KeySlot, ...]
    # The rollback anchor (``storage.audit.Anchor``: generation + audit-chain head, MAC'd with a key derived from
    # the database key). Kept here, outside vault.db, so a copied-back older vault.db cannot carry it.
    anchor: dict[str, Any] | None = None

    # Slots of a kind the app does not make (planted or from a future version): kept out of ``slots``, so they
    # are never unwrapped, never written back and never copied into a backup. Only their kind is kept, to report.
    unknown: tuple[str, ...] = field(default=(), compare=False)

    def with_anchor(self, anchor: dict[str, Any] | None) -> KeySlotFile:
        return KeySlotFile(self.slots, anchor, self.unknown)

    def slot(self, kind: str) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise VaultDamaged(f"The key file has no {kind} slot.")

    def replace(self, new: KeySlot) -> KeySlotFile:
        if new.kind in {s.kind for s in self.slots}:
            return KeySlotFile(tuple(new if s.kind == new.kind else s for s in self.slots), self.anchor, self.unknown)
        return KeySlotFile((*self.slots, new), self.anchor, self.unknown)

    def describe(self) -> list[str]:
        """One line per slot (kind, KDF parameters, when made), unknown ones included: for ``check``."""
        lines = [s.describe() for s in self.slots]
        lines += [
            f"{kind}: UNKNOWN slot, not made by Prevent Desktop — ignored (never used to unlock, not copied into "
            "backups; dropped at the next passphrase or recovery-key change)"
            for kind in self.unknown
        ]
        return lines

    def warnings(self, *, renew: str, rekey: str) -> list[str]:
        """What the DSO should be told at unlock and by ``check`` (empty when all is well). ``renew`` and
        ``rekey`` say how, where the DSO is (``services.vault_service.key_slot_warnings``: the GUI's menu
        actions or the CLI's commands)."""
        found = []
        weak = [s.kind for s in self.slots if below_floor(s.kdf)]
        if weak:
            when = "once the unknown slot(s) below are removed" if self.unknown else "the next time it unlocks"
            found.append(
                f"The vault's {' and '.join(weak)} key slot(s) use weak key-derivation settings (as an old test "
                f"build made them). Each is re-wrapped with full-strength settings {when}; or, now, {renew}."
            )
        if self.unknown:
            names = ", ".join(repr(k) for k in self.unknown)
            found.append(
                f"The vault's key file holds {len(self.unknown)} key slot(s) Prevent Desktop did not make ({names}). "
                "They are ignored and are not copied into backups. Whoever added them may have had the vault's "
                f"key: {rekey}."
            )
        return found

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
            if len(raw) > MAX_FILE_BYTES:
                raise ValueError("too large")
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
            slots = []
            unknown = []
            for item in raw_slots:
                kind = item.get("kind") if isinstance(item, dict) else None
                if isinstance(kind, str) and kind not in SLOT_KINDS:
                    unknown.append(_printable_kind(kind))
                    continue
                slots.append(KeySlot.from_json(item))
        except RecursionError:
            raise VaultDamaged(
                f"The {name} is damaged or is not a Prevent Desktop key file (it is nested too deeply)."
            ) from None
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise VaultDamaged(
                f"The {name} is damaged or is not a Prevent Desktop key file ({exc})."
            ) from None
        kinds = [s.kind for s in slots]
        if PASSPHRASE not in kinds or len(set(kinds)) != len(kinds):
            raise VaultDamaged(f"The {name} is damaged (its key slots are incomplete).")
        return cls(tuple(slots), anchor, tuple(unknown))

    @classmethod
    def read(cls, path: Path) -> KeySlotFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultMissing(f"No vault key file at {path}.") from None
        return cls.from_bytes(raw, name=f"key file {path.name}")

    def write(self, path: Path) -> None:
        write_atomically(path, self.to_bytes())



def _printable_kind(kind: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in kind[:40])
    return cleaned + ("…" if len(kind) > 40 else "")


def upgrade_slot(path: Path, kind: str, secret: str, key: bytes) -> bool:
    """After ``secret`` unwrapped ``key`` from the slot ``kind`` of the file at ``path``: if that slot is below the
    floor (or predates NFC normalisation), re-wrap it with product parameters and rewrite the file. Returns whether
    it did. Other slots keep their own wrapping (their secret is unknown). A file holding a slot of unknown kind is
    left as it is: rewriting would drop that slot before the DSO was told about it (the unlock warning asks them to
    make a new recovery key or re-key, which drops it)."""
    slots = KeySlotFile.read(path)
    current = slots.slot(kind)
    if not current.needs_upgrade or slots.unknown:
        return False
    params = current.kdf if not below_floor(current.kdf) else new_slot_params()
    slots.replace(KeySlot.wrap(kind, secret, key, params)).write(path)
    return True


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
