"""Running the real GUI in a process of its own (``benchmarks/gui_driver.py``) and reading back its figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.core import ROOT, Bench

TYPING_S = 2.0  # unlock: from the unlock window's paint to the click (typing four words takes longer)


def run_driver(
    bench: Bench, mode: str, folder: Path, runs: int = 1, timeout_s: float = 1800, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``python -m benchmarks.gui_driver MODE`` on ``folder``; its JSON result, or {"error": …}."""
    home = bench.scratch / f"gui-home-{mode}"
    home.mkdir(exist_ok=True)
    argv = [sys.executable, "-m", "benchmarks.gui_driver", mode, "--data-dir", str(folder), "--runs", str(runs),
            *extra]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=data.product_env(home), cwd=ROOT,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"error": f"gui_driver {mode}: no answer within {timeout_s:.0f} s"}
    lines = done.stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = done.stderr.strip().splitlines()[-3:]
        return {"error": f"gui_driver {mode} exited {done.returncode}: {' | '.join(tail)}"}
    return result
