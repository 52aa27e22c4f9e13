"""`prevent-desktop settings` through the real CLI: the same declarations as the Settings dialog."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def test_show_change_and_refuse(cli_vault: Path) -> None:
    shown = json.loads(run_cli("settings", "--json", data_dir=cli_vault, env=ENV).stdout)
    by_key = {s["key"]: s for s in shown}
    assert by_key["autolock_minutes"]["value"] == "5"
    assert "from 0 (off) to 120" in by_key["autolock_minutes"]["allowed"]
    assert "demo" not in by_key

    changed = run_cli("settings", "--set", "autolock_minutes=0", "--set", "backup_keep=4", data_dir=cli_vault, env=ENV)
    assert changed.returncode == 0, changed.stderr
    assert "Changed: autolock_minutes, backup_keep." in changed.stdout
    assert "*autolock_minutes" in changed.stdout

    # All or nothing: one bad value, nothing saved; the message names the setting and its range.
    bad = run_cli("settings", "--set", "backup_keep=5", "--set", "autolock_minutes=0.5", data_dir=cli_vault, env=ENV)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "Lock after idle (minutes, 0 = off): type a whole number from 0 (off) to 120." in bad.stderr
    unknown = run_cli("settings", "--set", "demo=1", data_dir=cli_vault, env=ENV)
    assert unknown.returncode == 1 and "Unknown setting 'demo'" in unknown.stderr
    listed = json.loads(run_cli("settings", "--json", data_dir=cli_vault, env=ENV).stdout)
    after = {s["key"]: s["value"] for s in listed}
    assert (after["autolock_minutes"], after["backup_keep"]) == ("0", "4")

    # The areas' own commands read and write the same settings.
    assert "Chase referrals after 14 day(s)" in run_cli("cases", "chase-days", data_dir=cli_vault, env=ENV).stdout
    run_cli("settings", "--set", "cases.chase_days=21", data_dir=cli_vault, env=ENV)
    assert "Chase referrals after 21 day(s)" in run_cli("cases", "chase-days", data_dir=cli_vault, env=ENV).stdout
