"""Regenerate prevent_desktop/ui/forms/ui_*.py from forms/*.ui with pyside6-uic.

Run after editing a form: ``python packaging/build_forms.py``. The test-suite fails if a generated module is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
OUT = ROOT / "prevent_desktop" / "ui" / "forms"


def uic() -> str:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-uic")
    if not exe:
        raise SystemExit("pyside6-uic not found: install PySide6 in this environment")
    return exe


def generate(form: Path) -> str:
    result = subprocess.run([uic(), "--from-imports", str(form)], capture_output=True, text=True, check=True)
    return normalise(result.stdout)


def normalise(text: str) -> str:
    """Drop the header line naming the uic version, so a patch update of Qt does not make every form stale."""
    lines = [ln for ln in text.splitlines() if "Qt User Interface Compiler version" not in ln]
    return "\n".join(ln.rstrip() for ln in lines).rstrip() + "\n"


def target_for(form: Path) -> Path:
    return OUT / f"ui_{form.stem}.py"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "__init__.py").write_text(
        '"""Generated from forms/*.ui by packaging/build_forms.py. Never edit by hand."""\n'
    )
    for form in sorted(FORMS.glob("*.ui")):
        target_for(form).write_text(generate(form), encoding="utf-8")
        print(f"{form.name} -> {target_for(form).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
