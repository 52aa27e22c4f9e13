"""SHA256SUMS for the whole one-folder build: written at build time, verified by the smoke test and by IT.

    python packaging/checksums.py write dist/prevent-desktop     # after signing, before packing the installer
    python packaging/checksums.py verify dist/prevent-desktop

The file is in the format of GNU ``sha256sum`` (``<hex>  <path>``, paths relative to the folder, ``/`` separated),
so on Linux ``cd dist/prevent-desktop && sha256sum -c SHA256SUMS`` checks it too; packaging/README.md gives the
PowerShell equivalent. Symbolic links are listed as the file they point to (that is what ``sha256sum`` reads).
Verification also fails on a file the list does not name: a folder that gained a file is not the folder built.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

NAME = "SHA256SUMS"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def files(folder: Path) -> list[str]:
    """Every file in ``folder`` (relative, ``/`` separated, sorted), except SHA256SUMS itself."""
    found = []
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            rel = (Path(dirpath) / n).relative_to(folder).as_posix()
            if rel != NAME:
                found.append(rel)
    return sorted(found)


def write(folder: Path) -> Path:
    dangling = [rel for rel in files(folder) if not (folder / rel).exists()]
    if dangling:  # a symbolic link to a file the build left out: the folder is broken, say which
        raise SystemExit(f"cannot write {NAME}: these links point at nothing: {dangling}")
    lines = [f"{_digest(folder / rel)}  {rel}\n" for rel in files(folder)]
    target = folder / NAME
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def verify(folder: Path) -> list[str]:
    """Problems found (empty when every file matches and nothing is missing or extra)."""
    listing = folder / NAME
    if not listing.is_file():
        return [f"{NAME} is missing"]
    expected: dict[str, str] = {}
    problems = []
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{NAME} line {number} is not '<sha256>  <path>'")
            continue
        expected[rel] = digest
    present = set(files(folder))
    for rel in sorted(expected.keys() - present):
        problems.append(f"missing: {rel}")
    for rel in sorted(present - expected.keys()):
        problems.append(f"not in {NAME}: {rel}")
    for rel in sorted(expected.keys() & present):
        try:
            same = _digest(folder / rel) == expected[rel]
        except OSError as exc:  # e.g. a symbolic link whose target is gone
            problems.append(f"unreadable: {rel} ({exc.strerror})")
            continue
        if not same:
            problems.append(f"changed: {rel}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "verify"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "write":
        print(f"wrote {write(folder)} ({len(files(folder))} files)")
        return 0
    problems = verify(folder)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{NAME}: all {len(files(folder))} files match")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
