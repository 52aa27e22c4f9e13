"""Cheap key derivation for test vaults, installed in-process (there is no environment switch for it).

The product refuses to wrap a key slot below its floor (Argon2id m >= 64 MiB, t >= 2, p >= 4) and calibrates new
slots to ~1 s. Hundreds of test vaults cannot pay that, so the suite lowers the floor and picks ``TEST_KDF`` for
new slots in its own process (``tests/conftest.py``) and in the subprocesses it starts through
``python -m tests.support.cli`` (the real CLI). ``python -m prevent_desktop`` never runs this.
"""

from __future__ import annotations

from prevent_desktop.storage import keyslots

TEST_POLICY = keyslots.KdfPolicy(floor=keyslots.TEST_KDF, choose=lambda: keyslots.TEST_KDF)


def install() -> None:
    keyslots.set_policy(TEST_POLICY)
