"""The cases CLI through the real executable: demo fill, list/show/search, export → import → export, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def demo_vault(cli_demo_vault: Path) -> Path:
    return cli_demo_vault  # init --demo + demo --cases 40 through the real CLI, made once per session and copied


def test_demo_refuses_a_real_vault(cli_vault: Path) -> None:
    result = run_cli("demo", "--cases", "5", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "not a DEMO vault" in result.stderr and "Traceback" not in result.stderr


def test_list_show_search(demo_vault: Path) -> None:
    listed = json.loads(run_cli("cases", "list", "--json", data_dir=demo_vault, env=ENV).stdout)
    assert len(listed) == 40 and all("id" in row for row in listed)
    first = listed[0]
    shown = run_cli("cases", "show", str(first["id"]), "--json", data_dir=demo_vault, env=ENV)
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert detail["id"] == first["id"] and detail["chronology"]
    by_ref = run_cli("cases", "show", first["ref"], data_dir=demo_vault, env=ENV)
    assert first["ref"] in by_ref.stdout and "Chronology:" in by_ref.stdout
    surname = first["person"].split()[-1]
    found = json.loads(run_cli("cases", "search", surname, "--json", data_dir=demo_vault, env=ENV).stdout)
    assert first["id"] in [row["id"] for row in found]
    missing = run_cli("cases", "show", "99999", data_dir=demo_vault, env=ENV)
    assert missing.returncode == 1 and "no case" in missing.stderr


def test_export_import_export_round_trip(demo_vault: Path, tmp_path: Path) -> None:
    out1 = tmp_path / "one.json"
    assert run_cli("cases", "export", "-o", str(out1), data_dir=demo_vault, env=ENV).returncode == 0
    fresh = tmp_path / "fresh"
    assert run_cli("init", "--passphrase-stdin", data_dir=fresh, stdin=PASSPHRASE + "\n").returncode == 0
    imported = run_cli("cases", "import", str(out1), data_dir=fresh, env=ENV)
    assert imported.returncode == 0, imported.stderr
    out2 = tmp_path / "two.json"
    assert run_cli("cases", "export", "-o", str(out2), data_dir=fresh, env=ENV).returncode == 0
    one, two = json.loads(out1.read_text("utf-8")), json.loads(out2.read_text("utf-8"))
    one.pop("exported_at")
    two.pop("exported_at")
    assert one == two
    assert len(one["cases"]) == 40


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "format_version: required"),
        (None, "cases[1].opened_at"),
    ],
)
def test_bad_import_is_rejected_whole(demo_vault: Path, tmp_path: Path, content: str | None, problem: str) -> None:
    good = tmp_path / "good.json"
    run_cli("cases", "export", "-o", str(good), data_dir=demo_vault, env=ENV)
    if content is None:
        data = json.loads(good.read_text("utf-8"))
        data["cases"][1]["opened_at"] = "2099-01-01"  # in the future: the whole file is refused
        content = json.dumps(data)
    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    fresh = tmp_path / "fresh"
    run_cli("init", "--passphrase-stdin", data_dir=fresh, stdin=PASSPHRASE + "\n")
    result = run_cli("cases", "import", str(bad), data_dir=fresh, env=ENV)
    assert result.returncode == 1
    assert problem in result.stderr and "Traceback" not in result.stderr
    listed = json.loads(run_cli("cases", "list", "--json", data_dir=fresh, env=ENV).stdout)
    assert listed == []


def test_chase_days_setting(cli_vault: Path) -> None:
    assert "14 day(s)" in run_cli("cases", "chase-days", data_dir=cli_vault, env=ENV).stdout
    assert "21 day(s)" in run_cli("cases", "chase-days", "21", data_dir=cli_vault, env=ENV).stdout
    bad = run_cli("cases", "chase-days", "0", data_dir=cli_vault, env=ENV)
    assert bad.returncode == 1 and "1 to 365" in bad.stderr


def test_purge_needs_confirmation(demo_vault: Path) -> None:
    refused = run_cli("cases", "purge", "--closed-before", "2000-01-01", data_dir=demo_vault, env=ENV)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = run_cli("cases", "purge", "--closed-before", "2000-01-01", "--yes", data_dir=demo_vault, env=ENV)
    assert done.returncode == 0 and "Purged 0 closed case(s)" in done.stdout


def test_an_export_written_before_it_streamed_imports(demo_vault: Path, tmp_path: Path) -> None:
    # Files written before issue 11 have sorted keys (cases before people); the streaming import reads them too.
    out = tmp_path / "new.json"
    assert run_cli("cases", "export", "-o", str(out), data_dir=demo_vault, env=ENV).returncode == 0
    text = out.read_text("utf-8")
    assert text.index('"people"') < text.index('"cases"')
    data = json.loads(text)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    assert old.read_text("utf-8").index('"cases"') < old.read_text("utf-8").index('"people"')
    fresh = tmp_path / "fresh"
    assert run_cli("init", "--passphrase-stdin", data_dir=fresh, stdin=PASSPHRASE + "\n").returncode == 0
    imported = run_cli("cases", "import", str(old), data_dir=fresh, env=ENV)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 40 case(s)" in imported.stdout
    again = tmp_path / "again.json"
    assert run_cli("cases", "export", "-o", str(again), data_dir=fresh, env=ENV).returncode == 0
    two = json.loads(again.read_text("utf-8"))
    data.pop("exported_at")
    two.pop("exported_at")
    assert two == data


@pytest.mark.parametrize("broken", ["syntax", "future"])
def test_a_bad_plain_file_is_refused_before_the_passphrase(
    demo_vault: Path, tmp_path: Path, broken: str
) -> None:
    good = tmp_path / "good.json"
    run_cli("cases", "export", "-o", str(good), data_dir=demo_vault, env=ENV)
    bad = tmp_path / "bad.json"
    if broken == "syntax":
        bad.write_text('{\n "format": "prevent-desktop-cases",\n "people": [\n  {"id": 1,,}\n ]\n}\n', "utf-8")
        problem = "bad.json is not valid JSON (line 4: "
    else:
        data = json.loads(good.read_text("utf-8"))
        data["cases"][2]["opened_at"] = "2099-01-01"
        bad.write_text(json.dumps(data), "utf-8")
        problem = "Not imported: cases[2].opened_at: the date is in the future"
    result = run_cli("cases", "import", str(bad), data_dir=demo_vault)  # no passphrase given at all
    assert result.returncode == 1
    assert problem in result.stderr and "Traceback" not in result.stderr
    assert "passphrase" not in result.stderr.lower()
