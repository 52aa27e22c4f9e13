"""Export every case (with people, decisions, outcomes, reviews, tasks, the full chronology and the files attached,
as base64) as JSON, and import it.

The format is defined by :data:`SCHEMA` (JSON Schema draft 2020-12, its enumerations built from ``domain.cases``;
``docs/cases-export.schema.json`` is generated from it by ``scripts/write_cases_schema.py`` and a test fails if it
is stale) and documented in ``docs/cases-export.md``. Import validates the whole file first (the schema, with the
``jsonschema`` library, each person and case first by a ``fastjsonschema`` validator compiled from the same
schema; then references and dates) and rejects it whole, naming the first problem with its path;
only then does it write, in one transaction. Export -> import into a fresh vault -> export gives the same data
(``exported_at`` aside).

Both stream (issue 11), so their memory does not grow with the number of cases: the export reads the vault a batch
of cases at a time and writes each case as it comes (``write_atomically_from``; sealed on the way with
``sealed.seal_stream``). The import reads the file in passes (``json_passes``: each re-reads and, if sealed,
re-decrypts and checks the tag): 1. the top level and the people, each person checked against its part of the
schema and only its id kept; 2. each case checked and forgotten (the schema's case part, references, duplicates,
dates, files); 3. the people written, then 4. each case, in one transaction committed only after each pass saw the
same bytes as the first (and a good tag). jsonschema's order of errors over the whole document is kept, so the
first problem named is the one the whole-file check named.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prevent_desktop.domain import case_status
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.files import MAX_FILE_BYTES
from prevent_desktop.domain.passwords import check_file_password
from prevent_desktop.domain.profile.categories import MAX_CATEGORY_ID
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.cases.changes import sync_status
from prevent_desktop.services.session import Session
from prevent_desktop.storage import attachments as attachment_store
from prevent_desktop.storage import cases as store
from prevent_desktop.storage import sealed
from prevent_desktop.storage.atomic import write_atomically_from
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection, read_snapshot, transaction

FORMAT = "prevent-desktop-cases"
FORMAT_VERSION = 1
SEALED_CONTENT = "cases-export"  # the content type inside an encrypted export (storage.sealed)

_DATE = r"^\d{4}-\d{2}-\d{2}$"
_STAMP = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+([+-]\d{2}:\d{2}|Z)?)?$"
_TEXT = {"type": "string", "maxLength": rules.MAX_TEXT}
_SHORT = {"type": "string", "maxLength": rules.MAX_SHORT}
_ID = {"type": "integer", "minimum": 1}
_BASE64_MAX = (MAX_FILE_BYTES + 2) // 3 * 4


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
                # Files kept with the case, their bytes base64-encoded; optional (older files have none).
                "attachments": {"type": "array", "items": {"$ref": "#/$defs/attachment"}},
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
        "attachment": _obj(
            {
                "entry_id": _ID,  # the entry of this case's chronology that records the attaching
                "filename": {"type": "string", "minLength": 1, "maxLength": rules.MAX_SHORT},
                "mime": _SHORT,
                "size": {"type": "integer", "minimum": 1, "maximum": MAX_FILE_BYTES},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "note": _TEXT,
                "added_at": {"type": "string", "pattern": _STAMP},
                "added_by": _SHORT,
                "data": {"type": "string", "contentEncoding": "base64", "maxLength": _BASE64_MAX},
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
                # The status event the entry records (domain/case_status.py); optional: files written before
                # events were kept have none, and their events are inferred at import (_legacy_events).
                "event": {"enum": ["", *case_status.EVENT_CODES]},
            },
            required=["id", "occurred_at", "recorded_at", "author", "kind", "text", "amends_id"],
        ),
    },
}


# ----------------------------------------------------------------------------------------------------
# Validation by the jsonschema library against SCHEMA (each item of the file by fastjsonschema first); the first
# problem is named with its path.
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


def _say(error: JsonSchemaError, prefix: tuple[str | int, ...] = ()) -> str:
    """One plain sentence for a jsonschema error, naming the path, e.g. ``people[0].nickname: unknown field``
    (``prefix``: the path of the item the error's validator was given, e.g. ``("cases", 3)``)."""
    path, value, rule, kind = (*prefix, *error.absolute_path), error.instance, error.validator_value, error.validator
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
        return _say(error.context[-1], prefix)  # like the last alternative tried: the fuller form
    return f"{where}: not in the expected form"


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # imported when a file is imported (~0.1 s), not for export

    return Draft202012Validator(SCHEMA)


@cache
def _item_validator(kind: str) -> Any:
    """The validator of one item of the file (``person``, ``case``): its part of SCHEMA."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{kind}"})


def first_problem(value: Any) -> str | None:
    """The first way ``value`` breaks SCHEMA, as a sentence naming its path; None when it conforms."""
    error = next(iter(_validator().iter_errors(value)), None)
    return None if error is None else _say(error)


# The fast path (issue 11): each item goes first through a validator fastjsonschema compiles from the same SCHEMA
# (~45 ms for 1,000 cases, jsonschema ~560 ms); only an item it rejects goes to jsonschema, which names the problem
# as before (or finds none: jsonschema decides). So the fast one must never accept what jsonschema rejects, which
# tests/unit/test_cases_fast_schema.py checks change by change and item by generated item; where they differ it is
# stricter (a "$" of a pattern matches only at the very end of the text, not also before a final newline as in
# Python's re.search). (It takes a tuple for an array, jsonschema does not: json and ijson never make one.)
_ANNOTATIONS = ("contentEncoding",)  # annotations in 2020-12; draft-07 fastjsonschema would base64-decode the data


def _fast_schema(kind: str) -> dict[str, Any]:
    """SCHEMA's part for one item for fastjsonschema: as draft-07, the newest draft it implements (every keyword
    SCHEMA uses means the same there as in 2020-12), without the annotations it would act on."""

    def assertions(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: assertions(v) for k, v in node.items() if k not in _ANNOTATIONS}
        return [assertions(v) for v in node] if isinstance(node, list) else node

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$defs": assertions(SCHEMA["$defs"]),
        "$ref": f"#/$defs/{kind}",
    }


@cache
def _fast_accepts(kind: str) -> Callable[[Any], bool]:
    """Whether one item (``person``, ``case``) conforms, by fastjsonschema; compiled once a process, when a file is
    first checked (the case part ~11 ms, the person part ~2 ms: Python source made from the schema, then exec)."""
    import fastjsonschema  # imported when a file is imported (~10 ms), not at start-up

    # (use_default=False: it would otherwise write a schema's defaults into the item; SCHEMA has none today)
    validate = fastjsonschema.compile(
        _fast_schema(kind), use_default=False, use_formats=False, detailed_exceptions=False
    )
    rejected = fastjsonschema.JsonSchemaValueException

    def accepts(item: Any) -> bool:
        try:
            validate(item)
        except rejected:
            return False
        return True

    return accepts


def _item_problem(kind: str, item: Any, prefix: tuple[str | int, ...]) -> str | None:
    if _fast_accepts(kind)(item):
        return None
    error = next(iter(_item_validator(kind).iter_errors(item)), None)
    return None if error is None else _say(error, prefix)


_BIG = ("people", "cases")  # the top level's arrays, checked item by item


def _top_problem(top: Any, people: _People) -> str | None:
    """The first schema problem of the top level (``top``: its arrays left empty) or of a person, in the order
    jsonschema reports them for the whole document (the top level's own rules, then its fields in SCHEMA's order:
    format, format_version, exported_at, people, cases), the problems inside ``cases`` aside (pass 2)."""
    first = next(iter(_validator().iter_errors(top)), None)
    if first is not None and list(first.absolute_path)[:1] != ["cases"]:
        return _say(first)
    if people.schema_problem is not None and isinstance(top, dict) and isinstance(top.get("people"), list):
        return people.schema_problem
    return None if first is None else _say(first)


class _Ids:
    """A set of positive integer ids in a bit each (a vault's ids are small and dense), a plain set for any beyond
    ``_Ids.BITS``: the import checks every entry id of the file for duplicates without a set entry (~60 bytes) each."""

    BITS = 1 << 27  # 16 MiB of bits at most

    def __init__(self) -> None:
        self._bits = bytearray()
        self._other: set[Any] = set()

    def add(self, value: Any) -> None:
        if isinstance(value, float) and value.is_integer():  # (1.0 is the integer 1 to the schema, as to a set)
            value = int(value)
        if isinstance(value, int) and 0 < value < self.BITS:
            byte = value >> 3
            if byte >= len(self._bits):
                self._bits.extend(bytes(max(byte + 1, 2 * len(self._bits)) - len(self._bits)))
            self._bits[byte] |= 1 << (value & 7)
        else:
            self._other.add(value)

    def __contains__(self, value: Any) -> bool:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and 0 < value < self.BITS:
            byte = value >> 3
            return byte < len(self._bits) and bool(self._bits[byte] & (1 << (value & 7)))
        return value in self._other


class _People:
    """Pass 1's people, each checked as it is read (its part of the schema, then a repeated id and the date of
    birth), only its id kept; the first problem of each kind is said after the pass (the top level's come first)."""

    def __init__(self) -> None:
        self.today = date.today()
        self.ids = _Ids()
        self.schema_problem: str | None = None
        self.problem: ValidationError | None = None

    def __call__(self, i: int, p: Any) -> None:
        if self.schema_problem is not None:
            return
        problem = _item_problem("person", p, ("people", i))
        if problem:
            self.schema_problem = problem
            return
        if self.problem is None:
            try:
                self._check(i, p)
            except ValidationError as exc:
                self.problem = exc
        self.ids.add(p["id"])

    def _check(self, i: int, p: Any) -> None:
        if p["id"] in self.ids:
            raise ValidationError(f"Not imported: people[{i}].id: {p['id']} appears twice.")
        if p["dob"]:
            try:
                rules.check_dob(p["dob"], self.today)
            except ValidationError as exc:
                raise ValidationError(f"Not imported: people[{i}].dob: {exc}") from None


# ----------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------


def _bare(row: Any, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: row[k] for k in row.keys() if k not in drop and k != "id"}


def _person_doc(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "forenames": r["forenames"], "surname": r["surname"], "dob": r["dob"], "role": r["role"],
            "created_at": r["created_at"]}


def _case_doc(r: Any, rows: dict[str, list[Any]], files: list[Any]) -> dict[str, Any]:
    return {
        "id": int(r["id"]),
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
        "decisions": [_bare(x) for x in rows["decisions"]],
        "outcomes": [_bare(x) for x in rows["outcomes"]],
        "reviews": [_bare(x) for x in rows["reviews"]],
        "chronology": [{"id": x["id"], **_bare(x)} for x in rows["chronology"]],
        "attachments": [
            {**_bare(x, ("case_id", "data")), "data": base64.b64encode(bytes(x["data"])).decode("ascii")}
            for x in files
        ],
        "tasks": [_bare(x) for x in rows["tasks"]],
        "category": r["category"],
    }


class _ByCase:
    """Rows ordered by case id, read lazily: ``take(case_id)`` gives that case's (skipping any before it)."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._rows = rows
        self._next = next(rows, None)

    def take(self, case_id: int) -> list[Any]:
        taken = []
        while self._next is not None and int(self._next["case_id"]) <= case_id:
            if int(self._next["case_id"]) == case_id:
                taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _people_docs(session: Session) -> Iterator[dict[str, Any]]:
    for r in store.people_for_export(session.conn):
        yield _person_doc(r)


def _case_docs(session: Session) -> Iterator[dict[str, Any]]:
    """Every case's document, in id order, read a batch of cases at a time (files one case at a time)."""
    conn = session.conn
    for cases, rows in store.cases_for_export(conn):
        files = _ByCase(attachment_store.rows_for_export(conn, int(cases[0]["id"]), int(cases[-1]["id"])))
        for r in cases:
            cid = int(r["id"])
            yield _case_doc(r, {table: grouped.get(cid, []) for table, grouped in rows.items()}, files.take(cid))


def _head() -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": now_iso()}


def export_data(session: Session) -> dict[str, Any]:
    """The whole export as one value in memory (tests, small vaults); ``export_to_file`` streams it instead."""
    return {**_head(), "people": list(_people_docs(session)), "cases": list(_case_docs(session))}


_FLUSH = 1 << 18  # bytes gathered before a write


def _json_chunks(
    head: dict[str, Any], arrays: Iterable[tuple[str, Iterable[dict[str, Any]]]], counts: dict[str, int]
) -> Iterator[bytes]:
    """The export's JSON as ``json.dumps(..., ensure_ascii=False, indent=1)`` writes it, sorted keys in each item,
    in pieces of about _FLUSH bytes: ``head``'s fields, then each array (written one item at a time)."""
    parts: list[str] = ["{"]
    size = 0
    fields = [f'\n {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}' for k, v in head.items()]
    parts.append(",".join(fields))
    for name, items in arrays:
        parts.append(f",\n {json.dumps(name)}: [")
        n = 0
        for item in items:
            text = json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")
            parts.append(("," if n else "") + "\n  " + text)
            n += 1
            size += len(text)
            if size >= _FLUSH:
                yield "".join(parts).encode("utf-8")
                parts, size = [], 0
        parts.append("\n ]" if n else "]")
        counts[name] = n
    parts.append("\n}")
    yield "".join(parts).encode("utf-8")


def export_to_file(session: Session, target: Path, password: str | None = None) -> int:
    """Write the export as plain JSON, or with ``password`` as an encrypted container (``storage.sealed``: Argon2id +
    AES-256-GCM) that ``import_file`` opens with the same password. Streamed: a case is read, written (encrypted
    on the way) and forgotten; the file appears whole (temp file, fsync, rename) or not at all, and with a password
    no plaintext ever reaches the disk."""
    if password is not None:
        check_file_password(password, "export password")
    counts: dict[str, int] = {}
    chunks = _json_chunks(_head(), (("people", _people_docs(session)), ("cases", _case_docs(session))), counts)
    if password is not None:
        chunks = sealed.seal_stream(chunks, password, SEALED_CONTENT)
    with read_snapshot(session.conn):  # one state of the vault, however long the writing takes
        write_atomically_from(target, chunks)
    with transaction(session.conn):
        encrypted = "yes" if password is not None else "no"
        session.audit("cases.export", "case", "", f"count={counts['cases']} encrypted={encrypted}")
    return counts["cases"]


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


class _Doc:
    """A file already in memory (a value from ``json.loads`` or ``export_data``)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def top(self, on_person: Callable[[int, Any], None]) -> Any:
        data = self.data
        if not isinstance(data, dict):
            return data
        if isinstance(data.get("people"), list):
            for i, person in enumerate(data["people"]):
                on_person(i, person)
        return {k: type(v)() if k in _BIG and isinstance(v, list | dict) else v for k, v in data.items()}

    @contextlib.contextmanager
    def items(self, name: str) -> Iterator[Iterator[Any]]:
        yield iter(self.data[name])


class _File:
    """A file on disk, plain or sealed, read in passes (``json_passes``)."""

    def __init__(self, source: Path, password: str | None) -> None:
        from prevent_desktop.services.json_passes import JsonFile

        self.file = JsonFile(source, password, SEALED_CONTENT)

    def top(self, on_person: Callable[[int, Any], None]) -> Any:
        from prevent_desktop.services.json_passes import scan_top

        with self.file.reading() as reader:
            top, twice = scan_top(self.file.events(reader), "people", on_person)
        if twice is not None:
            raise ValidationError(
                f"Not imported: {self.file.name}: {str(twice)[:40]!r} appears twice at the top level of the file."
            )
        return top

    @contextlib.contextmanager
    def items(self, name: str) -> Iterator[Iterator[Any]]:
        """One pass over the items of the top-level array ``name`` (``people`` or ``cases``)."""
        with self.file.reading() as reader:
            yield self.file.items(reader, f"{name}.item")


_Source = _Doc | _File


class _Checks:
    """Pass 2: each case checked in turn, nothing of it kept but its ids and reference. A schema problem is raised
    at once (jsonschema, over the whole file, names one before any check of references or dates); the first other
    problem (the people's before any case's) waits until every case has passed the schema."""

    def __init__(self, people: _People, session: Session | None) -> None:
        self.today = people.today
        self.session = session
        self.problem: ValidationError | None = people.problem  # (the people's are named before the cases')
        self.people_ids = people.ids
        self.refs: dict[str, int] = {}  # each case's reference -> its index in the file
        self.case_ids = _Ids()
        self.entry_ids = _Ids()  # every entry of the file (ids are unique across cases)
        self.max_entry = 0
        self.count = 0

    def case(self, i: int, c: Any) -> None:
        problem = _item_problem("case", c, ("cases", i))
        if problem:
            raise ValidationError(f"Not imported: {problem}.")
        self.count += 1
        if self.problem is None:
            try:
                self._case(i, c)
            except ValidationError as exc:
                self.problem = exc

    def _case(self, i: int, c: Any) -> None:
        today = self.today
        base = f"cases[{i}]"
        if c["ref"] in self.refs or c["id"] in self.case_ids:
            raise ValidationError(f"Not imported: {base}: the case {c['ref']} appears twice.")
        self.refs[c["ref"]] = i
        self.case_ids.add(c["id"])
        if c["person_id"] not in self.people_ids:
            raise ValidationError(f"Not imported: {base}.person_id: no person with id {c['person_id']}.")
        if self.session is not None and store.get_case_by_ref(self.session.conn, c["ref"]) is not None:
            raise ValidationError(f"Not imported: {base}.ref: the case {c['ref']} is already in this vault.")
        _check_date(c["opened_at"], f"Not imported: {base}.opened_at", today)
        for j, d in enumerate(c["decisions"]):
            if not d["reason"].strip():
                raise ValidationError(f"Not imported: {base}.decisions[{j}].reason: must not be empty.")
            _check_date(d["decided_on"], f"Not imported: {base}.decisions[{j}].decided_on", today)
        this_case: set[int] = set()
        for j, e in enumerate(c["chronology"]):
            if e["id"] in self.entry_ids:
                raise ValidationError(f"Not imported: {base}.chronology[{j}].id: {e['id']} appears twice.")
            if e["amends_id"] is not None and (e["amends_id"] not in this_case or e["amends_id"] >= e["id"]):
                raise ValidationError(
                    f"Not imported: {base}.chronology[{j}].amends_id: no earlier entry {e['amends_id']} in this case."
                )
            self.entry_ids.add(e["id"])
            this_case.add(e["id"])
            self.max_entry = max(self.max_entry, e["id"])
        for j, a in enumerate(c.get("attachments", [])):
            where = f"Not imported: {base}.attachments[{j}]"
            if a["entry_id"] not in this_case:
                raise ValidationError(f"{where}.entry_id: no entry {a['entry_id']} in this case.")
            _file_bytes(a, where)


def _validated(source: _Source, session: Session | None) -> _Checks:
    """Passes 1 and 2: ValidationError naming the first problem; the checks' state when the file can be imported."""
    people = _People()
    top = source.top(people)
    problem = _top_problem(top, people)
    if problem:
        raise ValidationError(f"Not imported: {problem}.")
    checks = _Checks(people, session)
    with source.items("cases") as cases:
        for i, c in enumerate(cases):
            checks.case(i, c)
    if checks.problem is not None:
        raise checks.problem
    return checks


def validate(data: Any, session: Session | None = None) -> None:
    """Raise ValidationError naming the first problem; None when the whole file can be imported."""
    _validated(_Doc(data), session)


class CheckedFile:
    """A file ``check_file`` found importable. ``import_file`` given it imports exactly the bytes checked (each of
    its passes must read the same bytes as the check's, or nothing is imported) and does not check every case
    against the schema a second time (~1.7 ms a case: 170 s of a 100,000-case import, issue 11); what depends on
    the vault (a reference already in it) is still checked."""

    def __init__(self, source: _File, checks: _Checks) -> None:
        self.source = source
        self.checks = checks


def check_file(source: Path, password: str | None = None) -> CheckedFile:
    """``validate`` of a file, read as a stream (the CLI checks a plain file before asking for the passphrase)."""
    file = _File(source, password)
    return CheckedFile(file, _validated(file, None))


def _check_against_vault(session: Session, checks: _Checks) -> None:
    """What ``_Checks`` checks only with a vault: no case of the file is already in it (the first, in file order)."""
    for ref, i in checks.refs.items():
        if store.get_case_by_ref(session.conn, ref) is not None:
            raise ValidationError(f"Not imported: cases[{i}].ref: the case {ref} is already in this vault.")


def _file_bytes(a: dict[str, Any], where: str) -> bytes:
    """An attachment's bytes from the file, checked against its size and SHA-256."""
    try:
        data = base64.b64decode(a["data"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(f"{where}.data: not base64 text.") from None
    if len(data) != a["size"] or hashlib.sha256(data).hexdigest() != a["sha256"]:
        raise ValidationError(f"{where}.data: the file does not match its size and SHA-256 (damaged or changed).")
    return data


_MAX_ID = (1 << 63) - 1  # SQLite's largest integer
INDEX_CASES = 2_000  # imported cases indexed at a time (their own text and entries: a few MB; fewer batches, fewer
# index segments to merge, whose freed pages would stay in the file)


def import_data(session: Session, data: Any) -> int:
    """Import a file already in memory (``json.loads`` of it, or ``export_data``)."""
    return _import(session, _Doc(data))


def import_file(session: Session, source: Path | CheckedFile, password: str | None = None) -> int:
    """Import an export file, plain or (with ``password``) encrypted, read as a stream in three passes; or the file
    ``check_file`` checked (then in two: it is not checked again, only against this vault)."""
    if isinstance(source, CheckedFile):
        _check_against_vault(session, source.checks)
        return _import(session, source.source, source.checks)
    return _import(session, _File(source, password))


def _import(session: Session, source: _Source, checks: _Checks | None = None) -> int:
    if checks is None:
        checks = _validated(source, session)
    conn = session.conn
    now = now_iso()
    with transaction(conn):
        # Entries keep their ids, moved past the vault's own: a fresh vault numbers them as the source did (even
        # where cases' entries interleave), and each case is written on its own.
        offset = store.max_chronology_id(conn)
        if offset + checks.max_entry > _MAX_ID:
            raise ValidationError("Not imported: the file's chronology entry ids are too large for this vault.")
        person_map: dict[int, int] = {}  # (the people are read again: a pass of their own, before the cases)
        with source.items("people") as people:
            for p in people:
                person_map[p["id"]] = store.insert_person(
                    conn, p["forenames"], p["surname"], p["dob"], p["role"],
                    rules.name_key(p["forenames"], p["surname"]), p["created_at"],
                )
        written = array("q")  # the new cases' ids (8 bytes each)
        with source.items("cases") as cases:
            for i, c in enumerate(cases):
                written.append(_insert_case(conn, i, c, person_map, offset))
        # (leaving the pass checked it read the bytes that were validated, and a sealed file's tag)
        count = len(written)
        if count != checks.count:
            raise ValidationError("Not imported: the file changed while it was being imported; nothing was imported.")
        # Then, once every row is written (reads between the writes would slow each write down several times):
        # the search index, a batch of cases at a time (each case's own text, then its entries by id), and the
        # status of each case, which follows from its events whatever the file said.
        batches = 0
        for start in range(0, count, INDEX_CASES):
            _index_cases(conn, written[start : start + INDEX_CASES])
            batches += 1
        if batches > 1 or store.BULK_OPTIMIZE_DOCS <= count:
            store.optimize_search_index(conn)
        for case_id in written:
            sync_status(session, case_id)
        session.audit("cases.import", "case", "", f"count={count} at={now}")
    return count


def _insert_case(conn: Connection, i: int, c: dict[str, Any], person_map: dict[int, int], offset: int) -> int:
    """Write one case with its rows (entries with their ids moved past ``offset``); its new id."""
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
    for table in ("decisions", "outcomes", "reviews", "tasks"):
        for item in c.get(table, []):
            store.insert_row(conn, table, {"case_id": case_id, **item})
    legacy = None if any(e.get("event") for e in c["chronology"]) else _legacy_events(c)
    for e in c["chronology"]:  # (in the file's order: an addendum comes after the entry it amends)
        values = {k: v for k, v in e.items() if k != "id"}
        if legacy is not None:
            values["event"] = legacy.get(e["id"], "")
        values["id"] = offset + e["id"]
        values["case_id"] = case_id
        values["amends_id"] = offset + e["amends_id"] if e["amends_id"] is not None else None
        store.insert_row(conn, "chronology", values, index=False)
    for j, a in enumerate(c.get("attachments", [])):
        values = {k: v for k, v in a.items() if k != "data"}
        attachment_store.insert(conn, {
            **values, "case_id": case_id, "entry_id": offset + a["entry_id"],
            "data": _file_bytes(a, f"Not imported: cases[{i}].attachments[{j}]"),
        })
    return case_id


def _index_cases(conn: Connection, case_ids: Sequence[int]) -> None:
    """Index imported cases (ids in increasing order): each case's own text, then its entries by id."""
    if not case_ids:
        return
    wanted = set(case_ids)
    entries: dict[int, list[tuple[int, int | None, str]]] = {}
    for case_id, entry_id, text in store.entries_for_index(conn, case_ids[0], case_ids[-1]):
        if case_id in wanted:
            entries.setdefault(case_id, []).append((case_id, entry_id, text))
    store.index_bulk(conn, [
        doc for case_id in case_ids
        for doc in ((case_id, None, store.case_body(conn, case_id) or ""), *entries.get(case_id, []))
    ], optimize=False)


def _legacy_events(case: dict[str, Any]) -> dict[int, str]:
    """The status events of a case from a file written before entries carried them, by entry id: each step then
    wrote one entry of its own kind, in order (the first concern; each referral entry marked it ready; the n-th
    decision and outcome entries go with the n-th decision and outcome; each review entry completed a review;
    each status entry closed the case)."""
    decisions = iter(d["kind"] for d in case["decisions"])
    outcomes = iter(o["kind"] for o in case["outcomes"])
    events: dict[int, str] = {}
    for e in sorted(case["chronology"], key=lambda x: x["id"]):
        kind, code = e["kind"], ""
        if e["amends_id"] is not None:
            continue
        if kind == "concern" and case_status.CONCERN not in events.values():
            code = case_status.CONCERN
        elif kind == "referral":
            code = case_status.REFERRAL_READY
        elif kind == "decision":
            code = f"{case_status.DECISION}:{next(decisions, '')}"
        elif kind == "outcome":
            code = f"{case_status.OUTCOME}:{next(outcomes, '')}"
        elif kind == "review":
            code = case_status.REVIEW_DONE
        elif kind == "status":
            code = case_status.CLOSED
        if code and not code.endswith(":"):
            events[e["id"]] = code
    return events

