"""``prevent-desktop check`` (the shipped CLI: unlock with the product's Argon2id, page HMACs, integrity, schema,
key slots), against a bare program doing the same parts once: start Python, unwrap the key from the slot file
(Argon2id + AES-GCM), open a bare sqlcipher3 connection with the raw key and the product's pragmas, run
``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``. Both are timed from outside, start to exit.

Where the machine has two cores or more, each run starts the two side by side, each on a copy of its own: both are
one thread after the derivation (SQLite's checks), so each has a core, and the pair shares whatever else the machine
does at that moment. At 100,000 cases a run is ~65-80 s of SQLCipher's integrity checks each, so ten one after the
other were half the full suite's 15 minutes; side by side they are five."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import data
from benchmarks.core import ROOT, Bench, Figure, Stats, figure

RATIO_TARGET = 1.2
BARE = r"""
import json, sys, time
from pathlib import Path
from benchmarks import data
folder = Path(sys.argv[1])
t0 = time.perf_counter()
conn = data.bare_connect(folder / "vault.db", data.bare_key(folder))
t1 = time.perf_counter()
bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
ok = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
t2 = time.perf_counter()
print(json.dumps({"unlock_ms": (t1 - t0) * 1000, "checks_ms": (t2 - t1) * 1000, "ok": not bad and ok == ["ok"]}))
"""


def _timed(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], float]:
    start = time.perf_counter()
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT), start


def _finish(run: tuple[subprocess.Popen[str], float]) -> tuple[int, str, str, float]:
    proc, start = run
    out, err = proc.communicate()
    return proc.returncode, out, err, (time.perf_counter() - start) * 1000


def _one_run(product: Path, bare_copy: Path, env: dict[str, str], side_by_side: bool) -> tuple[float, float, float]:
    """One project check and one bare check: (project ms, bare ms, the bare's two PRAGMAs ms)."""
    project_argv = data.cli("--data-dir", str(product), "check")
    bare_argv = [sys.executable, "-c", BARE, str(bare_copy)]
    if side_by_side:
        p_run, b_run = _timed(project_argv, env), _timed(bare_argv, env)
        p_code, p_out, p_err, p_ms = _finish(p_run)
        b_code, b_out, b_err, b_ms = _finish(b_run)
    else:
        p_code, p_out, p_err, p_ms = _finish(_timed(project_argv, env))
        b_code, b_out, b_err, b_ms = _finish(_timed(bare_argv, env))
    if p_code != 0 or "ok" not in p_out.split():
        raise RuntimeError(f"check failed ({p_code}): {p_err.strip()[-300:]}")
    if b_code != 0:
        raise RuntimeError(f"the bare check failed ({b_code}): {b_err.strip()[-300:]}")
    result = json.loads(b_out.strip().splitlines()[-1])
    if not result["ok"]:
        raise RuntimeError("the bare check found problems in the data set")
    return p_ms, b_ms, float(result["checks_ms"])


def figures(bench: Bench) -> list[Figure]:
    folder = bench.data.fresh_copy("check")
    bare_copy = bench.data.fresh_copy("check-bare")  # its own: the product's check writes its unlock to the log
    home = bench.scratch / "check-home"
    home.mkdir(exist_ok=True)
    env = data.product_env(home, PREVENT_DESKTOP_PASSPHRASE=data.PASSPHRASE)
    side_by_side = (os.cpu_count() or 1) >= 2
    project: list[float] = []
    bare: list[float] = []
    checks: list[float] = []
    try:
        for _ in range(bench.runs):
            p_ms, b_ms, c_ms = _one_run(folder, bare_copy, env, side_by_side)
            project.append(p_ms)
            bare.append(b_ms)
            checks.append(c_ms)
    finally:
        bench.data.drop(folder)
        bench.data.drop(bare_copy)
    p, b = Stats(project), Stats(bare)
    how = "side by side, each on its own copy" if side_by_side else "one after the other (one core)"
    return [figure(f"check ({bench.cases:,} cases)", p, b, f"≤ {RATIO_TARGET:g} × bare unlock + the two checks",
                   p.median <= RATIO_TARGET * b.median,
                   note=f"both from process start to exit, {how}; the two PRAGMAs alone "
                        f"{Stats(checks).median:.0f} ms")]
