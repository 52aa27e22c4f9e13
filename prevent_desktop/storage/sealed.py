"""A password-encrypted file for data that leaves the vault (``cases export --encrypt``).

Container (version 1)::

    b"PDSEALED" | u32 big-endian header length | header (JSON, ASCII) | AES-256-GCM ciphertext (+ 16-byte tag)

The header holds the format, the content type (``cases-export``), the Argon2id parameters and the 16-byte salt and
12-byte nonce; nothing personal. The key is Argon2id(NFC(password), salt) with the same parameters, floor and
read bounds as the vault's key slots (``storage.keyslots``). The whole header is the GCM associated data, so a
changed parameter or content type fails the tag just as a wrong password does.
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
from dataclasses import asdict
from typing import Any

from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.storage.keyslots import (
    KdfParams,
    check_bounds,
    derive,
    new_slot_params,
    normalise_secret,
    require_floor,
)

MAGIC = b"PDSEALED"
FORMAT = "prevent-desktop-sealed"
FORMAT_VERSION = 1
MAX_HEADER = 4096


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def seal(plaintext: bytes, password: str, content: str, params: KdfParams | None = None) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or new_slot_params()
    require_floor(params)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "content": content,
        "kdf": asdict(params),
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    head = json.dumps(header, sort_keys=True).encode("ascii")
    prefix = MAGIC + struct.pack(">I", len(head)) + head
    key = derive(normalise_secret(password), salt, params)
    return prefix + AESGCM(key).encrypt(nonce, plaintext, prefix)


def unseal(raw: bytes, password: str, content: str, name: str) -> bytes:
    """The plaintext, or ValidationError (damaged / not this kind of file) or KnownError (wrong password)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    damaged = f"{name} is damaged or is not an encrypted Prevent Desktop export"
    if not is_sealed(raw) or len(raw) < 12:
        raise ValidationError(f"Not imported: {damaged}.")
    (length,) = struct.unpack(">I", raw[8:12])
    if length > MAX_HEADER or 12 + length + 16 > len(raw):
        raise ValidationError(f"Not imported: {damaged}.")
    prefix = raw[: 12 + length]
    try:
        header: Any = json.loads(prefix[12:].decode("ascii"))
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            raise ValueError("not a sealed file")
        if header.get("content") != content:
            raise ValueError("another kind of file")
        kdf = header["kdf"]
        values = [kdf["memory_kib"], kdf["iterations"], kdf["parallelism"]]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values) or kdf["name"] != "argon2id":
            raise ValueError("bad key derivation")
        params = KdfParams("argon2id", *values)
        check_bounds(params)
        salt = base64.b64decode(str(header["salt"]), validate=True)
        nonce = base64.b64decode(str(header["nonce"]), validate=True)
        if len(salt) != 16 or len(nonce) != 12:
            raise ValueError("bad salt or nonce")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise ValidationError(f"Not imported: {damaged}.") from None
    key = derive(normalise_secret(password), salt, params)
    try:
        return AESGCM(key).decrypt(nonce, raw[len(prefix) :], prefix)
    except InvalidTag:
        raise KnownError(f"Not imported: wrong password for {name} (or the file was changed).") from None
