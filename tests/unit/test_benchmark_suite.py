"""The benchmark suite keeps running (it is not timed here: no wall-clock assertion, speed lives in benchmarks/).

``python -m benchmarks --quick --only save --json FILE`` in a subprocess, on a 200-case data set built by the real
CLI into this test's own cache folder, and the JSON it writes has the documented shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"name", "project_ms", "baseline_ms", "ratio", "target", "met", "unit", "min", "max", "n", "note", "group"}


def test_quick_suite_on_a_tiny_data_set_writes_the_documented_json(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREVENT_DESKTOP_", "PREVENT_BENCH_"))}
    env.update(PREVENT_BENCH_CASES="200", PREVENT_BENCH_CACHE=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "save", "--json", str(out)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=280,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text())
    assert isinstance(figures, list)
    assert [f["name"] for f in figures] == ["save a chronology note", "save a referral draft (autosave)"]
    for f in figures:
        assert KEYS <= set(f), f
        assert f["group"] == "save" and f["unit"] == "ms"
        assert f["n"] >= 5 and isinstance(f["met"], bool) and f["target"]
        assert 0 < f["min"] <= f["project_ms"] <= f["max"]
        assert f["baseline_ms"] > 0 and f["ratio"] == pytest.approx(f["project_ms"] / f["baseline_ms"], rel=0.01)
        assert f["note"] and "failed" not in f["note"]
    assert "save a chronology note" in done.stdout  # the table
    # the data set was built once by the shipped CLI (init --demo + demo --cases) and cached where it was told
    (folder,) = (tmp_path / "cache").iterdir()
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["cases"] == 200 and folder.name.startswith("200-v")
    assert meta["kdf"]["memory_kib"] >= 65536 and meta["kdf"]["iterations"] >= 2  # the product's Argon2id


def test_unknown_figure_names_are_refused() -> None:
    from benchmarks.runner import main

    with pytest.raises(SystemExit) as exc:
        main(["--only", "no-such-figure"])
    assert exc.value.code == 2
