"""A password-encrypted file for data that leaves the vault (``cases export --encrypt``).

Container (version 1)::

    b"PDSEALED" | u32 big-endian header length | header (JSON, ASCII) | AES-256-GCM ciphertext (+ 16-byte tag)

The header holds the format, the content type (``cases-export``), the Argon2id parameters and the 16-byte salt and
12-byte nonce; nothing personal. The key is Argon2id(NFC(password), salt) with the same parameters, floor and
read bounds as the vault's key slots (``storage.keyslots``). The whole header is the GCM associated data, so a
changed parameter or content type fails the tag just as a wrong password does.

``seal``/``unseal`` work on bytes in memory; ``seal_stream`` and ``SealedReader`` write and read the same container
a chunk at a time (AES-GCM's encryptor/decryptor with update/finalize), so a big export is never held whole: a
streamed seal is opened by ``unseal`` and a one-shot seal by ``SealedReader`` (tested). A reader's plaintext is
unauthenticated until the tag is checked at the end of the file (``SealedStream.finish``): a caller writes nothing
it read until then.
"""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

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


def _prefix(params: KdfParams, salt: bytes, nonce: bytes, content: str) -> bytes:
    """The container's start: magic, header length and header (also the GCM associated data)."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "content": content,
        "kdf": asdict(params),
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    head = json.dumps(header, sort_keys=True).encode("ascii")
    return MAGIC + struct.pack(">I", len(head)) + head


def seal(plaintext: bytes, password: str, content: str, params: KdfParams | None = None) -> bytes:
    """The whole container in memory: ``seal_stream`` of one piece."""
    return b"".join(seal_stream([plaintext], password, content, params))


def seal_stream(
    chunks: Iterable[bytes], password: str, content: str, params: KdfParams | None = None
) -> Iterator[bytes]:
    """``seal`` of the concatenation of ``chunks``, a piece at a time: the same bytes ``seal`` would give for the
    same salt and nonce (prefix, ciphertext, 16-byte tag). The key is derived before the first piece is yielded."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    params = params or new_slot_params()
    require_floor(params)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    prefix = _prefix(params, salt, nonce, content)
    key = derive(normalise_secret(password), salt, params)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(prefix)
    yield prefix
    for chunk in chunks:
        if chunk:
            yield encryptor.update(chunk)
    yield encryptor.finalize() + encryptor.tag


def _damaged(name: str) -> ValidationError:
    return ValidationError(f"Not imported: {name} is damaged or is not an encrypted Prevent Desktop export.")


def _wrong_password(name: str) -> KnownError:
    return KnownError(f"Not imported: wrong password for {name} (or the file was changed).")


def _read_header(head: bytes, content: str) -> tuple[KdfParams, bytes, bytes]:
    """(KDF parameters, salt, nonce) from the header's bytes; ValueError (or KeyError, TypeError, ...) if it is not
    a sealed header of this content type."""
    header: Any = json.loads(head.decode("ascii"))
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
    return params, salt, nonce


_HEADER_ERRORS = (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError)


def unseal(raw: bytes, password: str, content: str, name: str) -> bytes:
    """The plaintext, or ValidationError (damaged / not this kind of file) or KnownError (wrong password)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    prefix = _read_prefix(io.BytesIO(raw), name)
    if len(prefix) + 16 > len(raw):
        raise _damaged(name)
    try:
        params, salt, nonce = _read_header(prefix[12:], content)
    except _HEADER_ERRORS:
        raise _damaged(name) from None
    key = derive(normalise_secret(password), salt, params)
    try:
        return AESGCM(key).decrypt(nonce, raw[len(prefix) :], prefix)
    except InvalidTag:
        raise _wrong_password(name) from None


def _read_prefix(fh: IO[bytes], name: str) -> bytes:
    start = fh.read(12)
    if len(start) < 12 or not is_sealed(start):
        raise _damaged(name)
    (length,) = struct.unpack(">I", start[8:12])
    if length > MAX_HEADER:
        raise _damaged(name)
    head = fh.read(length)
    if len(head) != length:
        raise _damaged(name)
    return start + head


class SealedReader:
    """A sealed file on disk, to be read (decrypted) as often as needed without holding it: the header is read and
    the key derived once (Argon2id, the slow part); each ``open()`` decrypts the file anew from its start."""

    def __init__(self, path: Path, password: str, content: str, name: str) -> None:
        self.path, self.name = Path(path), name
        with open(self.path, "rb") as fh:
            self._prefix = _read_prefix(fh, name)
            size = os.fstat(fh.fileno()).st_size
        if len(self._prefix) + 16 > size:
            raise _damaged(name)
        try:
            params, salt, self._nonce = _read_header(self._prefix[12:], content)
        except _HEADER_ERRORS:
            raise _damaged(name) from None
        self._key = derive(normalise_secret(password), salt, params)

    def open(self) -> SealedStream:
        """The plaintext as a binary stream (read it to its end, then ``finish()`` checks the tag)."""
        fh = open(self.path, "rb")  # closed by the stream
        try:
            if _read_prefix(fh, self.name) != self._prefix:  # replaced since the header was read
                raise _wrong_password(self.name)
            size = os.fstat(fh.fileno()).st_size
            return SealedStream(fh, self._key, self._nonce, self._prefix, size - len(self._prefix) - 16, self.name)
        except BaseException:
            fh.close()
            raise


class SealedStream(io.RawIOBase):
    """Decrypts a sealed file's ciphertext as it is read. Nothing read is authenticated until ``finish()`` (called
    at the end of the data; it reads whatever is left) has checked the GCM tag: KnownError (wrong password or the
    file was changed) if it fails."""

    def __init__(self, fh: IO[bytes], key: bytes, nonce: bytes, aad: bytes, length: int, name: str) -> None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        super().__init__()
        self._fh, self._left, self.name_shown = fh, length, name
        self._decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).decryptor()
        self._decryptor.authenticate_additional_data(aad)
        self._finished = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data = self._fh.read(want)
        if len(data) != want:  # shorter than when opened: it changed
            raise _wrong_password(self.name_shown)
        self._left -= len(data)
        return self._decryptor.update(data)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def finish(self) -> None:
        """Read to the end and check the tag (once); KnownError if it fails."""
        from cryptography.exceptions import InvalidTag

        if self._finished:
            return
        while self.read(1 << 20):
            pass
        tag = self._fh.read(16)
        try:
            if len(tag) != 16 or self._fh.read(1):
                raise InvalidTag
            self._decryptor.finalize_with_tag(tag)
        except InvalidTag:
            raise _wrong_password(self.name_shown) from None
        self._finished = True

    def close(self) -> None:
        self._fh.close()
        super().close()
