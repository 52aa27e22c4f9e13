"""`plan list`, `plan export`, `policies list` through the real CLI in a subprocess."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def test_plan_list_text_and_json(cli_vault: Path) -> None:
    result = run_cli("plan", "list", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Organisation: MKC Training Services Ltd" in result.stdout
    assert "  1. Awareness | Mandatory training | All staff | Annual | Needs rating" in result.stdout
    result = run_cli("plan", "list", "--json", data_dir=cli_vault, env=ENV)
    data = json.loads(result.stdout)
    assert data["header"]["safeguarding_contact"] == "Dr John Dynes"
    assert [r["area"] for r in data["rows"]][-1] == "Curriculum"
    assert len(data["rows"]) == 12
    assert data["rows"][0]["duties"] == ["Training"]


def test_plan_export_csv_with_bom(cli_vault: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.csv"
    result = run_cli("plan", "export", "-o", str(target), data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Organisation", "MKC Training Services Ltd"]
    table = rows[rows.index([]) + 1 :]
    assert table[0][:6] == ["No.", "Potential Prevent Vulnerability", "Action Required / Evidence if in place",
                            "Who", "When", "RAG"]
    assert len(table) == 13
    assert not list(tmp_path.glob(".*partial"))


def test_policies_list_and_errors(cli_vault: Path) -> None:
    result = run_cli("policies", "list", "--json", data_dir=cli_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["policy"]["version"] == "3"
    assert len(data["associated_policies"]) == 16
    assert data["associated_policies"][0]["overdue"] is True
    text = run_cli("policies", "list", data_dir=cli_vault, env=ENV)
    expected = "Safeguarding policy (training) | last review Feb 2021 | every 12 months | next Feb 2022 | OVERDUE"
    assert expected in text.stdout
    wrong = run_cli("plan", "list", data_dir=cli_vault, env={"PREVENT_DESKTOP_PASSPHRASE": "wrong"})
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    usage = run_cli("plan", "export", data_dir=cli_vault, env=ENV)
    assert usage.returncode == 2
