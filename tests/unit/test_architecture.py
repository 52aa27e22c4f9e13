"""House rules as tests: the Qt-free layers never import Qt, and generated forms are fresh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_generated_forms_are_fresh() -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import build_forms
    finally:
        sys.path.pop(0)
    forms = sorted((ROOT / "forms").glob("*.ui"))
    assert forms
    for form in forms:
        target = build_forms.target_for(form)
        assert target.exists(), f"{target.name} missing: run python packaging/build_forms.py"
        assert target.read_text("utf-8") == build_forms.generate(form), (
            f"{target.name} is stale: run python packaging/build_forms.py"
        )
