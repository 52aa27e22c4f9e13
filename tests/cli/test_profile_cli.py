"""`init --organisation-profile FILE` through the real CLI: a profile the contact editor would not accept makes no
vault, and the message gives the field path and the line."""

from __future__ import annotations

from pathlib import Path

from prevent_desktop.domain.profile import default_profile_path
from tests.conftest import PASSPHRASE, run_cli


def test_init_refuses_a_profile_with_a_number_the_editor_refuses(tmp_path: Path) -> None:
    text = default_profile_path().read_text(encoding="utf-8").replace('"01634 822966"', '"0800 123"', 1)
    profile = tmp_path / "our-college.toml"
    profile.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if '"0800 123"' in t)
    data_dir = tmp_path / "vault"
    result = run_cli(
        "init", "--passphrase-stdin", "--organisation-profile", str(profile), data_dir=data_dir, stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Organisation profile our-college.toml is not valid" in result.stderr
    assert f"line {line}: contacts[3].phones[0].number: not a valid UK telephone number" in result.stderr
    assert not (data_dir / "vault.db").exists()
