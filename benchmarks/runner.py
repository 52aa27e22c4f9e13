"""``python -m benchmarks [--quick] [--json FILE] [--markdown FILE] [--only NAME …]``: run the suite, print the table.

Full: 100,000 cases; ``--quick``: 10,000. ``PREVENT_BENCH_CASES=N`` (or ``--cases N``) sets another size, e.g. a
tiny one for the suite's own test. Each figure is the median of ``--runs`` (default 5, at least 5) runs or more.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from benchmarks.core import ROOT, Bench, Figure, log, rounded
from benchmarks.data import Datasets
from benchmarks.registry import FIGURES

FULL_CASES = 100_000
QUICK_CASES = 10_000
MIN_RUNS = 5


def machine() -> dict[str, Any]:
    """What the numbers were measured on (for docs/performance.md and the header of the table)."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0])
        mem = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    import PySide6
    import sqlcipher3
    from PySide6 import QtCore

    conn = sqlcipher3.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    conn.close()
    try:
        import reportlab

        rl = reportlab.Version
        try:
            import _rl_accel  # noqa: F401

            rl += " (rl-accel)"
        except ImportError:
            rl += " (no rl-accel)"
    except ImportError:
        rl = "—"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": QtCore.qVersion(),
        "sqlcipher": f"{cipher} (SQLite {sqlcipher3.sqlite_version})",
        "reportlab": rl,
        "commit": commit.strip(),
        "qpa": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }


def _num(x: float | None, unit: str) -> str:
    if x is None:
        return "—"
    r = rounded(x)
    assert r is not None
    text = f"{r:,.0f}" if abs(r) >= 100 else f"{r:g}"
    return f"{text} {unit}" if unit != "%" else f"{text} %"


def _met(f: Figure) -> str:
    return "—" if f.met is None else ("yes" if f.met else "NO")


def rows_for(figures: list[Figure]) -> list[list[str]]:
    out = []
    for f in figures:
        spread = f"{_num(f.min, '').strip()}–{_num(f.max, f.unit)}" if f.min is not None else ""
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        out.append([f.name, _num(f.project_ms, f.unit), _num(f.baseline_ms, f.unit), ratio, f.target, _met(f),
                    str(f.n), spread, f.note])
    return out


HEADER = ["figure", "project", "baseline", "ratio", "target", "met", "n", "min–max", "note"]


def text_table(figures: list[Figure]) -> str:
    rows = [HEADER, *rows_for(figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    lines = []
    for r in rows:
        cells = "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True))
        lines.append(cells + ("  " + r[-1] if r[-1] else ""))
    return "\n".join(lines)


def markdown_table(figures: list[Figure]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for r in rows_for(figures):
        r[5] = "**NO**" if r[5] == "NO" else r[5]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    return "\n".join(lines)


def describe(info: dict[str, Any], bench: Bench, took_s: float, load: tuple[float, float]) -> str:
    return (f"{'quick' if bench.quick else 'full'} run, {bench.cases:,} cases, {bench.runs} runs per figure "
            f"(more for fast ones); {took_s / 60:.1f} min; {info['date']}, commit {info['commit']}\n"
            f"{info['cpu']}, {info['cores']} cores, {info['memory']} RAM, {info['os']}; load average "
            f"{load[0]:.1f} at start, {load[1]:.1f} at end\n"
            f"Python {info['python']}, PySide6 {info['pyside6']} (Qt {info['qt']}), SQLCipher {info['sqlcipher']}, "
            f"ReportLab {info['reportlab']}; QT_QPA_PLATFORM={info['qpa']}")


def main(argv: list[str] | None = None) -> int:
    names = [name for name, _fn in FIGURES]
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CASES:,} cases instead of {FULL_CASES:,}")
    parser.add_argument("--json", metavar="FILE", type=Path, help="write the figures as a JSON list")
    parser.add_argument("--markdown", metavar="FILE", type=Path, help="write the table and machine as Markdown")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=names, help=f"only these: {', '.join(names)}")
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"runs per figure (at least {MIN_RUNS})")
    parser.add_argument("--cases", type=int, help="data set size (default: 100,000; 10,000 with --quick)")
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    env_cases = os.environ.get("PREVENT_BENCH_CASES")
    cases = args.cases or (int(env_cases) if env_cases else (QUICK_CASES if args.quick else FULL_CASES))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="prevent-bench."))
    bench = Bench(quick=args.quick, cases=cases, runs=args.runs, scratch=scratch)
    bench.data = Datasets(cases, scratch)
    selected = [(n, fn) for n, fn in FIGURES if not args.only or n in args.only]
    info = machine()
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    figures: list[Figure] = []
    try:
        for name, fn in selected:
            log(f"{name} …")
            t0 = time.perf_counter()
            try:
                rows = fn(bench)
            except Exception as exc:  # one broken figure must not hide the others
                traceback.print_exc(file=sys.stderr)
                rows = [Figure(name, None, None, None, "", None, note=f"failed: {type(exc).__name__}: {exc}"[:300])]
            took = time.perf_counter() - t0
            for row in rows:
                row.group = name
                row.extra.setdefault("group_s", round(took, 1))
            figures += rows
            log(f"{name}: {took:.1f} s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    took_s = time.perf_counter() - started
    header = describe(info, bench, took_s, (load_start, os.getloadavg()[0]))
    print(header)
    print()
    print(text_table(figures))
    if args.json:
        args.json.write_text(json.dumps([f.to_json() for f in figures], indent=1, ensure_ascii=False) + "\n")
    if args.markdown:
        groups = ", ".join(f"{n} {next(f.extra['group_s'] for f in figures if f.group == n):.0f} s"
                           for n, _ in selected)
        args.markdown.write_text(header.replace("\n", "  \n") + "  \nTime per figure: " + groups + "\n\n"
                                 + markdown_table(figures) + "\n")
    return 0
