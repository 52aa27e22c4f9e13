"""UI fixtures: Qt settings redirected to a temp folder so tests never touch the user's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def settings(isolated_qsettings: Path) -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "PreventDesktopTest", "PreventDesktopTest"
    )


@pytest.fixture(autouse=True)
def window_policy(qapp):  # type: ignore[no-untyped-def]
    """The app-wide keyboard, screen-reader and screen-fit rules (ui/a11y.py), installed as the controller installs
    them before its first window, so a widget tested alone behaves as it does in the app."""
    from prevent_desktop.ui import a11y

    return a11y.install(qapp)


@pytest.fixture(autouse=True)
def gui_thread_collector(qapp):  # type: ignore[no-untyped-def]
    """Cycles collected on the GUI thread only (ui/collector.py), as the controller sets up; each test's leftovers
    collected here, on the GUI thread, when it ends."""
    from prevent_desktop.ui import collector

    installed = collector.install(qapp)
    yield installed
    import gc

    gc.collect()


@pytest.fixture(autouse=True)
def clean_clipboard(qapp):  # type: ignore[no-untyped-def]
    """Each test starts and ends with an empty clipboard."""
    qapp.clipboard().clear()
    yield
    qapp.clipboard().clear()


@pytest.fixture(scope="session")
def walk_vault(vault_template, tmp_path_factory):  # type: ignore[no-untyped-def]
    from tests.helpers.windows import make_walk_vault

    return make_walk_vault(vault_template, tmp_path_factory.mktemp("template-walk-vault"))


@pytest.fixture
def walk(qtbot, walk_vault, paths, settings):  # type: ignore[no-untyped-def]
    """The real controller and main window on a vault of this test's own with a case to open, for opening any
    window the app has (tests/helpers/windows.py)."""
    from tests.helpers.windows import make_walk

    walk = make_walk(qtbot, walk_vault, paths.root, settings)
    yield walk
    walk.close()


@pytest.fixture
def controller(qtbot: Any, paths: Any, settings: QSettings) -> Iterator[Any]:
    """The real app controller on this test's vault folder (the test KDF); a test file that needs another
    teardown (jobs waited for, automatic backups off) defines its own."""
    from prevent_desktop.storage.keyslots import TEST_KDF
    from prevent_desktop.ui.app import AppController

    ctl = AppController(paths, settings=settings, kdf=TEST_KDF)
    yield ctl
    if ctl.session is not None:
        ctl.session.close()
    if ctl.window is not None:
        ctl.window.close()
