"""`prevent-desktop export ...` run as a real subprocess against a real vault."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from tests.conftest import PASSPHRASE, run_cli

PDF_PASSWORD = "paper plane 42"


def test_export_action_plan_encrypted_with_password_from_stdin(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    result = run_cli(
        "export", "action-plan", "-o", str(out), "--encrypt", "--passphrase-stdin",
        data_dir=cli_vault, stdin=f"{PASSPHRASE}\n{PDF_PASSWORD}\n",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"written": str(out), "document": "action-plan", "encrypted": True, "case_data": False}
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)
    with pikepdf.open(out, password=PDF_PASSWORD) as pdf:
        assert pdf.encryption.R == 6
    assert PDF_PASSWORD not in result.stdout + result.stderr
    if shutil.which("qpdf"):
        shown = subprocess.run(["qpdf", "--show-encryption", f"--password={PDF_PASSWORD}", str(out)],
                               capture_output=True, text=True, check=True).stdout
        assert "R = 6" in shown and "AESv3" in shown
        assert subprocess.run(["qpdf", "--requires-password", str(out)]).returncode == 0
        denied = subprocess.run(["qpdf", "--decrypt", str(out), str(tmp_path / "plain.pdf")],
                                capture_output=True, text=True)
        assert denied.returncode != 0 and "invalid password" in denied.stderr


def test_export_password_from_env_and_passphrase_from_env(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.pdf"
    result = run_cli(
        "export", "policy-register", "-o", str(out), "--encrypt",
        data_dir=cli_vault,
        env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE, "PREVENT_DESKTOP_PDF_PASSWORD": PDF_PASSWORD},
    )
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out, password=PDF_PASSWORD) as pdf:
        assert pdf.encryption.R == 6


def test_export_contacts_card_variants_plain(cli_vault: Path, tmp_path: Path) -> None:
    for variant in ("a4", "fold"):
        out = tmp_path / f"card-{variant}.pdf"
        result = run_cli(
            "export", "contacts-card", "-o", str(out), "--variant", variant, "--passphrase-stdin",
            data_dir=cli_vault, stdin=PASSPHRASE + "\n",
        )
        assert result.returncode == 0, result.stderr
        assert len(PdfReader(str(out)).pages) == 1


def test_export_missing_password_is_a_known_error(cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    result = run_cli(
        "export", "action-plan", "-o", str(out), "--encrypt", "--passphrase-stdin",
        data_dir=cli_vault, stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1
    assert "PDF password" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_export_unknown_case_is_a_clear_error(cli_vault: Path, tmp_path: Path) -> None:
    result = run_cli(
        "export", "referral-pack", "999", "-o", str(tmp_path / "p.pdf"), "--passphrase-stdin",
        data_dir=cli_vault, stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1
    assert "case" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "p.pdf").exists()


def test_export_usage_errors(cli_vault: Path, tmp_path: Path) -> None:
    assert run_cli("export", "action-plan", data_dir=cli_vault).returncode == 2  # no -o
    assert run_cli("export", "poster", "-o", "x.pdf", data_dir=cli_vault).returncode == 2
    assert run_cli("export", "referral-pack", "-o", "x.pdf", data_dir=cli_vault).returncode == 2  # no CASE_ID
    missing_dir = run_cli(
        "export", "action-plan", "-o", str(tmp_path / "nope" / "x.pdf"), "--passphrase-stdin",
        data_dir=cli_vault, stdin=PASSPHRASE + "\n",
    )
    assert missing_dir.returncode == 1 and "folder" in missing_dir.stderr


def test_pdf_password_minimum_is_the_guis_rule_at_its_boundary(cli_vault: Path, tmp_path: Path) -> None:
    """One rule (domain/passwords.py) for the export dialog and the CLI: one character short is refused before
    anything is written, the minimum itself is accepted."""
    from prevent_desktop.domain.passwords import MIN_FILE_PASSWORD
    from prevent_desktop.ui.export_dialog import MIN_PASSWORD

    assert MIN_PASSWORD == MIN_FILE_PASSWORD
    out = tmp_path / "plan.pdf"
    for password, code in (("p" * (MIN_FILE_PASSWORD - 1), 1), ("p" * MIN_FILE_PASSWORD, 0)):
        result = run_cli("export", "action-plan", "-o", str(out), "--encrypt", data_dir=cli_vault,
                         env={"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE, "PREVENT_DESKTOP_PDF_PASSWORD": password})
        assert result.returncode == code, result.stderr
        assert out.exists() == (code == 0)
    assert PdfReader(str(out)).is_encrypted
