"""Where the data dir comes from: --data-dir, the environment, portable mode (a marker beside the executable)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from prevent_desktop import paths
from prevent_desktop.paths import ENV_DATA_DIR, PORTABLE_DATA_DIR, PORTABLE_MARKER, DataPaths


@pytest.fixture
def app_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding an app with a portable.txt marker; no data dir in the environment."""
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    folder = tmp_path / "usb" / "prevent-desktop"
    folder.mkdir(parents=True)
    (folder / PORTABLE_MARKER).write_text("Prevent Desktop keeps its data beside it on this stick.\n")
    return folder


def test_marker_puts_the_data_beside_the_app(app_folder: Path) -> None:
    assert DataPaths.resolve(app_folder=app_folder).root == app_folder / PORTABLE_DATA_DIR


def test_data_dir_option_wins_over_the_marker(app_folder: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    assert DataPaths.resolve(str(chosen), app_folder=app_folder).root == chosen


def test_environment_wins_over_the_marker(app_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-it"))
    assert DataPaths.resolve(app_folder=app_folder).root == tmp_path / "from-it"


def test_no_marker_means_the_platform_default(app_folder: Path) -> None:
    (app_folder / PORTABLE_MARKER).unlink()
    assert DataPaths.resolve(app_folder=app_folder).root == paths.default_data_dir().absolute()


def test_a_folder_named_like_the_marker_is_not_a_marker(app_folder: Path) -> None:
    (app_folder / PORTABLE_MARKER).unlink()
    (app_folder / PORTABLE_MARKER).mkdir()
    assert paths.portable_data_dir(app_folder) is None


def test_frozen_app_looks_beside_its_executable(app_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app_folder / "prevent-desktop"))
    assert paths.app_dir() == app_folder
    assert DataPaths.resolve().root == app_folder / PORTABLE_DATA_DIR


def test_running_from_source_has_no_app_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A portable.txt beside the Python interpreter must not switch a source checkout into portable mode.
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    (tmp_path / PORTABLE_MARKER).write_text("")
    assert paths.app_dir() is None
    assert paths.portable_data_dir() is None


def _deploy_profile(folder: Path, name: str) -> Path:
    from prevent_desktop.domain.profile import default_profile_path

    text = default_profile_path().read_text(encoding="utf-8")
    shipped = tomllib.loads(text)["organisation"]["name"]
    target = folder / paths.DEPLOYED_PROFILE
    target.write_text(text.replace(f'name = "{shipped}"', f'name = "{name}"', 1), encoding="utf-8")
    return target


def test_deployed_profile_is_found_beside_the_app_only(app_folder: Path) -> None:
    assert paths.deployed_profile(app_folder) is None
    target = _deploy_profile(app_folder, "Riverside College")
    assert paths.deployed_profile(app_folder) == target


def test_a_new_vault_starts_from_the_profile_it_deployed(
    app_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage import profile_store
    from prevent_desktop.storage.keyslots import TEST_KDF

    _deploy_profile(app_folder, "Riverside College")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app_folder / "prevent-desktop"))
    session, _ = create_vault(DataPaths(tmp_path / "vault"), "orbit lantern cactus meadow 47", kdf=TEST_KDF)
    try:
        assert profile_store.organisation(session.conn)["name"] == "Riverside College"
        source = session.conn.execute("SELECT value FROM settings WHERE key = 'profile_source'").fetchone()[0]
        assert source == paths.DEPLOYED_PROFILE
    finally:
        session.close()
