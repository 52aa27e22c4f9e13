"""Item 5 of issue 14: the plan and policies areas keep their layers — the screens and the CLI command import no
storage or reports, the services issue no SQL (the repositories do), and the repositories hold no rules and
never read today's date."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "prevent_desktop"
ABOVE_SERVICES = [
    "ui/pages/plan.py",
    "ui/pages/policies.py",
    "ui/plan_model.py",
    "ui/plan_dialogs.py",
    "ui/plan_delegates.py",
    "ui/policy_models.py",
    "ui/policy_dialogs.py",
    "commands/plan.py",
]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("module", ABOVE_SERVICES)
def test_screens_and_commands_import_no_storage_or_reports(module: str) -> None:
    bad = {
        m for m in _imports(PKG / module) if m.startswith(("prevent_desktop.storage", "prevent_desktop.reports"))
    }
    assert bad == set()


@pytest.mark.parametrize("module", ["services/plan.py", "services/policies.py"])
def test_services_issue_no_sql(module: str) -> None:
    calls = [
        node
        for node in ast.walk(ast.parse((PKG / module).read_text("utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute"
    ]
    assert calls == []


@pytest.mark.parametrize("module", ["storage/plan.py", "storage/policies.py"])
def test_repositories_hold_no_rules_and_no_clock(module: str) -> None:
    text = (PKG / module).read_text("utf-8")
    assert "today" not in text and "datetime" not in text
    assert not {m for m in _imports(PKG / module) if m.startswith("prevent_desktop.domain.due")}
