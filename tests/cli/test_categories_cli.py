"""Concern categories and the annual summary through the real CLI (subprocesses on a real vault): `cases list
--category`, `cases categories`, `category-edit`, `set-category`, and `export annual-summary --year`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}
SURNAME = "Quillfeather"


def case(n: int, category: str | None, opened: str) -> dict[str, Any]:
    """One case of an export file, in a year long past (so no test depends on today's date)."""
    stamp = f"{opened}T09:00:00"
    c: dict[str, Any] = {
        "id": n, "ref": f"PV-2024-{n:04d}", "person_id": n, "status": "concern", "opened_at": opened,
        "summary": "Synthetic concern.", "concern_text": "Synthetic concern.", "raised_by_role": "staff",
        "raiser_name": "Tutor Test", "immediate_danger": False, "form_version": "NRF-2024", "answers": {},
        "points": {}, "ready_reason": "", "ready_at": "", "exit_date": "", "closed_at": "", "created_at": stamp,
        "updated_at": stamp, "decisions": [], "outcomes": [], "reviews": [],
        "chronology": [{"id": n, "occurred_at": stamp, "recorded_at": stamp, "author": "DSO", "kind": "concern",
                        "text": "Synthetic concern.", "amends_id": None}],
    }
    if category is not None:
        c["category"] = category
    return c


@pytest.fixture
def vault(cli_vault: Path, tmp_path: Path) -> Path:
    """Eight cases of the 2024/25 academic year imported through `cases import`: Islamist 5, Incel 2, one with no
    category (an older file's case), and one from the year before."""
    plan = [("islamist", f"2024-10-0{d}") for d in range(1, 6)]
    plan += [("incel", "2024-11-04"), ("incel", "2025-02-10"), (None, "2025-03-03"), ("islamist", "2024-08-30")]
    data = {
        "format": "prevent-desktop-cases", "format_version": 1, "exported_at": "2025-06-01T10:00:00",
        "people": [{"id": n, "forenames": "Test", "surname": f"{SURNAME}{n}", "dob": "", "role": "learner",
                    "created_at": "2024-08-01T09:00:00"} for n in range(1, len(plan) + 1)],
        "cases": [case(n, cat, day) for n, (cat, day) in enumerate(plan, start=1)],
    }
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(data), "utf-8")
    result = run_cli("cases", "import", str(source), data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    return cli_vault


def listed(vault: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("cases", "list", "--json", *args, data_dir=vault, env=ENV)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_cases_list_filters_by_category(vault: Path) -> None:
    assert sorted(r["ref"] for r in listed(vault, "--category", "incel")) == ["PV-2024-0006", "PV-2024-0007"]
    assert [r["ref"] for r in listed(vault, "--category", "none")] == ["PV-2024-0008"]
    assert len(listed(vault, "--category", "islamist")) == 6
    assert {r["category"] for r in listed(vault)} == {"islamist", "incel", ""}
    bad = run_cli("cases", "list", "--category", "jihadi", data_dir=vault, env=ENV)
    assert bad.returncode == 1 and "There is no concern category 'jihadi'" in bad.stderr
    assert "islamist" in bad.stderr  # the message lists the ids there are


def test_set_category_is_shown_and_audited(vault: Path) -> None:
    result = run_cli("cases", "set-category", "PV-2024-0008", "conflicted", data_dir=vault, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "PV-2024-0008: type of concern Conflicted." in result.stdout
    shown = run_cli("cases", "show", "PV-2024-0008", data_dir=vault, env=ENV)
    assert "Type of concern: Conflicted" in shown.stdout
    assert "Type of concern recorded: Conflicted." in shown.stdout  # the chronology entry
    audit = run_cli("audit", "list", "--json", "--limit", "5", data_dir=vault, env=ENV)
    assert audit.returncode == 0, audit.stderr
    assert "case.category" in audit.stdout and "from=- to=conflicted" in audit.stdout
    assert SURNAME not in audit.stdout and "Conflicted" not in audit.stdout  # ids only, never words or names
    cleared = run_cli("cases", "set-category", "PV-2024-0008", "none", data_dir=vault, env=ENV)
    assert cleared.returncode == 0 and "type of concern Not recorded." in cleared.stdout


def test_categories_are_listed_and_retired_without_losing_cases(vault: Path) -> None:
    result = run_cli("cases", "categories", "--json", data_dir=vault, env=ENV)
    cats = {c["id"]: c for c in json.loads(result.stdout)}
    assert cats["islamist"]["label"] == "Islamist" and cats["mixed-unclear-unstable"]["retired"] is True
    retired = run_cli("cases", "category-edit", "incel", "--retire", data_dir=vault, env=ENV)
    assert retired.returncode == 0 and "Incel (retired)" in retired.stdout
    assert len(listed(vault, "--category", "incel")) == 2  # the cases keep it
    refused = run_cli("cases", "set-category", "PV-2024-0001", "incel", data_dir=vault, env=ENV)
    assert refused.returncode == 1 and "'Incel' is retired" in refused.stderr
    renamed = run_cli("cases", "category-edit", "incel", "--label", "Incel subculture", "--restore",
                      data_dir=vault, env=ENV)
    assert renamed.returncode == 0 and "Category incel: Incel subculture" in renamed.stdout
    nothing = run_cli("cases", "category-edit", "incel", data_dir=vault, env=ENV)
    assert nothing.returncode == 1 and "Nothing was changed" in nothing.stderr


def test_export_annual_summary_for_an_academic_year(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    result = run_cli("export", "annual-summary", "--year", "2024/25", "-o", str(out), data_dir=vault, env=ENV)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "written": str(out), "document": "annual-summary", "encrypted": False, "case_data": False, "year": "2024/25",
    }
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Annual Prevent summary 2024/25" in flat and "1 September 2024 to 31 August 2025" in flat
    assert "Concerns logged 8" in flat  # the August 2024 case is the year before's
    assert "Islamist 5" in flat and "Incel fewer than 5" in flat and "Not recorded fewer than 5" in flat
    assert SURNAME not in text and "PV-2024" not in text
    assert str(PdfReader(out).metadata.get("/Title")) == "Prevent Desktop document"


@pytest.mark.parametrize(("year", "message"), [("last year", "is not a year"), ("2024/26", "does not name one")])
def test_a_bad_year_is_refused_in_words(vault: Path, tmp_path: Path, year: str, message: str) -> None:
    out = tmp_path / "summary.pdf"
    result = run_cli("export", "annual-summary", "--year", year, "-o", str(out), data_dir=vault, env=ENV)
    assert result.returncode == 1 and message in result.stderr
    assert not out.exists()
