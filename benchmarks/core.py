"""What every figure is made of: the row type, timing with same-run baselines, and the run's context.

A figure function takes a :class:`Bench` and returns a list of :class:`Figure` rows. Values are in ``unit``
(milliseconds unless said otherwise; the JSON keeps the key names ``project_ms``/``baseline_ms`` for every unit,
as ``benchmarks/bench_frozen.py`` always has).
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Stats:
    """N measurements of one thing (ms or ``unit``): the figure is the median, shown with min and max."""

    values: list[float]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)


@dataclass
class Figure:
    """One row of the table. ``met`` is None where there is no target (a size reported) or nothing was measured
    (skipped, failed: ``note`` says why)."""

    name: str
    project_ms: float | None
    baseline_ms: float | None
    ratio: float | None
    target: str
    met: bool | None
    unit: str = "ms"
    min: float | None = None
    max: float | None = None
    n: int = 0
    baseline_min: float | None = None
    baseline_max: float | None = None
    note: str = ""
    group: str = ""  # the registered function that made it (what --only selects)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def rounded(x: float | None, digits: int = 3) -> float | None:
    """Round to ``digits`` significant figures (never to zero for a small time)."""
    if x is None or x == 0 or not math.isfinite(x):
        return x
    return round(x, max(0, digits - 1 - math.floor(math.log10(abs(x)))))


def figure(
    name: str,
    project: Stats | float | None,
    baseline: Stats | float | None,
    target: str,
    met: bool | None,
    *,
    unit: str = "ms",
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Figure:
    """A row from measurements: medians, min/max, n, and the ratio project / baseline."""
    p = project.median if isinstance(project, Stats) else project
    b = baseline.median if isinstance(baseline, Stats) else baseline
    ratio = p / b if p is not None and b else None
    return Figure(
        name=name,
        project_ms=rounded(p),
        baseline_ms=rounded(b),
        ratio=rounded(ratio),
        target=target,
        met=met,
        unit=unit,
        min=rounded(project.min) if isinstance(project, Stats) else None,
        max=rounded(project.max) if isinstance(project, Stats) else None,
        n=project.n if isinstance(project, Stats) else (1 if p is not None else 0),
        baseline_min=rounded(baseline.min) if isinstance(baseline, Stats) else None,
        baseline_max=rounded(baseline.max) if isinstance(baseline, Stats) else None,
        note=note,
        extra=extra or {},
    )


def skipped(name: str, target: str, why: str, unit: str = "ms") -> Figure:
    return Figure(name, None, None, None, target, None, unit=unit, note=why)


def timed_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def interleaved(
    project: Callable[[], Any], baseline: Callable[[], Any], runs: int, warmup: int = 1
) -> tuple[Stats, Stats]:
    """Time both ``runs`` times, alternating, so machine noise (other jobs on a shared machine) hits both alike."""
    for _ in range(warmup):
        project()
        baseline()
    p: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        p.append(timed_ms(project)[0])
        b.append(timed_ms(baseline)[0])
    return Stats(p), Stats(b)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass
class Bench:
    """The run's settings and shared resources, handed to every figure function."""

    quick: bool
    cases: int
    runs: int
    scratch: Path
    data: Any = None  # benchmarks.data.Datasets (built lazily: a figure that needs no vault never waits for one)

    def runs_for(self, cheap: bool = False) -> int:
        """Fast operations take more samples (their noise is relatively larger); never fewer than ``runs``."""
        return max(self.runs, 21) if cheap else self.runs
