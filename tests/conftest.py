"""Shared fixtures: real vaults on disk (with cheap, recorded KDF parameters), isolated Qt settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PREVENT_DESKTOP_PASSPHRASE", None)
os.environ.pop("PREVENT_DESKTOP_DATA_DIR", None)

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.support import kdf as test_kdf

# Cheap Argon2id for test vaults, in this process only (the slot records the parameters, so unlock follows).
# CLI subprocesses get the same through `python -m tests.support.cli`; the product has no switch for it.
test_kdf.install()

PASSPHRASE = "orbit lantern cactus meadow 47"
NEW_PASSPHRASE = "violet harbour tractor sundial 93"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "vault")


@pytest.fixture
def session_and_recovery(paths: DataPaths) -> Iterator[tuple[object, str]]:
    from prevent_desktop.services.vault_service import create_vault

    session, recovery = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    yield session, recovery
    session.close()


@pytest.fixture
def session(session_and_recovery: tuple[object, str]) -> object:
    return session_and_recovery[0]


@pytest.fixture
def demo_session(paths: DataPaths) -> Iterator[object]:
    from prevent_desktop.services.vault_service import create_vault

    session, _ = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF, demo=True)
    yield session
    session.close()


def run_cli(
    *args: str,
    data_dir: Path | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as IT or a script would (through the test launcher: cheap KDF)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    full_env["QT_QPA_PLATFORM"] = "offscreen"
    full_env.update(env or {})
    argv = [sys.executable, "-m", "tests.support.cli"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    return subprocess.run(
        [*argv, *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def cli_vault(tmp_path: Path) -> Path:
    """A vault made through the real `init` command; returns its data dir."""
    data_dir = tmp_path / "cli-vault"
    result = run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    return data_dir
