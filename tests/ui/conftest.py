"""UI fixtures: Qt settings redirected to a temp folder so tests never touch the user's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
