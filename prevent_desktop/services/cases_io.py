"""Export every case (with people, decisions, outcomes, reviews, tasks and the full chronology) as JSON, and import
it.

The format is defined by :data:`SCHEMA` (JSON Schema draft 2020-12, its enumerations built from ``domain.cases``;
``docs/cases-export.schema.json`` is generated from it by ``scripts/write_cases_schema.py`` and a test fails if it
is stale) and documented in ``docs/cases-export.md``. Import validates the whole file first (the schema, with the
``jsonschema`` library; then references and dates) and rejects it whole, naming the first problem with its path;
only then does it write, in one transaction. Export -> import into a fresh vault -> export gives the same data
(``exported_at`` aside).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.passwords import check_file_password
from prevent_desktop.domain.profile.categories import MAX_CATEGORY_ID
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store
from prevent_desktop.storage import sealed
from prevent_desktop.storage.atomic import write_atomically
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction

FORMAT = "prevent-desktop-cases"
FORMAT_VERSION = 1
SEALED_CONTENT = "cases-export"  # the content type inside an encrypted export (storage.sealed)

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_STAMP = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+([+-]\d{2}:\d{2}|Z)?)?$"
_TEXT = {"type": "string", "maxLength": rules.MAX_TEXT}
_SHORT = {"type": "string", "maxLength": rules.MAX_SHORT}
_ID = {"type": "integer", "minimum": 1}


# A case's properties that every file has; "tasks" (per-case tasks) and "category" (its concern category), added
# later, may be absent from older files.
CASE_REQUIRED = [
    "id", "ref", "person_id", "status", "opened_at", "summary", "concern_text", "raised_by_role", "raiser_name",
    "immediate_danger", "form_version", "answers", "points", "ready_reason", "ready_at", "exit_date", "closed_at",
    "created_at", "updated_at", "decisions", "outcomes", "reviews", "chronology",
]


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required if required is not None else list(props),
        "properties": props,
    }


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://prevent-desktop.invalid/cases-export.schema.json",
    "title": "Prevent Desktop cases export",
    **_obj(
        {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "exported_at": {"type": "string", "pattern": _STAMP},
            "people": {"type": "array", "items": {"$ref": "#/$defs/person"}},
            "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
        }
    ),
    "$defs": {
        "person": _obj(
            {
                "id": _ID,
                "forenames": {"type": "string", "minLength": 1, "maxLength": rules.MAX_SHORT},
                "surname": {"type": "string", "minLength": 1, "maxLength": rules.MAX_SHORT},
                "dob": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
                "role": _SHORT,
                "created_at": {"type": "string", "pattern": _STAMP},
            }
        ),
        "case": _obj(
            {
                "id": _ID,
                "ref": {"type": "string", "minLength": 1, "maxLength": 40},
                "person_id": _ID,
                "status": {"enum": list(rules.STATUSES)},
                "opened_at": {"type": "string", "pattern": _DATE},
                "summary": _TEXT,
                "concern_text": _TEXT,
                "raised_by_role": _SHORT,
                "raiser_name": _SHORT,
                "immediate_danger": {"type": "boolean"},
                "form_version": _SHORT,
                "answers": {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            _TEXT,
                            _obj({"answer": {"enum": ["", "yes", "no"]}, "text": _TEXT}),
                        ]
                    },
                },
                "points": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[1-9][0-9]?$"},
                    "additionalProperties": _TEXT,
                },
                "ready_reason": _TEXT,
                "ready_at": {"type": "string", "pattern": r"^(\d{4}-.*)?$"},
                "exit_date": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
                "closed_at": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
                "created_at": {"type": "string", "pattern": _STAMP},
                "updated_at": {"type": "string", "pattern": _STAMP},
                "decisions": {"type": "array", "items": {"$ref": "#/$defs/decision"}},
                "outcomes": {"type": "array", "items": {"$ref": "#/$defs/outcome"}},
                "reviews": {"type": "array", "items": {"$ref": "#/$defs/review"}},
                "chronology": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
                "tasks": {"type": "array", "items": {"$ref": "#/$defs/task"}},
                # the concern category's id (the organisation profile's concern_categories), "" = not recorded;
                # an id the importing vault does not list is kept as it is (shown as not in its list)
                "category": {"type": "string", "maxLength": MAX_CATEGORY_ID, "pattern": r"^([a-z0-9][a-z0-9_-]*)?$"},
            },
            required=CASE_REQUIRED,
        ),
        "decision": _obj(
            {
                "kind": {"enum": list(rules.DECISIONS)},
                "reason": {"type": "string", "minLength": 1, "maxLength": rules.MAX_TEXT},
                "decided_on": {"type": "string", "pattern": _DATE},
                "decided_by": _SHORT,
                "recorded_at": {"type": "string", "pattern": _STAMP},
            }
        ),
        "outcome": _obj(
            {
                "kind": {"enum": list(rules.OUTCOMES)},
                "outcome_on": {"type": "string", "pattern": _DATE},
                "notes": _TEXT,
                "recorded_by": _SHORT,
                "recorded_at": {"type": "string", "pattern": _STAMP},
            }
        ),
        "review": _obj(
            {
                "label": _SHORT,
                "due_on": {"type": "string", "pattern": _DATE},
                "done_on": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
                "notes": _TEXT,
                "done_by": _SHORT,
            }
        ),
        "task": _obj(
            {
                "text": {"type": "string", "minLength": 1, "maxLength": rules.MAX_SHORT, "pattern": r"\S"},
                "due_on": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
                "created_at": {"type": "string", "pattern": _STAMP},
                "created_by": _SHORT,
                "done_at": {"type": "string", "pattern": r"^(\d{4}-.*)?$"},
                "done_by": _SHORT,
            }
        ),
        "entry": _obj(
            {
                "id": _ID,
                "occurred_at": {"type": "string", "pattern": _STAMP},
                "recorded_at": {"type": "string", "pattern": _STAMP},
                "author": _SHORT,
                "kind": {"enum": list(rules.CHRONOLOGY_KINDS)},
                "text": {"type": "string", "maxLength": rules.MAX_TEXT},
                "amends_id": {"type": ["integer", "null"]},
            }
        ),
    },
}


# ----------------------------------------------------------------------------------------------------
# Validation by the jsonschema library against SCHEMA; the first problem is named with its path.
# ----------------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError as JsonSchemaError

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _where(path: Iterable[str | int]) -> str:
    """``cases[3].chronology[2].amends_id`` from jsonschema's path ("(top level)" for the whole file)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _child(path: Iterable[str | int], name: str) -> str:
    parent = _where(path)
    return name if parent == "(top level)" else f"{parent}.{name}"


def _say(error: JsonSchemaError) -> str:
    """One plain sentence for a jsonschema error, naming the path, e.g. ``people[0].nickname: unknown field``."""
    path, value, rule, kind = error.absolute_path, error.instance, error.validator_value, error.validator
    where = _where(path)
    if kind == "required":
        missing = next((name for name in rule if isinstance(value, dict) and name not in value), "?")
        return f"{_child(path, str(missing))}: required"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = next((key for key in value if key not in known), "?")
        return f"{_child(path, str(extra))}: unknown field"
    if kind == "propertyNames" or "propertyNames" in error.relative_schema_path:  # (the name is the instance)
        return f"{_child(path, str(value))}: not an allowed name"
    if kind == "const":
        return f"{where}: expected {rule!r}"
    if kind == "enum":
        return f"{where}: {str(value)[:40]!r} is not one of {', '.join(map(str, rule))}"
    if kind == "type":
        names = rule if isinstance(rule, list) else [rule]
        return f"{where}: expected {' or '.join(names)}, found {_JSON_TYPES.get(type(value), 'null')}"
    if kind == "minLength":
        return f"{where}: must not be empty"
    if kind == "maxLength":
        return f"{where}: longer than {rule:,} characters"
    if kind == "pattern":
        return f"{where}: {str(value)[:40]!r} is not in the expected form"
    if kind == "minimum":
        return f"{where}: must be at least {rule}"
    if kind == "anyOf" and error.context:
        return _say(error.context[-1])  # like the last alternative tried: the fuller form
    return f"{where}: not in the expected form"


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # imported when a file is imported (~0.1 s), not for export

    return Draft202012Validator(SCHEMA)


def first_problem(value: Any) -> str | None:
    """The first way ``value`` breaks SCHEMA, as a sentence naming its path; None when it conforms."""
    error = next(iter(_validator().iter_errors(value)), None)
    return None if error is None else _say(error)


# ----------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------


def _bare(row: Any, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: row[k] for k in row.keys() if k not in drop and k != "id"}


def export_data(session: Session) -> dict[str, Any]:
    conn = session.conn
    people = [
        {"id": r["id"], "forenames": r["forenames"], "surname": r["surname"], "dob": r["dob"], "role": r["role"],
         "created_at": r["created_at"]}
        for r in conn.execute("SELECT * FROM people ORDER BY id").fetchall()
    ]
    by_case: dict[str, dict[int, list[Any]]] = {}
    for table in ("decisions", "outcomes", "reviews", "chronology", "tasks"):
        grouped: dict[int, list[Any]] = {}
        for r in conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall():
            grouped.setdefault(int(r["case_id"]), []).append(r)
        by_case[table] = grouped
    cases = []
    for r in conn.execute("SELECT * FROM cases ORDER BY id").fetchall():
        cid = int(r["id"])
        cases.append({
            "id": cid,
            "ref": r["ref"],
            "person_id": r["person_id"],
            "status": r["status"],
            "opened_at": r["opened_at"],
            "summary": r["summary"],
            "concern_text": r["concern_text"],
            "raised_by_role": r["raised_by_role"],
            "raiser_name": r["raiser_name"],
            "immediate_danger": bool(r["immediate_danger"]),
            "form_version": r["form_version"],
            "answers": json.loads(r["answers_json"]),
            "points": json.loads(r["points_json"]),
            "ready_reason": r["ready_reason"],
            "ready_at": r["ready_at"],
            "exit_date": r["exit_date"],
            "closed_at": r["closed_at"],
            "created_at": r["created_at"] or r["updated_at"],
            "updated_at": r["updated_at"],
            "decisions": [_bare(x) for x in by_case["decisions"].get(cid, [])],
            "outcomes": [_bare(x) for x in by_case["outcomes"].get(cid, [])],
            "reviews": [_bare(x) for x in by_case["reviews"].get(cid, [])],
            "chronology": [
                {"id": x["id"], **_bare(x)} for x in by_case["chronology"].get(cid, [])
            ],
            "tasks": [_bare(x) for x in by_case["tasks"].get(cid, [])],
            "category": r["category"],
        })
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": now_iso(),
        "people": people,
        "cases": cases,
    }


def export_to_file(session: Session, target: Path, password: str | None = None) -> int:
    """Write the export as plain JSON, or with ``password`` as an encrypted container (``storage.sealed``: Argon2id +
    AES-256-GCM) that ``read_file`` opens with the same password."""
    if password is not None:
        check_file_password(password, "export password")
    data = export_data(session)
    payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    if password is not None:
        payload = sealed.seal(payload, password, SEALED_CONTENT)
    write_atomically(target, payload)
    with transaction(session.conn):
        encrypted = "yes" if password is not None else "no"
        session.audit("cases.export", "case", "", f"count={len(data['cases'])} encrypted={encrypted}")
    return len(data["cases"])


def is_encrypted_file(source: Path) -> bool:
    """Whether ``source`` is an encrypted export (its password is needed to read it)."""
    try:
        with open(source, "rb") as fh:
            return sealed.is_sealed(fh.read(len(sealed.MAGIC)))
    except OSError:
        return False


# ----------------------------------------------------------------------------------------------------
# Import
# ----------------------------------------------------------------------------------------------------


def _check_date(text: str, path: str, today: date) -> None:
    if not text:
        return
    try:
        when = datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{path}: {text!r} is not a real date") from None
    if when > today:
        raise ValidationError(f"{path}: the date is in the future")


def validate(data: Any, session: Session | None = None) -> None:
    """Raise ValidationError naming the first problem; None when the whole file can be imported."""
    problem = first_problem(data)
    if problem:
        raise ValidationError(f"Not imported: {problem}.")
    today = date.today()
    people_ids: set[int] = set()
    for i, p in enumerate(data["people"]):
        if p["id"] in people_ids:
            raise ValidationError(f"Not imported: people[{i}].id: {p['id']} appears twice.")
        people_ids.add(p["id"])
        if p["dob"]:
            try:
                rules.check_dob(p["dob"], today)
            except ValidationError as exc:
                raise ValidationError(f"Not imported: people[{i}].dob: {exc}") from None
    refs: set[str] = set()
    case_ids: set[int] = set()
    entry_ids: set[int] = set()  # every entry of the file (ids are unique across cases)
    for i, c in enumerate(data["cases"]):
        base = f"cases[{i}]"
        if c["ref"] in refs or c["id"] in case_ids:
            raise ValidationError(f"Not imported: {base}: the case {c['ref']} appears twice.")
        refs.add(c["ref"])
        case_ids.add(c["id"])
        if c["person_id"] not in people_ids:
            raise ValidationError(f"Not imported: {base}.person_id: no person with id {c['person_id']}.")
        if session is not None and store.get_case_by_ref(session.conn, c["ref"]) is not None:
            raise ValidationError(f"Not imported: {base}.ref: the case {c['ref']} is already in this vault.")
        _check_date(c["opened_at"], f"Not imported: {base}.opened_at", today)
        for j, d in enumerate(c["decisions"]):
            if not d["reason"].strip():
                raise ValidationError(f"Not imported: {base}.decisions[{j}].reason: must not be empty.")
            _check_date(d["decided_on"], f"Not imported: {base}.decisions[{j}].decided_on", today)
        this_case: set[int] = set()
        for j, e in enumerate(c["chronology"]):
            if e["id"] in entry_ids:
                raise ValidationError(f"Not imported: {base}.chronology[{j}].id: {e['id']} appears twice.")
            if e["amends_id"] is not None and (e["amends_id"] not in this_case or e["amends_id"] >= e["id"]):
                raise ValidationError(
                    f"Not imported: {base}.chronology[{j}].amends_id: no earlier entry {e['amends_id']} in this case."
                )
            entry_ids.add(e["id"])
            this_case.add(e["id"])


def read_file(source: Path, password: str | None = None) -> Any:
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Not imported: {source.name} cannot be read ({exc.strerror}).") from None
    if sealed.is_sealed(raw):
        if password is None:
            raise ValidationError(f"Not imported: {source.name} is encrypted; give its password.")
        raw = sealed.unseal(raw, password, SEALED_CONTENT, source.name)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(f"Not imported: {source.name} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"Not imported: {source.name} is not valid JSON (line {exc.lineno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise ValidationError(f"Not imported: {source.name} is nested too deeply.") from None


def import_data(session: Session, data: Any) -> int:
    validate(data, session)
    conn = session.conn
    now = now_iso()
    with transaction(conn):
        person_map: dict[int, int] = {}
        for p in data["people"]:
            person_map[p["id"]] = store.insert_person(
                conn, p["forenames"], p["surname"], p["dob"], p["role"],
                rules.name_key(p["forenames"], p["surname"]), p["created_at"],
            )
        case_map: dict[int, int] = {}
        for c in data["cases"]:
            case_id = store.insert_case(conn, {
                "ref": c["ref"], "person_id": person_map[c["person_id"]], "status": c["status"],
                "opened_at": c["opened_at"], "summary": c["summary"], "concern_text": c["concern_text"],
                "raised_by_role": c["raised_by_role"], "raiser_name": c["raiser_name"],
                "immediate_danger": int(c["immediate_danger"]), "form_version": c["form_version"],
                "answers_json": json.dumps(c["answers"], ensure_ascii=False, sort_keys=True),
                "points_json": json.dumps(c["points"], ensure_ascii=False, sort_keys=True),
                "ready_reason": c["ready_reason"], "ready_at": c["ready_at"], "exit_date": c["exit_date"],
                "closed_at": c["closed_at"], "created_at": c["created_at"], "updated_at": c["updated_at"],
                "category": c.get("category", ""),
            })
            case_map[c["id"]] = case_id
            for table in ("decisions", "outcomes", "reviews", "tasks"):
                for item in c.get(table, []):
                    store.insert_row(conn, table, {"case_id": case_id, **item})
        # Entries go in in the order of their ids across all cases (as they were written), so a fresh vault
        # numbers them as the source did, even where cases' entries interleave (an addendum amends a smaller id).
        entry_map: dict[int, int] = {}
        entries = sorted(((e["id"], c["id"], e) for c in data["cases"] for e in c["chronology"]), key=lambda t: t[0])
        by_case: dict[int, list[tuple[int, int | None, str]]] = {}
        for old_id, old_case, e in entries:
            values = {k: v for k, v in e.items() if k != "id"}
            values["case_id"] = case_map[old_case]
            values["amends_id"] = entry_map[e["amends_id"]] if e["amends_id"] is not None else None
            entry_map[old_id] = store.insert_row(conn, "chronology", values, index=False)
            by_case.setdefault(values["case_id"], []).append((values["case_id"], entry_map[old_id], e["text"]))
        # Indexed together (each case's own text, then its entries): one index write instead of one per entry.
        store.index_bulk(conn, [
            doc for case_id in case_map.values()
            for doc in ((case_id, None, store.case_body(conn, case_id) or ""), *by_case.get(case_id, []))
        ])
        session.audit("cases.import", "case", "", f"count={len(data['cases'])} at={now}")
    return len(data["cases"])


def import_file(session: Session, source: Path) -> int:
    return import_data(session, read_file(source))
