"""House rules as tests: the layers' import contracts hold (and would catch a breach), generated forms are fresh."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRESENTATION_CONTRACT = "Presentation calls services only"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    # The tree in ``root`` (not the installed package) is analysed; wide lines so no import is wrapped.
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "400"}
    return subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120, env=env
    )


def test_import_linter_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout
    assert PRESENTATION_CONTRACT in result.stdout, result.stdout  # the forbidden contract is one of those run


PLANTED = [  # (module, line, what the import graph records), one per forbidden target and source package
    ("ui/planted_breach.py", "from prevent_desktop.storage import cases", "prevent_desktop.storage.cases"),
    ("commands/planted_breach.py", "from prevent_desktop.reports import parts", "prevent_desktop.reports.parts"),
    ("ui/pages/planted_breach.py", "import sqlcipher3", "sqlcipher3"),
]


def test_presentation_contract_catches_a_planted_breach(tmp_path: Path) -> None:
    """A copy of the tree where ui/commands modules import storage, reports and sqlcipher3 directly fails, naming
    each planted import."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "prevent_desktop", tmp_path / "prevent_desktop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for module, line, _imported in PLANTED:
        (tmp_path / "prevent_desktop" / module).write_text(f"{line}\n", "utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "Contracts: 2 kept, 1 broken." in result.stdout, result.stdout
    for module, _line, imported in PLANTED:
        planted = "prevent_desktop." + module.removesuffix(".py").replace("/", ".")
        assert f"-   {planted} -> {imported} (l.1)" in result.stdout, result.stdout


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
