"""Vault size: bytes per case of the data set, and the growth after ``cases export`` → ``cases import`` into a
fresh vault (the shipped CLI both ways), with each command's peak memory (the child's maximum RSS from
``wait4``). One run: sizes are exact, and the export/import of a large vault is the slowest thing in the suite."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from benchmarks import data
from benchmarks.core import ROOT, Bench, Figure, figure

GROWTH_TARGET = 0.10


def run_measured(argv: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run a command to its end; (wall ms, peak RSS MiB). Raises with its stderr if it fails."""
    start = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    took = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[3:6])} failed ({proc.returncode}): {log.read_text()[-300:]}")
    return took, usage.ru_maxrss / 1024  # KiB on Linux


def figures(bench: Bench) -> list[Figure]:
    ds = bench.data.dataset
    rows = [figure("vault size per case", ds.db_bytes / ds.cases, None, "reported", None, unit="bytes",
                   note=f"{ds.db_bytes / 1e6:.0f} MB for {ds.cases:,} cases (+ the organisation profile)")]
    source = bench.data.fresh_copy("export")
    fresh = bench.scratch / "import-target"
    export = bench.scratch / "cases-export.json"
    home = bench.scratch / "size-home"
    home.mkdir(exist_ok=True)
    env = data.product_env(home, PREVENT_DESKTOP_PASSPHRASE=data.PASSPHRASE)
    try:
        export_ms, export_mib = run_measured(data.cli("--data-dir", str(source), "cases", "export", "-o",
                                                      str(export)), env, bench.scratch / "export.log")
        subprocess.run(data.cli("--data-dir", str(fresh), "init"), env=env, cwd=ROOT, check=True,
                       capture_output=True)
        import_ms, import_mib = run_measured(data.cli("--data-dir", str(fresh), "cases", "import", str(export)),
                                             env, bench.scratch / "import.log")
        before = (source / "vault.db").stat().st_size
        after = (fresh / "vault.db").stat().st_size
    finally:
        bench.data.drop(source)
    growth = after / before - 1
    rows.append(figure("vault growth after cases export → import", growth * 100, None,
                       f"≤ {GROWTH_TARGET * 100:g} %", growth <= GROWTH_TARGET, unit="%",
                       note=f"{before:,} → {after:,} bytes; JSON {export.stat().st_size / 1e6:.0f} MB",
                       extra={"before_bytes": before, "after_bytes": after}))
    rows.append(figure("peak memory of cases export", export_mib, None, "reported (issue 11: stream it)", None,
                       unit="MiB", note=f"took {export_ms / 1000:.1f} s"))
    rows.append(figure("peak memory of cases import", import_mib, None, "reported (issue 11: stream it)", None,
                       unit="MiB", note=f"took {import_ms / 1000:.1f} s"))
    export.unlink(missing_ok=True)
    return rows
