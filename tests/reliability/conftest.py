"""Counts for the attack tests: small by default, a soak with PREVENT_DESKTOP_SOAK=1."""

from __future__ import annotations

import os

SOAK = os.environ.get("PREVENT_DESKTOP_SOAK") == "1"


def count(default: int, soak: int) -> int:
    return soak if SOAK else default
