"""Shared fixtures: real vaults on disk (with cheap, recorded KDF parameters), isolated Qt settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.screen import laptop_platform

# Headless Qt with one 1366x768 screen (tests/support/screen.py).
os.environ["QT_QPA_PLATFORM"] = laptop_platform(os.environ.get("QT_QPA_PLATFORM"))
os.environ.pop("PREVENT_DESKTOP_PASSPHRASE", None)
os.environ.pop("PREVENT_DESKTOP_DATA_DIR", None)

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.support import kdf as test_kdf

# Cheap Argon2id for test vaults, in this process only (the slot records the parameters, so unlock follows).
# CLI subprocesses get the same through `python -m tests.support.cli`; the product has no switch for it.
test_kdf.install()

from tests.helpers.vaults import TEST_USER, VaultTemplate, copy_data_dir, make_template  # noqa: E402

# The fail-on-unexpected-log check (for every test), the clock fixture and --today, pytester (to test them).
pytest_plugins = ("tests.helpers.logfail", "tests.helpers.clock", "pytester")

PASSPHRASE = "orbit lantern cactus meadow 47"
NEW_PASSPHRASE = "violet harbour tractor sundial 93"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "vault")


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    """A vault made once per test session (``create_vault``); the vault fixtures copy it."""
    return make_template(tmp_path_factory.mktemp("template-vault"), PASSPHRASE)


@pytest.fixture(scope="session")
def demo_vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return make_template(tmp_path_factory.mktemp("template-demo-vault"), PASSPHRASE, demo=True)


def _wants_fresh_vault(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("fresh_vault") is not None


@pytest.fixture
def session_and_recovery(
    request: pytest.FixtureRequest, paths: DataPaths, vault_template: VaultTemplate
) -> Iterator[tuple[object, str]]:
    """An open vault of this test's own in ``paths`` and its recovery key: a copy of ``vault_template``, or a
    vault made by ``create_vault`` for a test marked ``fresh_vault``."""
    if _wants_fresh_vault(request):
        from prevent_desktop.services.vault_service import create_vault

        session, recovery = create_vault(paths, PASSPHRASE, user_name=TEST_USER, kdf=TEST_KDF)
    else:
        session, recovery = vault_template.open(paths.root), vault_template.recovery
    yield session, recovery
    session.close()


@pytest.fixture
def session(session_and_recovery: tuple[object, str]) -> object:
    return session_and_recovery[0]


@pytest.fixture
def demo_session(
    request: pytest.FixtureRequest, paths: DataPaths, demo_vault_template: VaultTemplate
) -> Iterator[object]:
    if _wants_fresh_vault(request):
        from prevent_desktop.services.vault_service import create_vault

        session, _ = create_vault(paths, PASSPHRASE, user_name=TEST_USER, kdf=TEST_KDF, demo=True)
    else:
        session = demo_vault_template.open(paths.root)
    yield session
    session.close()


@pytest.fixture
def vault_factory(
    request: pytest.FixtureRequest, tmp_path: Path, vault_template: VaultTemplate
) -> Iterator[Callable[..., object]]:
    """More vaults in one test: ``vault_factory("other")`` is an open vault in ``tmp_path/other`` (a copy of the
    template; made by ``create_vault`` with ``fresh=True``, another ``user_name`` or in a ``fresh_vault`` test).
    Each is closed at teardown."""
    opened: list[object] = []

    def make(name: str = "other", *, fresh: bool = False, user_name: str = TEST_USER) -> object:
        root = tmp_path / name
        if fresh or user_name != TEST_USER or _wants_fresh_vault(request):
            from prevent_desktop.services.vault_service import create_vault

            session, _ = create_vault(DataPaths(root), PASSPHRASE, user_name=user_name, kdf=TEST_KDF)
        else:
            session = vault_template.open(root)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()  # type: ignore[attr-defined]


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


def _cli_init(data_dir: Path) -> Path:
    result = run_cli("init", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture(scope="session")
def cli_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir made once per test session by the real ``init`` command; ``cli_vault`` copies it."""
    return _cli_init(tmp_path_factory.mktemp("template-cli-vault") / "cli-vault")


@pytest.fixture
def cli_vault(request: pytest.FixtureRequest, tmp_path: Path, cli_vault_template: Path) -> Path:
    """A vault made through the real `init` command (once per session, copied; fresh for a ``fresh_vault`` test);
    returns its data dir."""
    data_dir = tmp_path / "cli-vault"
    if _wants_fresh_vault(request):
        return _cli_init(data_dir)
    return copy_data_dir(cli_vault_template, data_dir)


@pytest.fixture(scope="session")
def cli_demo_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DEMO data dir made once by the real ``init --demo`` and ``demo --cases 40`` commands."""
    data_dir = tmp_path_factory.mktemp("template-cli-demo-vault") / "demo-vault"
    result = run_cli("init", "--demo", "--passphrase-stdin", data_dir=data_dir, stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    result = run_cli("demo", "--cases", "40", data_dir=data_dir, env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "Added 40 synthetic case(s)" in result.stdout
    return data_dir


@pytest.fixture
def cli_demo_vault(tmp_path: Path, cli_demo_vault_template: Path) -> Path:
    """A DEMO vault with 40 synthetic cases made through the real CLI (once per session, copied); its data dir."""
    return copy_data_dir(cli_demo_vault_template, tmp_path / "demo-vault")
