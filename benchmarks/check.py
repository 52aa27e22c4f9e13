"""``prevent-desktop check`` (the shipped CLI: unlock with the product's Argon2id, page HMACs, integrity, schema,
key slots), against a bare program doing the same parts once: start Python, unwrap the key from the slot file
(Argon2id + AES-GCM), open a bare sqlcipher3 connection with the raw key and the product's pragmas, run
``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``. Both are timed from outside, start to exit."""

from __future__ import annotations

import json
import subprocess
import sys
import time

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


def figures(bench: Bench) -> list[Figure]:
    folder = bench.data.fresh_copy("check")
    home = bench.scratch / "check-home"
    home.mkdir(exist_ok=True)
    env = data.product_env(home, PREVENT_DESKTOP_PASSPHRASE=data.PASSPHRASE)
    project: list[float] = []
    bare: list[float] = []
    checks: list[float] = []
    try:
        for _ in range(bench.runs):
            start = time.perf_counter()
            done = subprocess.run(data.cli("--data-dir", str(folder), "check"), capture_output=True, text=True,
                                  env=env, cwd=ROOT)
            project.append((time.perf_counter() - start) * 1000)
            if done.returncode != 0 or "ok" not in done.stdout.split():
                raise RuntimeError(f"check failed ({done.returncode}): {done.stderr.strip()[-300:]}")
            start = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", BARE, str(folder)], capture_output=True, text=True,
                                 env=env, cwd=ROOT, check=True).stdout
            bare.append((time.perf_counter() - start) * 1000)
            checks.append(json.loads(out.strip().splitlines()[-1])["checks_ms"])
    finally:
        bench.data.drop(folder)
    p, b = Stats(project), Stats(bare)
    return [figure(f"check ({bench.cases:,} cases)", p, b, f"≤ {RATIO_TARGET:g} × bare unlock + the two checks",
                   p.median <= RATIO_TARGET * b.median,
                   note=f"both from process start to exit; the two PRAGMAs alone {Stats(checks).median:.0f} ms")]
