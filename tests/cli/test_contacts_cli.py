"""`prevent-desktop contacts ...` through the real CLI in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def test_list_search_export_import(cli_vault: Path, tmp_path: Path) -> None:
    listed = run_cli("contacts", "list", "--json", data_dir=cli_vault, env=ENV)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 17
    assert rows[0]["phones"] == [{"label": "Telephone", "number": "01634 822386", "e164": "+441634822386"}]

    text = run_cli("contacts", "list", data_dir=cli_vault, env=ENV)
    assert "Designated Prevent Officer – MKC Training" in text.stdout
    assert "Desk: 02045 666324" in text.stdout

    found = run_cli("contacts", "search", "0800789", "--json", data_dir=cli_vault, env=ENV)
    assert [r["id"] for r in json.loads(found.stdout)] == ["police-0800"]
    none = run_cli("contacts", "search", "zzzz", data_dir=cli_vault, env=ENV)
    assert none.returncode == 0 and "No contact matches" in none.stderr

    out_csv = tmp_path / "contacts.csv"
    exported = run_cli("contacts", "export", "-o", str(out_csv), data_dir=cli_vault, env=ENV)
    assert exported.returncode == 0, exported.stderr
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbfid,group,")
    out_vcf = tmp_path / "contacts.vcf"
    assert run_cli("contacts", "export", "-o", str(out_vcf), data_dir=cli_vault, env=ENV).returncode == 0
    assert out_vcf.read_text("utf-8").count("BEGIN:VCARD") == 17

    edited = out_csv.read_text("utf-8-sig").replace("01634 822966", "01634 822967")
    edited += "new-adviser,dfe,,,Adviser,Example Org,Desk: 020 7946 0123,,,,,no,no,2026-01-01,\r\n"
    changed = tmp_path / "changed.csv"
    changed.write_text(edited, encoding="utf-8")
    dry = run_cli("contacts", "import", str(changed), "--dry-run", data_dir=cli_vault, env=ENV)
    assert dry.returncode == 0, dry.stderr
    assert "1 to add, 1 to change, 16 unchanged" in dry.stdout
    assert "change   unit-welfare-officer: phones" in dry.stdout
    assert "Dry run: nothing was changed." in dry.stdout
    still = run_cli("contacts", "search", "822967", "--json", data_dir=cli_vault, env=ENV)
    assert json.loads(still.stdout) == []

    done = run_cli("contacts", "import", str(changed), data_dir=cli_vault, env=ENV)
    assert done.returncode == 0, done.stderr
    now = run_cli("contacts", "search", "822967", "--json", data_dir=cli_vault, env=ENV)
    assert [r["id"] for r in json.loads(now.stdout)] == ["unit-welfare-officer"]


def test_bad_import_and_bad_output_are_known_errors(cli_vault: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"group,role,phones\r\ndfe,Adviser,12345\r\n")
    result = run_cli("contacts", "import", str(bad), data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "Row 2, field phone 1: not a valid UK telephone number" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("contacts", "export", "-o", str(tmp_path / "x.txt"), data_dir=cli_vault, env=ENV)
    assert result.returncode == 1 and ".csv or .vcf" in result.stderr
    assert run_cli("contacts", "import", str(tmp_path / "missing.csv"), data_dir=cli_vault, env=ENV).returncode == 1


def test_settings(cli_vault: Path) -> None:
    shown = run_cli("contacts", "settings", data_dir=cli_vault, env=ENV)
    assert shown.stdout == "stale after: 12 months\nclipboard cleared after: 30 seconds\n"
    changed = run_cli(
        "contacts", "settings", "--stale-months", "6", "--clipboard-seconds", "15", data_dir=cli_vault, env=ENV
    )
    assert changed.stdout == "stale after: 6 months\nclipboard cleared after: 15 seconds\n"
    bad = run_cli("contacts", "settings", "--stale-months", "0", data_dir=cli_vault, env=ENV)
    assert bad.returncode == 1 and "not verified for (months): use a whole number from 1 to 120" in bad.stderr
