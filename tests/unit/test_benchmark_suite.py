"""The benchmark suite keeps running (it is not timed here: no wall-clock assertion, speed lives in benchmarks/).

``python -m benchmarks --quick --only save --json FILE`` in a subprocess, on a 200-case data set built by the real
CLI into this module's own cache folder, writes the documented JSON; and the GUI driver behind the unlock, lock,
scroll and GUI search figures still drives the real app (one unlock)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"name", "project_ms", "baseline_ms", "ratio", "target", "met", "unit", "min", "max", "n", "note", "group"}


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREVENT_DESKTOP_", "PREVENT_BENCH_"))}
    env.update(PREVENT_BENCH_CASES="200", PREVENT_BENCH_CACHE=str(cache), QT_QPA_PLATFORM="offscreen")
    return env


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "save", "--json", str(out)],
        capture_output=True, text=True, env=_env(tmp / "cache"), cwd=ROOT, timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {"figures": json.loads(out.read_text()), "stdout": done.stdout, "cache": tmp / "cache", "tmp": tmp}


def test_quick_suite_on_a_tiny_data_set_writes_the_documented_json(quick_run: dict[str, Any]) -> None:
    figures = quick_run["figures"]
    assert isinstance(figures, list)
    assert [f["name"] for f in figures] == ["save a chronology note", "save a referral draft (autosave)"]
    for f in figures:
        assert KEYS <= set(f), f
        assert f["group"] == "save" and f["unit"] == "ms"
        assert f["n"] >= 5 and isinstance(f["met"], bool) and f["target"]
        assert 0 < f["min"] <= f["project_ms"] <= f["max"]
        assert f["baseline_ms"] > 0 and f["ratio"] == pytest.approx(f["project_ms"] / f["baseline_ms"], rel=0.01)
        assert f["note"] and "failed" not in f["note"]
    assert "save a chronology note" in quick_run["stdout"]  # the table
    # the data set was built once by the shipped CLI (init --demo + demo --cases) and cached where it was told
    (folder,) = quick_run["cache"].iterdir()
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["cases"] == 200 and folder.name.startswith("200-v")
    assert meta["kdf"]["memory_kib"] >= 65536 and meta["kdf"]["iterations"] >= 2  # the product's Argon2id


def test_gui_driver_still_unlocks_the_real_app(quick_run: dict[str, Any]) -> None:
    (folder,) = quick_run["cache"].iterdir()
    vault = quick_run["tmp"] / "gui-vault"
    shutil.copytree(folder / "vault", vault)
    from benchmarks.data import product_env

    env = product_env(quick_run["tmp"] / "home")  # Qt settings and data folders of its own
    done = subprocess.run([sys.executable, "-m", "benchmarks.gui_driver", "unlock", "--data-dir", str(vault)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in result, result
    assert result["rows"] > 0  # the case list painted with rows
    assert set(result) == {"unlock_ms", "main_painted_ms", "stall_ms", "argon2_ms", "rows", "warm"}
    assert 0 < result["main_painted_ms"] <= result["unlock_ms"] and result["argon2_ms"] > 0


def test_unknown_figure_names_are_refused() -> None:
    from benchmarks.runner import main

    with pytest.raises(SystemExit) as exc:
        main(["--only", "no-such-figure"])
    assert exc.value.code == 2
