"""What goes into the frozen one-folder build, what is left out and why, and how big each part is.

One home for these rules: the PyInstaller spec trims with them, the frozen smoke test checks the folder against
them, tests/unit/test_packaging.py checks them against what the source really imports, and

    python packaging/bundle.py sizes dist/prevent-desktop [--json]

prints the folder's bytes grouped by component. Plain Python (no PyInstaller import at module level) so the tests
and the smoke test can import it from the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

APP_NAME = "prevent-desktop"
SIZE_LIMIT_MIB = 200

# The Qt modules the app imports (tests/unit/test_packaging.py checks this against every `import PySide6.X` in
# prevent_desktop/). Every other PySide6 module is excluded, with its Qt libraries and plugins.
USED_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")

# Python packages the app never imports but that PyInstaller would follow into: optional imports of our
# dependencies (pikepdf's XMP metadata needs lxml: we never call open_metadata; pypdfium2's numpy output), Pillow's
# Qt/Tk bridges and AVIF codec (ReportLab imports Pillow, we embed no images), unused phonenumbers data, and tools
# that live in the same venv.
EXCLUDED_PACKAGES = (
    "tkinter",
    "_tkinter",
    "idlelib",
    "lib2to3",
    "ensurepip",
    "test",
    "pip",
    "setuptools",
    "pkg_resources",
    "distutils",
    "multiprocessing",  # nothing spawns processes; excluding it also drops PyInstaller's multiprocessing start-up hook
    "lxml",
    "numpy",
    # phonenumbers' hook collects every submodule; the app parses, validates and formats numbers only (the
    # geocoder, carrier and time-zone data are 45 MB of source and most of the build's analysis time).
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
    "PIL.ImageQt",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "grimp",
    "pypdf",
    "IPython",
    "tests",
    "benchmarks",
)

# Qt plugins kept, by folder and file stem (without "lib" and extension). Every other plugin folder is left out:
# wayland/eglfs/linuxfb/vnc/minimal platforms, network information and TLS backends (the app has no network),
# SVG icon engine, evdev/tuio input, GTK platform theme (it pulls in the whole GTK/cairo/pango stack).
ALL = frozenset({"*"})
KEEP_PLUGINS: dict[str, frozenset[str]] = {
    # offscreen: the smoke test and headless runs; xcb: X11 desktops (and XWayland); windows: the product.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    # Dead keys / compose and IBus input methods on Linux: accented names must be typeable.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    "xcbglintegrations": ALL,
    # Printing (CUPS on Linux; Windows prints through Qt's built-in backend).
    "printsupport": ALL,
    # Evidence images shown in the action plan: PNG and BMP are built into QtGui; photos and scans need these.
    "imageformats": frozenset({"qjpeg", "qgif", "qwebp", "qtiff"}),
    # Windows' native look (qmodernwindowsstyle).
    "styles": ALL,
}

# Qt libraries left out by name (stem without "lib"/version/extension) although some Qt file links them: they
# serve only modules and plugins left out above. On Linux anything no kept binary links is also pruned
# (`unneeded_libraries`); on Windows this list is the whole rule.
DROP_QT_LIBRARIES = frozenset(
    {
        "Qt6Network",
        "Qt6Svg",
        "Qt6SvgWidgets",
        "Qt6Qml",
        "Qt6QmlMeta",
        "Qt6QmlModels",
        "Qt6QmlWorkerScript",
        "Qt6Quick",
        "Qt6OpenGLWidgets",
        "Qt6Pdf",
        "Qt6VirtualKeyboard",
        "Qt6WaylandClient",
        "Qt6WaylandEglClientHwIntegration",
        "Qt6WlShellIntegration",
        "Qt6EglFSDeviceIntegration",
        "Qt6EglFsKmsSupport",
        "Qt6EglFsKmsGbmSupport",
        "opengl32sw",  # Windows: Mesa's 20 MB software OpenGL; widgets paint with the raster engine
    }
)

# What the folder must hold, relative to _internal/ (checked by the smoke test: a missing one fails it).
REQUIRED_COMMON = (
    "prevent_desktop/resources/fonts/DejaVuSans.ttf",
    "prevent_desktop/resources/fonts/DejaVuSans-Bold.ttf",
    "prevent_desktop/resources/fonts/DejaVuSans-Oblique.ttf",
    "prevent_desktop/resources/fonts/DejaVuSans-BoldOblique.ttf",
    "prevent_desktop/resources/fonts/LICENSE-DejaVu.txt",
    "prevent_desktop/resources/profiles/mkc-training.toml",
    "prevent_desktop/resources/help/help.html",
    "prevent_desktop/storage/schema/0001_core.sql",
)
REQUIRED_LINUX = (
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
)
REQUIRED_WINDOWS = (
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/imageformats/qjpeg.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
)


def is_windows(platform: str | None = None) -> bool:
    return (platform or sys.platform) == "win32"


def required_files(platform: str | None = None) -> tuple[str, ...]:
    return REQUIRED_COMMON + (REQUIRED_WINDOWS if is_windows(platform) else REQUIRED_LINUX)


def excluded_modules(available_qt_modules: Iterable[str]) -> list[str]:
    """Everything for PyInstaller's ``excludes=``: our list plus every PySide6 module the app does not use."""
    unused = sorted(f"PySide6.{name}" for name in available_qt_modules if name not in USED_QT_MODULES)
    return [*EXCLUDED_PACKAGES, *unused]


def _stem(filename: str) -> str:
    """``libqxcb.so`` -> ``qxcb``; ``libQt6Network.so.6`` -> ``Qt6Network``; ``qwindows.dll`` -> ``qwindows``."""
    name = filename.split(".", 1)[0]
    return name[3:] if name.startswith("lib") else name


def drop_reason(dest: str) -> str | None:
    """Why a file at ``dest`` (its path inside the bundle) is left out, or None to keep it."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "translations" in parts[:3] and parts[0] == "PySide6":
        return "Qt translations (the app's text is its own, in English)"
    if "plugins" in parts and parts[0] == "PySide6":
        at = parts.index("plugins")
        if len(parts) > at + 2:
            folder, stem = parts[at + 1], _stem(parts[-1])
            keep = KEEP_PLUGINS.get(folder)
            if keep is None:
                return f"Qt plugin folder {folder}/ not used"
            if keep is not ALL and stem not in keep:
                return f"Qt plugin {folder}/{stem} not used"
            return None
    if parts and _stem(parts[-1]) in DROP_QT_LIBRARIES:
        return f"Qt library {_stem(parts[-1])} serves only modules or plugins left out"
    if parts and parts[0] in ("tests", "benchmarks"):
        return "tests and benchmarks are not shipped"
    return None


def _is_pruning_candidate(dest: str, kind: str) -> bool:
    """Shared libraries that are only there because something links them (not imported, not a plugin)."""
    if kind != "BINARY":
        return False
    parts = PurePosixPath(dest).parts
    if len(parts) == 1:
        return not parts[0].startswith("libpython")  # the bootloader loads libpython itself
    return parts[:3] == ("PySide6", "Qt", "lib") or parts[0].endswith(".libs")


Entry = tuple[str, str, str]  # a PyInstaller TOC entry: (dest, source, typecode)


def unneeded_libraries(entries: Iterable[Entry], imports_of: Callable[[str], Iterable[str]]) -> dict[str, str]:
    """Linux: shared libraries in the TOC that no kept binary links (directly or not), dest -> reason.

    ``entries`` are PyInstaller TOC entries after ``drop_reason`` trimming; ``imports_of(source)`` names the
    libraries a binary links (PyInstaller's ``bindepend.get_imports``). Roots are Python extension modules, Qt
    plugins, libpython and libraries inside a package that load by path (pypdfium2's pdfium); a candidate
    survives only if a root links it.
    """
    binaries = [(d, s, k) for d, s, k in entries if k in ("BINARY", "EXTENSION")]
    by_name: dict[str, list[tuple[str, str]]] = {}
    for dest, source, _kind in binaries:
        by_name.setdefault(PurePosixPath(dest).name, []).append((dest, source))
    queue = [(d, s) for d, s, k in binaries if not _is_pruning_candidate(d, k)]
    needed = {d for d, _ in queue}
    while queue:
        _dest, source = queue.pop()
        for name in imports_of(source):
            for dest, src in by_name.get(PurePosixPath(name).name, []):
                if dest not in needed:
                    needed.add(dest)
                    queue.append((dest, src))
    return {d: "no kept binary links it" for d, _s, k in binaries if _is_pruning_candidate(d, k) and d not in needed}


def trim(
    binaries: list[Entry], datas: list[Entry], *, prune: Callable[[list[Entry]], dict[str, str]] | None
) -> tuple[list[Entry], list[Entry], dict[str, str]]:
    """Apply ``drop_reason`` (and ``prune`` if given) to the binaries and datas TOCs; symlinks to a dropped file
    (PyInstaller lists them among the datas) go too. Returns the kept binaries, kept datas and dest -> reason."""
    everything = binaries + datas
    dropped = {d: r for d, _s, _k in everything if (r := drop_reason(d))}
    if prune is not None:
        dropped.update(prune([e for e in binaries if e[0] not in dropped]))
    real = {d for d, _s, k in everything if k != "SYMLINK" and d not in dropped}
    for dest, target, kind in everything:
        if kind == "SYMLINK" and dest not in dropped and target not in real:
            dropped[dest] = f"symlink to {target}, left out"
    return [e for e in binaries if e[0] not in dropped], [e for e in datas if e[0] not in dropped], dropped


# ------------------------------------------------------------------------------------------------ sizes

STDLIB = frozenset(sys.stdlib_module_names)


def _component(rel: str) -> str:
    """The component a file belongs to, by its path relative to the bundle folder."""
    p = rel.replace("\\", "/")
    name = p.rsplit("/", 1)[-1]
    inner = p.split("/", 1)[1] if p.startswith("_internal/") else p
    top = inner.split("/", 1)[0]
    if p == "SHA256SUMS":
        return "checksums (SHA256SUMS)"
    if inner.startswith(("prevent_desktop/resources/", "prevent_desktop/storage/schema/")):
        return "our resources (fonts, profiles, schema SQL)"
    if top == "PySide6" or name.startswith(("libQt6", "Qt6", "libicu", "icu", "libpyside6", "pyside6")):
        if "/translations/" in p:
            return "Qt translations"
        if "/plugins/" in p:
            return "Qt plugins"
        if name.startswith(("libicu", "icu")):
            return "Qt libraries: ICU (Unicode data)"
        if name.startswith(("libQt6", "Qt6", "opengl32sw", "d3dcompiler")):
            return "Qt libraries"
        return "PySide6 bindings"
    if top in ("shiboken6",) or name.startswith(("libshiboken6", "shiboken6")):
        return "PySide6 bindings"
    if name.startswith(("libpython", "python3")) or top in ("base_library.zip", "python3.11", "lib-dynload"):
        return "Python runtime and stdlib extensions"
    if name.endswith(".pyd") and "/" not in inner and name.split(".")[0].lstrip("_") in STDLIB | {"ssl", "ctypes"}:
        return "Python runtime and stdlib extensions"
    if top.startswith("sqlcipher3"):
        return "SQLCipher (sqlcipher3)"
    if top.startswith(("cryptography", "argon2", "_argon2", "_cffi_backend", "libcrypto", "libssl")):
        return "crypto (cryptography, Argon2, OpenSSL)"
    if top.startswith(("reportlab", "_rl_accel", "PIL", "pillow", "pikepdf", "pypdfium2")):
        return "PDF (ReportLab, Pillow, pikepdf/qpdf, pdfium)"
    if "/" not in inner and (".so" in name or name.endswith(".dll")):
        return "system libraries (X11/xcb, fontconfig, glib, CUPS, ...)"
    return "other Python packages (phonenumbers, vobject, ...)"


def _files(folder: Path) -> Iterator[tuple[str, int]]:
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            full = Path(dirpath) / n
            if full.is_symlink():
                continue
            yield full.relative_to(folder).as_posix(), full.stat().st_size


def archived_modules(exe: Path) -> dict[str, int] | None:
    """The Python modules in the executable's embedded archive (name -> compressed bytes); None if unreadable."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    try:
        archive = CArchiveReader(str(exe))
        pyz_name = next(n for n, entry in archive.toc.items() if entry[-1] == "z")
        pyz = archive.open_embedded_archive(pyz_name)
        return {module: int(entry[2]) for module, entry in pyz.toc.items()}
    except Exception:  # not a PyInstaller executable, or a reader from another PyInstaller version
        return None


def startup_scripts(exe: Path) -> list[str] | None:
    """The scripts the bootloader runs before the app (run-time hooks, then the entry point); None if unreadable."""
    try:
        from PyInstaller.archive.readers import CArchiveReader

        return [name for name, entry in CArchiveReader(str(exe)).toc.items() if entry[-1] == "s"]
    except Exception:  # PyInstaller not installed, or another version's format
        return None


def is_excluded_module(module: str) -> bool:
    return any(module == ex or module.startswith(ex + ".") for ex in EXCLUDED_PACKAGES)


def _executable_parts(exe: Path) -> dict[str, int] | None:
    """Split the executable: the Python modules in its embedded archive (ours, stdlib, third-party), the rest."""
    modules = archived_modules(exe)
    if modules is None:
        return None
    parts = {"Python modules: ours (prevent_desktop)": 0, "Python modules: stdlib": 0, "Python modules: deps": 0}
    for module, size in modules.items():
        top = module.split(".", 1)[0]
        if top == "prevent_desktop":
            parts["Python modules: ours (prevent_desktop)"] += size
        elif top in STDLIB:
            parts["Python modules: stdlib"] += size
        else:
            parts["Python modules: deps"] += size
    parts["executable (bootloader)"] = exe.stat().st_size - sum(parts.values())
    return parts


def unresolved_libraries(folder: Path) -> list[str]:
    """Linux: every shared library a bundled ELF file links that the loader cannot find, as the app would look
    (the bootloader puts _internal/ first on LD_LIBRARY_PATH). Catches a library trimmed that something needs."""
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    inner = folder / "_internal"
    elves = []
    for path in [folder / APP_NAME, *inner.rglob("*")]:
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    elves.append(path)
    env = dict(os.environ, LD_LIBRARY_PATH=str(inner))

    def missing(path: Path) -> list[str]:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        rel = path.relative_to(folder).as_posix()
        return [f"{rel}: {ln.split()[0]}" for ln in out.splitlines() if "not found" in ln]

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [line for lines in pool.map(missing, elves) for line in lines]


def sizes(folder: Path) -> dict[str, int]:
    """Bytes per component (symlinks count nothing); the values add up to the folder's total."""
    groups: dict[str, int] = {}
    for rel, size in _files(folder):
        if "/" not in rel and rel != "SHA256SUMS":  # the executable(s) beside _internal/
            split = _executable_parts(folder / rel)
            if split is not None:
                for key, value in split.items():
                    groups[key] = groups.get(key, 0) + value
                continue
            key = "executable (bootloader + Python modules)"
        else:
            key = _component(rel)
        groups[key] = groups.get(key, 0) + size
    return dict(sorted(groups.items(), key=lambda kv: -kv[1]))


def total_bytes(folder: Path) -> int:
    return sum(size for _rel, size in _files(folder))


def mib(n: int) -> float:
    return n / (1024 * 1024)


def report(folder: Path) -> str:
    groups = sizes(folder)
    total = sum(groups.values())
    width = max(len(k) for k in groups)
    lines = [f"{'component':<{width}}  {'MiB':>7}  share"]
    lines += [f"{k:<{width}}  {mib(v):7.1f}  {100 * v / total:4.1f}%" for k, v in groups.items()]
    lines.append(f"{'total':<{width}}  {mib(total):7.1f}  (limit {SIZE_LIMIT_MIB} MiB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sizes", help="the folder's bytes grouped by component")
    p.add_argument("folder", type=Path)
    p.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps({"total_bytes": total_bytes(args.folder), "components": sizes(args.folder)}, indent=2))
    else:
        print(report(args.folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
