"""Hypothesis fuzzing of the readers that take files from outside: the backup reader, the key-slot reader and
the organisation-profile loader. Only the app's own error types may come out; nothing is imported or written."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevent_desktop.domain.profile import ProfileError, default_profile_path, load_profile_text
from prevent_desktop.errors import KnownError
from prevent_desktop.storage import backup
from prevent_desktop.storage.keyslots import KeySlotFile
from tests.reliability.conftest import count

EXAMPLES = count(100, 1000)
SEED_PROFILE = default_profile_path().read_bytes()
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None, derandomize=True
)


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    def apply(ops: list[tuple[int, int, int]]) -> bytes:
        buf = bytearray(seed)
        for kind, pos, value in ops:
            if not buf:
                break
            i = pos % len(buf)
            if kind == 0:
                buf[i] = value
            elif kind == 1:
                del buf[i : i + 1 + value % 64]
            elif kind == 2:
                buf[i:i] = bytes([value]) * (1 + value % 9)
            else:
                buf = buf[:i]
        return bytes(buf)

    ops = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1 << 30), st.integers(0, 255)), min_size=1, max_size=6)
    return ops.map(apply)


@FUZZ
@given(st.one_of(st.binary(max_size=4096), _mutations(backup.MAGIC + b"\x00\x00\x00\x10{}" + b"\x00" * 64)))
def test_backup_reader_only_raises_known_errors(data: bytes) -> None:
    try:
        backup.parse(data, "fuzz.pdbackup")
    except KnownError:
        pass


_VALID_BACKUP: list[bytes] = []


@FUZZ
@given(st.data())
def test_mutated_real_backup_only_raises_known_errors(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    if not _VALID_BACKUP:
        _VALID_BACKUP.append(_make_backup(tmp_path_factory.mktemp("fz")))
    blob = data.draw(_mutations(_VALID_BACKUP[0]))
    try:
        backup.parse(blob, "fuzz.pdbackup")
    except KnownError:
        return
    assert blob == _VALID_BACKUP[0]  # only the unchanged file parses (the checksum covers every byte)


def _make_backup(folder: Path) -> bytes:
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.backup_service import backup_now
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage.keyslots import TEST_KDF
    from tests.conftest import PASSPHRASE

    session, _ = create_vault(DataPaths(folder / "v"), PASSPHRASE, kdf=TEST_KDF)
    try:
        return backup_now(session, folder / "b.pdbackup").path.read_bytes()
    finally:
        session.close()


@FUZZ
@given(st.one_of(st.binary(max_size=2048), st.text(max_size=512).map(str.encode)))
def test_key_slot_reader_only_raises_known_errors(data: bytes) -> None:
    try:
        KeySlotFile.from_bytes(data)
    except KnownError:
        pass


@FUZZ
@given(_mutations(SEED_PROFILE))
def test_profile_loader_mutated_seed_raises_profile_error_only(data: bytes) -> None:
    try:
        load_profile_text(data, "fuzz.toml")
    except ProfileError:
        pass


@FUZZ
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
))
def test_profile_loader_wrong_types_raise_profile_error_only(value) -> None:  # type: ignore[no-untyped-def]
    # Replace one section of the real profile with a value of any shape.
    doc = tomllib.loads(SEED_PROFILE.decode("utf-8"))
    keys = sorted(doc)
    rng = random.Random(repr(value))
    doc[rng.choice(keys)] = value
    from prevent_desktop.domain.profile import profile_from_dict

    try:
        profile_from_dict(doc, "fuzz")
    except ProfileError:
        pass


def test_profile_loader_huge_and_invalid_utf8() -> None:
    for data in (b"\xff\xfe\xfa" * 10, b"[organisation]\nname = \"" + b"A" * 2_000_000 + b"\"\n", b"[[" * 5000):
        try:
            load_profile_text(data, "fuzz.toml")
        except ProfileError:
            pass
