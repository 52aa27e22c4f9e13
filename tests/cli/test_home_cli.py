"""`prevent-desktop home` and the case-task commands through the real CLI in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}
TODAY = "2026-03-18"  # every date below is given, never the machine's


def test_home_json_lists_groups_and_items_without_names(cli_demo_vault: Path) -> None:
    result = run_cli("home", "--json", "--today", TODAY, data_dir=cli_demo_vault, env=ENV)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == TODAY
    areas = [g["area"] for g in data["groups"]]
    assert areas[0] == "Cases" and areas == sorted(areas, key=["Cases", "Action plan", "Policies", "Contacts",
                                                                  "Backups"].index)
    items = data["items"]
    assert {tuple(sorted(i)) for i in items if i["kind"] != "more"} == {
        ("area", "date", "kind", "reference", "severity", "target")}
    assert [i["area"] for i in items] == sorted((i["area"] for i in items), key=areas.index)
    for g in data["groups"]:
        assert g["count"] == sum(i.get("more", 1) for i in items if i["area"] == g["area"])
    # no names, no free text: the sentences stay in the GUI
    for word in ("Dynes", "Morris", "concern of", "not verified", "Kent Police"):
        assert word not in result.stdout
    text = run_cli("home", "--today", TODAY, data_dir=cli_demo_vault, env=ENV)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0].startswith("Cases (")


def test_home_rejects_a_bad_date(cli_vault: Path) -> None:
    result = run_cli("home", "--today", "18/03/2026", data_dir=cli_vault, env=ENV)
    assert result.returncode == 1
    assert "--today: '18/03/2026' is not a date; use YYYY-MM-DD" in result.stderr


def test_case_tasks_add_list_tick_and_reopen_by_reference(cli_demo_vault: Path) -> None:
    ref = json.loads(run_cli("cases", "list", "--json", data_dir=cli_demo_vault, env=ENV).stdout)[0]["ref"]
    added = run_cli("cases", "task-add", ref, "Chase the MASH reference", "--due", TODAY,
                    data_dir=cli_demo_vault, env=ENV)
    assert added.returncode == 0, added.stderr
    task_id = int(added.stdout.split()[1])
    listed = json.loads(run_cli("cases", "tasks", ref, "--json", data_dir=cli_demo_vault, env=ENV).stdout)
    assert [(t["id"], t["text"], t["due_on"], t["done"]) for t in listed] == [
        (task_id, "Chase the MASH reference", TODAY, False)]
    home = json.loads(run_cli("home", "--json", "--today", TODAY, data_dir=cli_demo_vault, env=ENV).stdout)
    assert {"area": "Cases", "kind": "task_due", "severity": "due", "date": TODAY, "reference": ref,
            "target": listed[0]["case_id"]} in home["items"]
    done = run_cli("cases", "task-done", str(task_id), data_dir=cli_demo_vault, env=ENV)
    assert done.returncode == 0 and f"Task {task_id} done" in done.stdout
    shown = run_cli("cases", "tasks", ref, data_dir=cli_demo_vault, env=ENV).stdout
    assert "1 task(s), 0 open" in shown and "done " in shown
    assert run_cli("cases", "task-reopen", str(task_id), data_dir=cli_demo_vault, env=ENV).returncode == 0
    bad = run_cli("cases", "task-add", ref, "x", "--due", "31/02/2026", data_dir=cli_demo_vault, env=ENV)
    assert bad.returncode == 1 and "Due date: 31/02/2026 is not a real date" in bad.stderr
    missing = run_cli("cases", "task-done", "9999", data_dir=cli_demo_vault, env=ENV)
    assert missing.returncode == 1 and "There is no task with id 9999." in missing.stderr
