"""One Unicode rule for typed secrets (domain/passphrases.py): the key slots derive with it, the forms compare
with it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from prevent_desktop.domain import passphrases
from prevent_desktop.storage import keyslots, sealed


def test_the_key_slots_use_the_domain_rule() -> None:
    assert keyslots.normalise_secret is passphrases.normalise_secret
    assert sealed.normalise_secret is passphrases.normalise_secret


@given(st.text(max_size=40))
def test_same_passphrase_is_equality_after_nfc(text: str) -> None:
    for form in ("NFC", "NFD"):
        assert passphrases.same_passphrase(text, unicodedata.normalize(form, text))
    assert not passphrases.same_passphrase(text, text + "x")


def test_cafe_composed_and_decomposed() -> None:
    assert passphrases.same_passphrase("caf\u00e9", "cafe\u0301")
    assert not passphrases.same_passphrase("cafe", "caf\u00e9")
