"""Frozen build: time to the first painted window and the folder's size, against a baseline from the same run.

    .venv/bin/python benchmarks/bench_frozen.py [dist/prevent-desktop] [--runs N] [--markdown]

The baseline for start-up is a bare PySide6 window (``startup.BARE``: a QLabel, no app code, not frozen)
painted by the venv's Python in the same run, interleaved with the frozen runs so machine noise hits both alike.
``figures()`` returns the rows for the benchmark table (docs/performance.md); ``python -m benchmarks`` calls it
(``benchmarks/frozen.py``) when a built ``dist/prevent-desktop`` exists.
Build the folder first: ``bash packaging/build.sh``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

import bundle  # noqa: E402

from benchmarks.startup import BARE, measure  # noqa: E402

PASSPHRASE = "orbit lantern cactus meadow 47"
# Targets: frozen start-up may cost at most as much again as a bare Qt window (the frozen archive is read and
# unzipped, the app's own imports run); the unpacked folder stays within the 200 MiB.
PAINT_RATIO_TARGET = 2.0


@dataclass(frozen=True)
class Figure:
    """One row of the benchmark table. Values are in ``unit`` (ms for times; the size row uses MiB)."""

    name: str
    project_ms: float
    baseline_ms: float | None
    ratio: float | None
    target: str
    met: bool
    unit: str = "ms"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREVENT_DESKTOP_")}
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["HOME"] = str(tmp / "home")
    return env


def figures(folder: Path, runs: int = 5) -> list[Figure]:
    """Frozen paint (set-up and unlock windows) against a bare PySide6 window, and the folder's size."""
    exe = folder / ("prevent-desktop-cli.exe" if sys.platform == "win32" else "prevent-desktop")
    with tempfile.TemporaryDirectory(prefix="prevent-bench-frozen.") as tmp_name:
        tmp = Path(tmp_name)
        env = _env(tmp)
        vault = tmp / "vault"
        subprocess.run(  # real product KDF: the unlock window is what a DSO sees every morning
            [str(exe), "--data-dir", str(vault), "init", "--passphrase-stdin"],
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        bare_argv = [sys.executable, "-c", BARE]
        setup_argv = [str(exe), "--data-dir", str(tmp / "new"), "--smoke-test"]
        unlock_argv = [str(exe), "--data-dir", str(vault), "--smoke-test"]
        for argv in (bare_argv, setup_argv, unlock_argv):  # warm the file cache
            measure(argv, env)
        bare: list[float] = []
        setup: list[float] = []
        unlock: list[float] = []
        for _ in range(runs):
            bare.append(measure(bare_argv, env))
            setup.append(measure(setup_argv, env))
            unlock.append(measure(unlock_argv, env))
    b = statistics.median(bare)
    rows = []
    for name, values in (("frozen first paint: set-up window", setup), ("frozen first paint: unlock window", unlock)):
        m = statistics.median(values)
        ratio = m / b
        target = f"ratio <= {PAINT_RATIO_TARGET}"
        rows.append(Figure(name, round(m), round(b), round(ratio, 2), target, ratio <= PAINT_RATIO_TARGET))
    size = bundle.mib(bundle.total_bytes(folder))
    rows.append(
        Figure(
            "frozen bundle size (unpacked)",
            round(size, 1),
            None,
            None,
            f"<= {bundle.SIZE_LIMIT_MIB} MiB",
            size <= bundle.SIZE_LIMIT_MIB,
            unit="MiB",
        )
    )
    return rows


def markdown(rows: list[Figure]) -> str:
    lines = ["| figure | project | baseline | ratio | target | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        base = f"{r.baseline_ms:g} {r.unit}" if r.baseline_ms is not None else "—"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        met = "yes" if r.met else "**no**"
        lines.append(f"| {r.name} | {r.project_ms:g} {r.unit} | {base} | {ratio} | {r.target} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / "prevent-desktop")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print the rows as a docs/performance.md table")
    args = parser.parse_args()
    rows = figures(args.folder.resolve(), args.runs)
    if args.markdown:
        print(markdown(rows))
    else:
        for r in rows:
            print(asdict(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
