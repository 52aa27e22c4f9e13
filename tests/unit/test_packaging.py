"""The frozen build's rules, checked against the source: package data, Qt modules, trimming, SHA256SUMS, sizes.

The build itself and the frozen program are tested by packaging/frozen_smoke.py (run by scripts/run-tests.sh).
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "prevent_desktop"


@pytest.fixture(scope="module")
def packaging_modules() -> Iterator[dict[str, ModuleType]]:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle
        import checksums
        import frozen_smoke

        yield {"bundle": bundle, "checksums": checksums, "frozen_smoke": frozen_smoke}
    finally:
        sys.path.remove(str(ROOT / "packaging"))


@pytest.fixture
def bundle(packaging_modules: dict[str, ModuleType]) -> ModuleType:
    return packaging_modules["bundle"]


@pytest.fixture
def checksums(packaging_modules: dict[str, ModuleType]) -> ModuleType:
    return packaging_modules["checksums"]


# ----------------------------------------------------------------------------------------- package data


def test_every_data_file_in_the_package_is_package_data() -> None:
    # A data file the globs miss would be absent from the wheel and from the frozen build (which collects the
    # same package data), while every test run from the checkout would still find it.
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = globs["prevent_desktop"]
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "no data files found: has the package moved?"
    unmatched = [rel for rel in data if not any(PurePosixPath(rel).match(pat) for pat in patterns)]
    assert unmatched == [], f"add these to [tool.setuptools.package-data] in pyproject.toml: {unmatched}"


def test_resources_are_found_through_importlib_resources() -> None:
    from prevent_desktop.domain.profile import default_profile_path
    from prevent_desktop.reports.fonts import resources_dir
    from prevent_desktop.resources import resource_path

    assert resource_path("fonts", "DejaVuSans.ttf").is_file()
    assert resources_dir() == resource_path() == PACKAGE / "resources"
    assert default_profile_path() == resource_path("profiles", "mkc-training.toml")


def test_no_code_looks_for_pyinstaller_folders_itself() -> None:
    offenders = [
        p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if "_MEIPASS" in p.read_text("utf-8")
    ]
    assert offenders == []


# ------------------------------------------------------------------------------------------- Qt modules


def _pyside_modules_imported() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.add(parts[1])
    return found


def test_the_build_keeps_exactly_the_qt_modules_the_app_imports(bundle: ModuleType) -> None:
    assert _pyside_modules_imported() == set(bundle.USED_QT_MODULES)


def test_unused_qt_modules_are_excluded(bundle: ModuleType) -> None:
    excludes = bundle.excluded_modules(["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtNetwork", "QtSvg"])
    assert "PySide6.QtNetwork" in excludes and "PySide6.QtSvg" in excludes
    assert not any(m.startswith(("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")) for m in excludes)
    assert bundle.is_excluded_module("phonenumbers.geodata.data0")
    assert not bundle.is_excluded_module("phonenumbers.data")


# ------------------------------------------------------------------------------------------------ trim


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qgif.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/Qt6Widgets.dll",
        "prevent_desktop/resources/fonts/DejaVuSans.ttf",
    ],
)
def test_what_the_app_needs_is_kept(bundle: ModuleType, dest: str) -> None:
    assert bundle.drop_reason(dest) is None


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/translations/qtbase_fr.qm",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt6Network.dll",
        "PySide6/opengl32sw.dll",
    ],
)
def test_what_the_app_does_not_use_is_left_out(bundle: ModuleType, dest: str) -> None:
    assert bundle.drop_reason(dest)


def test_required_files_are_never_left_out(bundle: ModuleType) -> None:
    for rel in bundle.required_files("linux") + bundle.required_files("win32"):
        assert bundle.drop_reason(rel) is None, rel


def test_libraries_only_a_dropped_plugin_links_are_pruned(bundle: ModuleType) -> None:
    links = {
        "/src/QtGui.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6"],
        "/src/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
        "/src/libpdfium.so": [],
    }
    entries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libfreetype.so.6", "/usr/lib/libfreetype.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # only the (dropped) GTK theme linked it
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),  # loaded by the bootloader
        ("pypdfium2_raw/libpdfium.so", "/src/libpdfium.so", "BINARY"),  # loaded by ctypes
    ]
    pruned = bundle.unneeded_libraries(entries, lambda src: links.get(src, []))
    assert set(pruned) == {"libcairo.so.2"}


def test_symlinks_to_a_dropped_file_go_with_it(bundle: ModuleType) -> None:
    binaries = [
        ("PySide6/Qt/lib/libQt6Network.so.6", "/src/n", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/c", "BINARY"),
    ]
    datas = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qt_de.qm", "/src/qm", "DATA"),
    ]
    kept_bin, kept_data, dropped = bundle.trim(binaries, datas, prune=None)
    assert [e[0] for e in kept_bin] == ["PySide6/Qt/lib/libQt6Core.so.6"]
    assert [e[0] for e in kept_data] == ["libQt6Core.so.6"]
    assert set(dropped) == {
        "PySide6/Qt/lib/libQt6Network.so.6",
        "libQt6Network.so.6",
        "PySide6/Qt/translations/qt_de.qm",
    }


# ------------------------------------------------------------------------------------ SHA256SUMS, sizes


def _fake_bundle(root: Path) -> Path:
    folder = root / "prevent-desktop"
    (folder / "_internal" / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (folder / "_internal" / "prevent_desktop" / "resources" / "fonts").mkdir(parents=True)
    (folder / "prevent-desktop").write_bytes(b"not really an executable" * 10)
    (folder / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6").write_bytes(b"q" * 3000)
    (folder / "_internal" / "prevent_desktop" / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"f" * 700)
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    return folder


def test_sha256sums_round_trip_and_every_kind_of_change(checksums: ModuleType, tmp_path: Path) -> None:
    folder = _fake_bundle(tmp_path)
    checksums.write(folder)
    assert checksums.verify(folder) == []
    listing = (folder / "SHA256SUMS").read_text()
    assert "  _internal/libQt6Core.so.6\n" in listing  # the link, as sha256sum -c reads it
    font = folder / "_internal" / "prevent_desktop" / "resources" / "fonts" / "DejaVuSans.ttf"
    font.write_bytes(b"tampered")
    (folder / "_internal" / "extra.dll").write_bytes(b"x")
    (folder / "prevent-desktop").unlink()
    assert checksums.verify(folder) == [
        "missing: prevent-desktop",
        "not in SHA256SUMS: _internal/extra.dll",
        "changed: _internal/prevent_desktop/resources/fonts/DejaVuSans.ttf",
    ]


def test_sizes_add_up_to_the_folder(bundle: ModuleType, tmp_path: Path) -> None:
    folder = _fake_bundle(tmp_path)
    groups = bundle.sizes(folder)
    assert sum(groups.values()) == bundle.total_bytes(folder) == 240 + 3000 + 700  # the link counts nothing
    assert groups["Qt libraries"] == 3000
    assert groups["our resources (fonts, profiles, schema SQL)"] == 700


# ------------------------------------------------------------------------------------------ smoke test


def test_smoke_test_allows_only_the_known_harmless_stderr(packaging_modules: dict[str, ModuleType]) -> None:
    unexpected = packaging_modules["frozen_smoke"].unexpected
    assert unexpected("This plugin does not support propagateSizeHints()\n\n") == []
    assert unexpected("qt.qpa.fonts: Populating font family aliases took 120 ms\n") == [
        "qt.qpa.fonts: Populating font family aliases took 120 ms"
    ]
