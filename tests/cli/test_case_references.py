"""Every CLI command that takes a case accepts its reference (PV-2026-0011) as well as its id (issue 15).

The parser is walked: every argument that names a case must be parsed by ``commands.case_arg.case_arg`` (the one
resolution, through ``services.cases.queries.find_case``), and every such command is run here, through the real
CLI, with a reference. A new command that takes a case fails ``test_every_case_argument_uses_the_one_helper``
until it uses ``add_case_argument`` and is listed in ``RUNS`` below with arguments that run it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from prevent_desktop.cli import build_parser
from prevent_desktop.commands.case_arg import case_arg
from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


@dataclass(frozen=True)
class Case:
    id: int
    ref: str
    person_id: int


Found = Iterator[tuple[tuple[str, ...], argparse.Action]]


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Found:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, (*path, name))
        else:
            yield path, action


def names_a_case(path: tuple[str, ...], action: argparse.Action) -> bool:
    """An argument that names one case (or a person by a case): by its name, whatever its type says."""
    words = f"{action.dest} {action.metavar or ''}".lower()
    if re.search(r"(^|[\s_])case(_?id|_?ref)?($|\s)", words):
        return True
    return path[:1] == ("cases",) and action.dest in {"id", "ref", "case_id"}


def case_arguments() -> dict[tuple[str, ...], argparse.Action]:
    return {path: action for path, action in walk(build_parser()) if action.type is case_arg}


# -- what each command is run with, and what proves it found the case ------------------------------------------
def audited(data_dir: Path, action: str) -> dict[str, str]:
    listed = run_cli("audit", "list", "--json", "--limit", "5", data_dir=data_dir, env=ENV)
    assert listed.returncode == 0, listed.stderr
    return next(e for e in json.loads(listed.stdout) if e["action"] == action)


def run_show(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    result = run_cli("cases", "show", given, data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    assert f"Case {case.ref} (id {case.id})" in result.stdout


def run_referral_pack(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    out = tmp / "pack.pdf"
    result = run_cli("export", "referral-pack", given, "-o", str(out), data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    assert case.ref in "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    entry = audited(data_dir, "export.pdf")
    assert (entry["entity"], entry["entity_id"]) == ("case", str(case.id))


def run_case_file(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    """``export case-file`` takes a person: a case reference stands for that case's person."""
    out = tmp / "file.pdf"
    result = run_cli("export", "case-file", given, "-o", str(out), data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    assert case.ref in "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    entry = audited(data_dir, "export.pdf")
    assert (entry["entity"], entry["entity_id"]) == ("person", str(case.person_id))


def run_tasks(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    result = run_cli("cases", "tasks", given, "--json", data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [] or all(t["case_id"] == case.id for t in json.loads(result.stdout))


def run_task_add(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    result = run_cli("cases", "task-add", given, "Ring the police Prevent team", data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    entry = audited(data_dir, "case.task_add")
    assert (entry["entity"], entry["entity_id"]) == ("case", str(case.id))


def run_set_category(data_dir: Path, tmp: Path, case: Case, given: str) -> None:
    result = run_cli("cases", "set-category", given, "none", data_dir=data_dir, env=ENV)
    assert result.returncode == 0, result.stderr
    entry = audited(data_dir, "case.category")
    assert (entry["entity"], entry["entity_id"]) == ("case", str(case.id))


RUNS: dict[tuple[str, ...], Callable[[Path, Path, Case, str], None]] = {
    ("cases", "show"): run_show,
    ("cases", "tasks"): run_tasks,
    ("cases", "task-add"): run_task_add,
    ("cases", "set-category"): run_set_category,
    ("export", "referral-pack"): run_referral_pack,
    ("export", "case-file"): run_case_file,
}


def test_every_case_argument_uses_the_one_helper() -> None:
    found = case_arguments()
    stray = [
        " ".join(path) + f" ({action.dest})"
        for path, action in walk(build_parser())
        if names_a_case(path, action) and action.type is not case_arg
    ]
    assert not stray, f"these take a case without commands/case_arg.add_case_argument: {stray}"
    missing = sorted(" ".join(p) for p in set(found) - set(RUNS))
    assert not missing, f"add these case-taking commands to RUNS in {__file__} (arguments that run them): {missing}"
    assert set(RUNS) <= set(found)


@pytest.fixture(scope="module")
def demo_case(cli_demo_vault_template: Path) -> Case:
    listed = json.loads(run_cli("cases", "list", "--json", data_dir=cli_demo_vault_template, env=ENV).stdout)
    row = listed[len(listed) // 2]
    shown = json.loads(run_cli("cases", "show", str(row["id"]), "--json", data_dir=cli_demo_vault_template,
                               env=ENV).stdout)
    return Case(row["id"], row["ref"], shown["person"]["id"])


@pytest.mark.parametrize("command", sorted(RUNS), ids=" ".join)
def test_each_command_finds_the_case_by_reference(
    command: tuple[str, ...], cli_demo_vault: Path, tmp_path: Path, demo_case: Case
) -> None:
    RUNS[command](cli_demo_vault, tmp_path, demo_case, demo_case.ref)
    RUNS[command](cli_demo_vault, tmp_path, demo_case, demo_case.ref.lower())  # as typed in a hurry


@pytest.mark.parametrize("command", sorted(RUNS), ids=" ".join)
def test_unknown_or_malformed_references_are_clear_errors(command: tuple[str, ...], cli_demo_vault: Path,
                                                          tmp_path: Path) -> None:
    extra = ["-o", str(tmp_path / "x.pdf")] if command[0] == "export" else []
    if command == ("cases", "task-add"):
        extra = ["Ring back"]
    if command == ("cases", "set-category"):
        extra = ["none"]
    unknown = run_cli(*command, "PV-2099-0999", *extra, data_dir=cli_demo_vault, env=ENV)
    assert unknown.returncode == 1 and "There is no case 'PV-2099-0999'" in unknown.stderr, unknown.stderr
    malformed = run_cli(*command, "case twelve", *extra, data_dir=cli_demo_vault, env=ENV)
    assert malformed.returncode == 2 and "is not a case" in malformed.stderr, malformed.stderr
    assert "Traceback" not in unknown.stderr + malformed.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_ids_still_work(cli_demo_vault: Path, tmp_path: Path, demo_case: Case) -> None:
    run_show(cli_demo_vault, tmp_path, demo_case, str(demo_case.id))
    run_referral_pack(cli_demo_vault, tmp_path, demo_case, str(demo_case.id))
    run_case_file(cli_demo_vault, tmp_path, demo_case, str(demo_case.person_id))  # a number is a person id here
