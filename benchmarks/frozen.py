"""The frozen build's figures (``bench_frozen.figures()``: first paint of the set-up and unlock windows against a
bare PySide6 window, and the unpacked size), when a built ``dist/prevent-desktop`` exists; skipped otherwise."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

from benchmarks.core import ROOT, Bench, Figure, skipped


def folder() -> Path:
    return Path(os.environ.get("PREVENT_BENCH_FROZEN", ROOT / "dist" / "prevent-desktop"))


def figures(bench: Bench) -> list[Figure]:
    where = folder()
    exe = where / "prevent-desktop"
    if not exe.exists():
        return [skipped("frozen build: first paint and size", "see bench_frozen.py",
                        f"skipped: no built {where} (bash packaging/build.sh)")]
    from benchmarks import bench_frozen

    rows = []
    for r in bench_frozen.figures(where, runs=bench.runs):
        row = asdict(r)
        timed = row["unit"] == "ms"
        rows.append(Figure(**row, n=bench.runs if timed else 1,
                           note="median; baseline: a bare window painted by the venv's Python" if timed else ""))
    return rows
