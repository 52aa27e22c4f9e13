"""Regenerate prevent_desktop/ui/forms/ui_*.py from forms/*.ui with pyside6-uic.

Run after editing a form: ``python packaging/build_forms.py``. The test-suite fails if a generated module is stale.
"""

from __future__ import annotations

import ast
import re
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
    """Drop the header line naming the uic version, so a patch update of Qt does not make every form stale, and
    import only the Qt names the form uses (``prune_imports``)."""
    lines = [ln for ln in text.splitlines() if "Qt User Interface Compiler version" not in ln]
    return annotate(prune_imports("\n".join(ln.rstrip() for ln in lines).rstrip() + "\n"))


_UI_METHOD = re.compile(r"^    def (setupUi|retranslateUi)\(self, (\w+)\):$", re.M)


def annotate(text: str) -> str:
    """Type the two methods uic writes (``setupUi``, ``retranslateUi``), so the hand-written windows that call
    them are checked by mypy in strict mode like every other layer."""
    text = _UI_METHOD.sub(r"    def \1(self, \2: Any) -> None:", text)
    first = text.find("\nfrom ")
    return text[: first + 1] + "from typing import Any\n\n" + text[first + 1 :] if first >= 0 else text


_FROM_IMPORT = re.compile(r"^from (PySide6\.\w+) import \(([^)]*)\)\n", re.M)


def prune_imports(text: str) -> str:
    """uic imports some 40 Qt classes into every form whether it uses them or not, and PySide6 builds each class
    (with its enums) at import: the unlock window's form spent ~10 ms of start-up on unused ones (issue 11).
    Keep the names the form's code uses; a module left with none is not imported."""
    tree = ast.parse(text)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}

    def keep(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group(2).replace("\n", " ").split(",") if n.strip()]
        wanted = [n for n in names if n in used]
        if not wanted:
            return ""
        lines, line = [], f"from {match.group(1)} import ("
        for i, name in enumerate(wanted):
            piece = name + (", " if i < len(wanted) - 1 else ")")
            if len(line) + len(piece) > 79:
                lines.append(line.rstrip())
                line = "    "
            line += piece
        return "\n".join([*lines, line]) + "\n"

    return _FROM_IMPORT.sub(keep, text)


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
