"""The failed-unlock back-off, for the unlock window before its first paint: this module imports no SQLCipher,
argon2 or pydantic (``services.vault_service`` does), so showing the countdown costs the start-up nothing
(``tests/reliability/test_startup_imports.py``)."""

from __future__ import annotations

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.attempts import read_attempts


def unlock_wait_seconds(paths: DataPaths) -> float:
    """Seconds before the next unlock attempt is allowed (the back-off after wrong secrets)."""
    return read_attempts(paths).wait_seconds()
