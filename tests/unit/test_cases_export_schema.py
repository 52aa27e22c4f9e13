"""The cases export schema: built from the domain's lists (chronology kinds with their labels), published in docs/
as generated from the code (this test fails while the copy is stale), and import files are checked against it by
the jsonschema library with messages that name the path."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import ConcernInput
from prevent_desktop.errors import ValidationError
from prevent_desktop.services import cases_io
from prevent_desktop.services.cases import actions, intake, queries

ROOT = Path(__file__).resolve().parents[2]


def _writer() -> Any:
    spec = importlib.util.spec_from_file_location("write_cases_schema", ROOT / "scripts" / "write_cases_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_schema_is_generated_from_the_code() -> None:
    published = (ROOT / "docs" / "cases-export.schema.json").read_text("utf-8")
    assert published == _writer().render(), "stale: run .venv/bin/python scripts/write_cases_schema.py"


def test_schema_is_valid_and_its_kinds_are_the_domain_list() -> None:
    Draft202012Validator.check_schema(cases_io.SCHEMA)
    entry = cases_io.SCHEMA["$defs"]["entry"]["properties"]["kind"]
    assert entry["enum"] == list(rules.CHRONOLOGY_KINDS)
    assert "document" in rules.CHRONOLOGY_KINDS  # written by record_document_event on every PDF export/print
    assert all(label and label[0].isupper() for label in rules.CHRONOLOGY_KINDS.values())
    assert rules.chronology_label("document") == "Document"
    assert rules.chronology_label("some_future_kind") == "Some future kind"  # words, never a raw id


@pytest.fixture
def exported(session: Any) -> dict[str, Any]:
    case_id = intake.log_concern(
        session,
        ConcernInput("Alex", "Example", "", "learner", "staff", "A Tutor", "02/03/2026", "What happened."),
    )
    entry = queries.case_detail(session, case_id).chronology[0].id
    actions.add_addendum(session, case_id, entry, "A correction.")
    return cases_io.export_data(session)


def _problem(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as info:
        cases_io.validate(data)
    return str(info.value)


def test_problems_are_named_by_path(exported: dict[str, Any]) -> None:
    def mutated(change: Any) -> dict[str, Any]:
        data = copy.deepcopy(exported)
        change(data)
        return data

    cases_io.validate(exported)
    assert "cases[0].chronology[0].kind: 'memo' is not one of concern" in _problem(
        mutated(lambda d: d["cases"][0]["chronology"][0].update(kind="memo"))
    )
    assert "cases[0].opened_at: '2026/03/02' is not in the expected form" in _problem(
        mutated(lambda d: d["cases"][0].update(opened_at="2026/03/02"))
    )
    assert "cases[0].points.x: not an allowed name" in _problem(mutated(lambda d: d["cases"][0]["points"].update(x="")))
    assert "cases[0].ref: required" in _problem(mutated(lambda d: d["cases"][0].pop("ref")))
    assert "people[0].surname: must not be empty" in _problem(mutated(lambda d: d["people"][0].update(surname="")))
    assert "cases[0].chronology[1].amends_id: expected integer or null, found string" in _problem(
        mutated(lambda d: d["cases"][0]["chronology"][1].update(amends_id="1"))
    )
    assert "cases[0].answers.extra: expected object, found integer" in _problem(
        mutated(lambda d: d["cases"][0]["answers"].update(extra=3))
    )
    assert "(top level): expected object, found array" in _problem([])  # type: ignore[arg-type]
    assert "format: expected 'prevent-desktop-cases'" in _problem(mutated(lambda d: d.update(format="x")))
    # References after the schema: an addendum must amend an earlier entry of its own case.
    assert "cases[0].chronology[1].amends_id: no earlier entry" in _problem(
        mutated(lambda d: d["cases"][0]["chronology"][1].update(amends_id=99))
    )
