"""The import's fast check of each item (issue 11): a fastjsonschema validator compiled from SCHEMA accepts an item
only when jsonschema (the authority: it names every problem) accepts it too, so the fast path changes no result and
no message. Differential tests, for both kinds (people and cases): every single change by the rules of a full item
(each rule of each place at and over its boundaries: bounds, lengths in code points, patterns broken or followed by
a final newline, enumerations, types with bools, whole and fractional floats, NaN and infinities for integers;
each key dropped; unknown and badly named keys added; arrays given items of the wrong kind), then items generated
from SCHEMA itself, valid or changed once or more (those changes, or random ones: any JSON value anywhere, nested
lists), then any JSON value as an item.

Where the two libraries differ it is by design, and in the safe direction only: fastjsonschema reads a pattern's
``$`` as ``\\Z`` (the very end of the text), while jsonschema's ``re.search`` lets ``$`` also match before a final
newline. So the test compares fastjsonschema with jsonschema given the same schema with ``$`` read as ``\\Z``
(they must agree exactly), and checks that the fast one accepting means jsonschema accepts."""

from __future__ import annotations

import copy
import math
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.files import MAX_FILE_BYTES
from prevent_desktop.services import cases_io
from tests.conftest import ROOT

DEFS = cases_io.SCHEMA["$defs"]
KINDS = ("person", "case")


def _strict(node: Any) -> Any:
    """SCHEMA with each pattern's ``$`` read as ``\\Z``, as fastjsonschema reads it."""
    if isinstance(node, dict):
        return {k: re.sub(r"(?<!\\)\$", r"\\Z", v) if k == "pattern" else _strict(v) for k, v in node.items()}
    return [_strict(v) for v in node] if isinstance(node, list) else node


def _validators(defs: dict[str, Any]) -> dict[str, Draft202012Validator]:
    return {kind: Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/{kind}"}) for kind in KINDS}


_SLOW, _STRICT = _validators(DEFS), _validators(_strict(DEFS))


def _jsonschema_accepts(kind: str, item: Any, strict: bool = False) -> bool:
    return next(iter((_STRICT if strict else _SLOW)[kind].iter_errors(item)), None) is None


def _old_problem(kind: str, item: Any, prefix: tuple[str | int, ...]) -> str | None:
    """``_item_problem`` as it was before the fast path: jsonschema only."""
    error = next(iter(cases_io._item_validator(kind).iter_errors(item)), None)
    return None if error is None else cases_io._say(error, prefix)


# ------------------------------------------------------------------------------------------------ valid items


def _text(node: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = node.get("minLength", 0), node.get("maxLength", 10**9)
    if "pattern" in node:  # (fullmatch: no final newline after a "$"; mutations add some)
        pattern = node["pattern"]
        return st.from_regex(pattern, fullmatch=pattern.endswith("$")).filter(lambda s: low <= len(s) <= high)
    short = st.text(min_size=low, max_size=min(high, 12))
    return short | st.sampled_from(["x" * high, "é" * high]) if high < 10**9 else short


_BUILT: dict[int, st.SearchStrategy[Any]] = {}


def valid(node: Any) -> st.SearchStrategy[Any]:
    """Values SCHEMA's ``node`` accepts, for the keywords SCHEMA uses (a keyword it starts using fails here); built
    once a node (SCHEMA lives as long as the process)."""
    if id(node) not in _BUILT:
        _BUILT[id(node)] = _valid(node)
    return _BUILT[id(node)]


def _valid(node: Any) -> st.SearchStrategy[Any]:
    known = {"type", "const", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "required",
             "properties", "additionalProperties", "anyOf", "propertyNames", "items", "$ref", "contentEncoding"}
    assert set(node) <= known, set(node) - known
    if "$ref" in node:
        return valid(DEFS[node["$ref"].rsplit("/", 1)[1]])  # (SCHEMA is not recursive)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([valid(n) for n in node["anyOf"]])
    kind = node["type"]
    if isinstance(kind, list):
        return st.one_of([_valid({**node, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        ints = st.integers(node.get("minimum"), node.get("maximum"))
        return ints | ints.map(float) if "maximum" in node else ints | st.integers(1, 2**53).map(float)
    if kind == "string":
        return _text(node)
    if kind == "array":
        return st.lists(valid(node["items"]), max_size=2)
    assert kind == "object"
    props, required = node.get("properties", {}), node.get("required", [])
    fixed = st.fixed_dictionaries(
        {k: valid(v) for k, v in props.items() if k in required},
        optional={k: valid(v) for k, v in props.items() if k not in required},
    )
    extra = node.get("additionalProperties", True)
    if extra is False:
        return fixed
    names = _text(node["propertyNames"]) if "propertyNames" in node else st.text(max_size=8)
    more = st.dictionaries(names.filter(lambda k: k not in props), valid(extra), max_size=3)
    return st.tuples(fixed, more).map(lambda pair: {**pair[1], **pair[0]})


# ------------------------------------------------------------------------------------------------ mutations

ODD = st.sampled_from([
    True, False, 0, -1, 1.0, 1.5, -0.0, 2**63, 2**64 + 1, 1e308, math.nan, math.inf, -math.inf, MAX_FILE_BYTES + 1,
    None, "", " ", "\n", "x\n", "2026-03-02\n", "2026-03-02\r", "٢٠٢٦-٠٣-٠٢", "2026-03-02T10:00:00Z\n",
    "a" * 64 + "\n", "0" * 64, "\u0000", "1", "01", "１", "x" * 301, "x" * 100_001, [], {}, [[]], [{}], {"": None},
    {"answer": "yes", "text": ""}, {"answer": "maybe", "text": ""}, ["concern"],
]).map(copy.deepcopy)  # (a fresh list or dict each time: mutations change them)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(["x", "", "id", "1", "99", "100", "0", "1\n", "01", "١", "answer", "text", "data", "event",
                        "category", "tasks", "attachments"]) | st.text(max_size=6)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _places(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _places(v, (*path, i))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _mutate(data: st.DataObject, item: Any) -> Any:
    path = data.draw(st.sampled_from(_places(item)), label="where")
    target = _get(item, path)
    how = data.draw(st.sampled_from(["odd", "any", "newline", "drop", "add", "wrap", "tweak"]), label="how")
    if how == "drop" and isinstance(target, dict | list) and target:
        key = data.draw(st.sampled_from(list(target.keys()) if isinstance(target, dict) else range(len(target))))
        del target[key]
        return item
    if how == "add" and isinstance(target, dict):
        target[data.draw(KEYS, label="key")] = data.draw(ODD | ANY_JSON, label="value")
        return item
    if how == "add" and isinstance(target, list):
        target.append(data.draw(ODD | ANY_JSON, label="value"))
        return item
    if how == "newline" and isinstance(target, str):
        new: Any = target + data.draw(st.sampled_from(["\n", "\n\n", " ", "\r\n", "x"]))
    elif how == "wrap":
        new = [target]
    elif how == "tweak" and isinstance(target, int | float) and not isinstance(target, bool):
        new = data.draw(st.sampled_from([target - 1, target + 1, -target, target + 0.5, float(target), True]))
    elif how == "any":
        new = data.draw(ANY_JSON, label="new")
    else:
        new = data.draw(ODD, label="new")
    if not path:
        return new
    _get(item, path[:-1])[path[-1]] = new
    return item


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    return DEFS[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node


def _governed(value: Any, node: dict[str, Any], path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Each place in ``value`` with the part of SCHEMA that rules it (an anyOf's alternatives included)."""
    node = _resolved(node)
    found = [(path, node)]
    for alternative in node.get("anyOf", []):
        if "type" in alternative and _SLOW_ANY.is_type(value, alternative["type"]):
            found += _governed(value, alternative, path)
    if isinstance(value, dict) and node.get("type") == "object":
        props, extra = node.get("properties", {}), node.get("additionalProperties", True)
        for key, v in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                found += _governed(v, sub, (*path, key))
    elif isinstance(value, list) and "items" in node:
        for i, v in enumerate(value):
            found += _governed(v, node["items"], (*path, i))
    return found


_SLOW_ANY = Draft202012Validator({})
_NOT = {  # values of another type for each type (bools and whole floats for integers above all)
    "integer": [1.5, True, False, "1", None, [1], math.nan, math.inf, -math.inf, 1e308],
    "null": [0, "", "null", False],
    "boolean": [0, 1, 1.0, "true", None],
    "string": [1, None, True, ["x"], {"": "x"}],
    "array": [{}, "x", None, {"0": {}}],
    "object": [[], "x", None, [{}]],
}


def _near(value: Any, node: dict[str, Any]) -> list[Any]:
    """Values at or just over each boundary ``node`` sets, from ``value`` (valid ones among them: at a boundary)."""
    near: list[Any] = []
    kinds = node.get("type", [])
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        near += _NOT[kind]
    if "minimum" in node:
        m = node["minimum"]
        near += [m - 1, float(m - 1), -m, m, float(m)]
    if "maximum" in node:
        m = node["maximum"]
        near += [m + 1, float(m + 1), m, float(m)]
    if "minLength" in node:
        near += ["", " "]
    if "maxLength" in node:
        m = node["maxLength"]
        near += ["x" * (m + 1), "é" * m, "😀" * m, "😀" * (m + 1)]
    if "pattern" in node and isinstance(value, str):
        near += [value + "\n", value + "\n\n", value + "\r", value + "x", " " + value, value[:-1], value.upper(),
                 value.replace("0", "٠").replace("2", "２"), value + "\u2028", "\n" + value]
    if "enum" in node:
        e = node["enum"][-1]
        near += [e + "\n", e.upper(), e + " ", "", None, 1, [e]]
    if "anyOf" in node:
        near += [{"answer": "yes"}, {"text": ""}, {"answer": "maybe", "text": ""}, {"answer": "no", "text": "x" * 300},
                 {"answer": "yes", "text": "", "x": ""}, {"answer": None, "text": ""}, 3, None, ["x"]]
    return near


def _targeted(data: st.DataObject, item: Any, kind: str) -> Any:
    """One change by SCHEMA's rules: a value just over a boundary of the rule of its place, a required key dropped,
    an unknown or badly named key added, an array's item of the wrong kind."""
    path, node = data.draw(st.sampled_from(_governed(item, DEFS[kind])), label="where")
    target = _get(item, path)
    ops = ["value"]
    if isinstance(target, dict) and node.get("type") == "object":
        ops += ["drop", "add"]
    if isinstance(target, list):
        ops += ["append"]
    op = data.draw(st.sampled_from(ops), label="op")
    if op == "drop" and target:
        del target[data.draw(st.sampled_from(sorted(target)), label="key")]
    elif op == "add":
        names = ["x", "ID", "id ", "", "nickname", "1", "9", "99", "100", "0", "01", "1\n", "١", "a", "answer", "tasks"]
        target[data.draw(st.sampled_from(names), label="key")] = data.draw(ODD, label="value")
    elif op == "append":
        target.append(data.draw(ODD | st.just(copy.deepcopy(target[0]) if target else {}), label="value"))
    elif op == "value":
        new = copy.deepcopy(data.draw(st.sampled_from(_near(target, node) or [None]), label="new"))
        if not path:
            return new
        _get(item, path[:-1])[path[-1]] = new
    return item


def _check(kind: str, item: Any) -> bool:
    fast = cases_io._fast_accepts(kind)(item)
    assert fast == _jsonschema_accepts(kind, item, strict=True), "fastjsonschema and jsonschema disagree"
    slow = _jsonschema_accepts(kind, item)
    assert slow or not fast, "the fast validator accepted an item jsonschema rejects"
    prefix = ("cases", 3) if kind == "case" else ("people", 3)
    assert cases_io._item_problem(kind, item, prefix) == _old_problem(kind, item, prefix)
    return fast


@pytest.mark.parametrize(("kind", "examples"), [("person", 400), ("case", 300)])
def test_fast_and_jsonschema_agree_on_valid_and_mutated_items(kind: str, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def agree(data: st.DataObject) -> None:
        item = data.draw(valid(DEFS[kind]), label="item")
        mutations = data.draw(st.sampled_from([1, 0, 1, 1, 2, 3]), label="mutations")
        if not mutations:
            assert _jsonschema_accepts(kind, item), "valid() made an item SCHEMA rejects"
        for _ in range(mutations):
            item = _targeted(data, item, kind) if data.draw(st.booleans(), label="targeted") else _mutate(data, item)
        _check(kind, item)

    agree()


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, deadline=None)
@given(item=ANY_JSON)
def test_fast_and_jsonschema_agree_on_any_json(kind: str, item: Any) -> None:
    _check(kind, item)


# ------------------------------------------------------------------------------------------------ examples


PERSON = {"id": 1, "forenames": "Alex", "surname": "Example", "dob": "2008-01-31", "role": "learner",
          "created_at": "2024-03-02T10:00:00+00:00"}


def _full_case() -> dict[str, Any]:
    """A valid case item with every optional field and one of each nested record (both forms of answer)."""
    entry = {"id": 1, "occurred_at": "2024-03-02", "recorded_at": "2024-03-02T10:00:00+00:00", "author": "DSO",
             "kind": "concern", "text": "Synthetic.", "amends_id": None, "event": "concern"}
    return {
        "id": 1, "ref": "PV-2026-0001", "person_id": 1, "status": "concern", "opened_at": "2024-03-02",
        "summary": "", "concern_text": "Synthetic.", "raised_by_role": "staff", "raiser_name": "A Tutor",
        "immediate_danger": False, "form_version": "1", "answers": {"a": "x", "b": {"answer": "yes", "text": ""}},
        "points": {"1": "x", "12": ""}, "ready_reason": "", "ready_at": "", "exit_date": "", "closed_at": "",
        "created_at": "2024-03-02 10:00:00", "updated_at": "2024-03-02T10:00:00Z",
        "decisions": [{"kind": "nfa", "reason": "r", "decided_on": "2024-03-02", "decided_by": "DSO",
                       "recorded_at": "2024-03-02"}],
        "outcomes": [{"kind": next(iter(rules.OUTCOMES)), "outcome_on": "2024-03-03", "notes": "", "recorded_by": "DSO",
                      "recorded_at": "2024-03-03T09:00:00.123+01:00"}],
        "reviews": [{"label": "Review", "due_on": "2024-04-01", "done_on": "", "notes": "", "done_by": ""}],
        "chronology": [entry, {**entry, "id": 2, "kind": "addendum", "amends_id": 1, "event": ""}],
        "attachments": [{"entry_id": 1, "filename": "a.txt", "mime": "text/plain", "size": 1, "sha256": "0" * 64,
                         "note": "", "added_at": "2024-03-02", "added_by": "DSO", "data": "QQ=="}],
        "tasks": [{"text": "t", "due_on": "", "created_at": "2024-03-02", "created_by": "DSO", "done_at": "",
                   "done_by": ""}],
        "category": "vulnerability-no-ideology",
    }


@pytest.fixture
def case() -> dict[str, Any]:
    return _full_case()


def _single_changes(base: Any, kind: str) -> Iterator[Any]:
    """Every change ``_targeted`` can make to ``base``, one at a time."""
    names = ["x", "ID", "id ", "", "nickname", "1", "9", "99", "100", "0", "01", "1\n", "١", "a", "answer", "tasks"]
    for path, node in _governed(base, DEFS[kind]):
        target = _get(base, path)
        for new in _near(target, node):
            item = copy.deepcopy(base)
            if path:
                _get(item, path[:-1])[path[-1]] = copy.deepcopy(new)
            yield new if not path else item
        if isinstance(target, dict) and node.get("type") == "object":
            for key in target:
                item = copy.deepcopy(base)
                del _get(item, path)[key]
                yield item
            for key in names:
                for value in ("", "x", 1, None):
                    item = copy.deepcopy(base)
                    _get(item, path)[key] = value
                    yield item
        if isinstance(target, list) and target:
            for extra in (copy.deepcopy(target[0]), {}, None, "x", [target[0]]):
                item = copy.deepcopy(base)
                _get(item, path).append(extra)
                yield item


@pytest.mark.parametrize("kind", KINDS)
def test_fast_and_jsonschema_agree_on_every_single_change_by_the_rules(kind: str) -> None:
    """Exhaustive where the generated ones sample: each rule of each place of a full item, at and over each of its
    boundaries (a bound, a length, a pattern, an enumeration, a type), each key dropped, unknown keys added."""
    base = _full_case() if kind == "case" else dict(PERSON)
    assert _check(kind, base)
    results = [_check(kind, item) for item in _single_changes(base, kind)]
    assert len(results) > (1000 if kind == "case" else 100) and 0 < results.count(True) < len(results) / 2


@pytest.mark.parametrize(
    ("change", "fast", "slow"),
    [
        ({}, True, True),
        ({"id": 1.0}, True, True),  # 1.0 is the integer 1 in both (draft-06 on; _Ids treats it so too)
        ({"id": True}, False, False),  # a bool is never an integer
        ({"id": 1.5}, False, False),
        ({"id": math.nan}, False, False),
        ({"id": math.inf}, False, False),
        ({"id": 0}, False, False),
        ({"id": 2**70}, True, True),  # (the import refuses ids beyond SQLite's integers after the schema)
        ({"immediate_danger": 0}, False, False),
        ({"status": "Concern"}, False, False),
        ({"ref": "x" * 41}, False, False),
        ({"summary": "x" * 100_001}, False, False),
        ({"summary": "😀" * 100_000}, True, True),  # lengths in code points, in both
        ({"points": {"100": ""}}, False, False),
        ({"points": {"0": ""}}, False, False),
        ({"points": {"١": ""}}, False, False),  # [0-9] is ASCII only
        ({"answers": {"a": {"answer": "yes"}}}, False, False),
        ({"answers": {"a": {"answer": "yes", "text": "", "x": 1}}}, False, False),
        ({"answers": {"a": 3}}, False, False),
        ({"category": "Bad"}, False, False),
        ({"nickname": ""}, False, False),
        # Python's "$" also matches before a final newline: jsonschema accepts, the fast one sends it to jsonschema
        ({"opened_at": "2026-03-02\n"}, False, True),
        ({"points": {"1\n": ""}}, False, True),
        ({"opened_at": "2026-03-02\n\n"}, False, False),
        ({"opened_at": "٢٠٢٦-٠٣-٠٢"}, True, True),  # \d is any Unicode digit, in both (the date check refuses it)
    ],
)
def test_examples(case: dict[str, Any], change: dict[str, Any], fast: bool, slow: bool) -> None:
    item = {**case, **change}
    assert cases_io._fast_accepts("case")(item) is fast
    assert _jsonschema_accepts("case", item) is slow
    assert cases_io._item_problem("case", item, ("cases", 0)) == _old_problem("case", item, ("cases", 0))


def test_a_tuple_is_no_array_to_jsonschema(case: dict[str, Any]) -> None:
    """The one Python value the two read differently: fastjsonschema takes a tuple for an array, jsonschema does
    not. Only what json and ijson parse is checked, and they make lists, never tuples (hence none above)."""
    item = {**case, "outcomes": ()}
    assert cases_io._fast_accepts("case")(item) and not _jsonschema_accepts("case", item)


def test_content_encoding_stays_an_annotation(case: dict[str, Any]) -> None:
    """2020-12's contentEncoding asserts nothing; the import checks the base64 itself (with a message of its own)."""
    case["attachments"][0]["data"] = "not base64!"
    assert cases_io._fast_accepts("case")(case) and _jsonschema_accepts("case", case)
    assert "contentEncoding" not in repr(cases_io._fast_schema("case"))
    assert DEFS["attachment"]["properties"]["data"]["contentEncoding"] == "base64"  # still in SCHEMA


def test_the_fast_validator_does_not_change_the_item(case: dict[str, Any]) -> None:
    before = repr(case)
    assert cases_io._fast_accepts("case")(case)
    assert repr(case) == before  # (no defaults filled in, no base64 decoded in place)


def test_a_valid_file_goes_by_the_fast_path_only(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of it all: jsonschema checks the top level only; the people and the cases go by the fast path."""
    data = {"format": cases_io.FORMAT, "format_version": cases_io.FORMAT_VERSION, "exported_at": "2024-03-02",
            "people": [PERSON], "cases": [{**case, "attachments": []}]}

    def slow(kind: str) -> Any:
        raise AssertionError(f"jsonschema was asked about a valid {kind}")

    monkeypatch.setattr(cases_io, "_item_validator", slow)
    cases_io.validate(data)


def test_fastjsonschema_is_imported_only_when_a_file_is_checked() -> None:
    code = ("import sys; from prevent_desktop.services import cases_io; "
            "print('fastjsonschema' in sys.modules, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]
