"""Fuzz the cases importer: malformed bytes, wrong JSON shapes and mutated valid exports raise only the app's
own errors, and a rejected file imports nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevent_desktop.errors import KnownError
from prevent_desktop.services import cases_io
from tests import factories

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _count(session: Any) -> tuple[int, int, int]:
    q = session.conn.execute
    return (
        q("SELECT count(*) FROM cases").fetchone()[0],
        q("SELECT count(*) FROM people").fetchone()[0],
        q("SELECT count(*) FROM chronology").fetchone()[0],
    )


def _try(session: Any, path: Path, raw: bytes) -> None:
    before = _count(session)
    path.write_bytes(raw)
    try:
        cases_io.import_file(session, path)
    except KnownError:
        assert _count(session) == before
    # (a file that is valid by chance may import: that is fine)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(session: Any, tmp_path: Path, raw: bytes) -> None:
    _try(session, tmp_path / "cases.json", raw)


@FUZZ
@given(JSONISH)
def test_random_json(session: Any, tmp_path: Path, value: Any) -> None:
    _try(session, tmp_path / "cases.json", json.dumps(value).encode())


@FUZZ
@given(st.data())
def test_mutated_real_export(session: Any, tmp_path: Path, data: st.DataObject) -> None:
    flat = _reference_export(session)
    cut = data.draw(st.integers(0, len(flat)))
    mode = data.draw(st.sampled_from(["truncate", "replace", "retype"]))
    if mode == "truncate":
        raw = flat[:cut]
    elif mode == "replace":
        raw = flat[:cut] + data.draw(st.text(max_size=5)) + flat[cut + 1 :]
    else:
        raw = flat.replace('"', "", 2) if cut % 2 else flat.replace(': "', ': 12345, "x": "', 1)
    _try(session, tmp_path / "cases.json", raw.encode("utf-8", "surrogatepass"))


_REFERENCE: dict[int, str] = {}


def _reference_export(session: Any) -> str:
    """One valid export per vault, made before the first example (so every example mutates the same text)."""
    if id(session) not in _REFERENCE:
        factories.log_case(session, raiser_name="Tutor", what_happened="Synthetic")
        _REFERENCE[id(session)] = json.dumps(cases_io.export_data(session))
    return _REFERENCE[id(session)]
