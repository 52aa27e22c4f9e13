"""The one Unicode rule for secrets typed by the DSO: the key slots derive from it and every form compares with it.

A passphrase is Unicode text compared as NFC, so "café" typed with a composed "é" (one code point) or a
decomposed one ("e" + combining acute, as some keyboards and input methods send) is the same passphrase:
``storage.keyslots`` normalises before Argon2id (wrap and unwrap), and the "repeat passphrase" checks of set-up,
the passphrase dialogs and the CLI compare with ``same_passphrase``, so a form never refuses what the vault would
accept.
"""

from __future__ import annotations

import unicodedata


def normalise_secret(text: str) -> str:
    """Passphrases are compared as Unicode NFC: the same word typed composed or decomposed is the same."""
    return unicodedata.normalize("NFC", text)


def same_passphrase(first: str, second: str) -> bool:
    """The "type it twice" check: equal once normalised, exactly as the key slots see them."""
    return normalise_secret(first) == normalise_secret(second)
