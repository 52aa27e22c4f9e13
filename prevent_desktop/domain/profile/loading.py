"""Reading a profile: TOML text or its dict form -> a validated :class:`Profile`, or a :class:`ProfileError`
listing every problem by path (and by line, for TOML text)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError
from pydantic_core import ErrorDetails

from prevent_desktop.domain.profile.checks import cross_checks
from prevent_desktop.domain.profile.errors import Problem, ProfileError
from prevent_desktop.domain.profile.model import SCHEMA_VERSION, Profile
from prevent_desktop.domain.profile.toml_lines import key_lines, line_of

DEFAULT_PROFILE_NAME = "mkc-training.toml"

_ADAPTER = TypeAdapter(Profile)
_TOML_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_EOF_RE = re.compile(r"\s*\(at end of document\)$")


def default_profile_path() -> Path:
    """The shipped default profile: package data (``prevent_desktop/resources/profiles``), found through
    ``importlib.resources`` so a source checkout, a wheel and the frozen build all find it the same way."""
    from prevent_desktop.resources import resource_path

    return resource_path("profiles", DEFAULT_PROFILE_NAME)


def load_profile(path: Path | str) -> Profile:
    """Read and validate a TOML profile file. Raises :class:`ProfileError` (also when it cannot be read)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ProfileError(p.name, [f"cannot be read ({exc.strerror or type(exc).__name__})"]) from None
    return load_profile_text(data, p.name)


def load_profile_text(text: str | bytes, source_name: str = "<profile>") -> Profile:
    """Parse and validate TOML profile text. Raises :class:`ProfileError` and nothing else; each problem
    carries the line where its path is written (or its nearest enclosing table, for a missing key)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProfileError(source_name, [f"not UTF-8 text (bad byte at offset {exc.start})"]) from None
    text = text.removeprefix("\ufeff")  # a BOM written by Windows Notepad
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(source_name, [_describe_toml_error(exc)]) from None
    except RecursionError:
        raise ProfileError(source_name, ["nested too deeply"]) from None
    try:
        return profile_from_dict(data, source_name)
    except ProfileError as exc:
        lines = key_lines(text)
        located = [Problem(p.loc, p.message, line_of(lines, p.loc)) for p in exc.issues]
        raise ProfileError(source_name, located) from None


def _describe_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    m = _TOML_POS_RE.search(message)
    if m is not None:
        return f"line {m.group(1)}, column {m.group(2)}: TOML syntax error: {message[: m.start()]}"
    m = _TOML_EOF_RE.search(message)
    if m is not None:
        return f"end of file: TOML syntax error: {message[: m.start()]}"
    return f"TOML syntax error: {message}"


def profile_from_dict(data: Mapping[str, Any], source_name: str = "<data>") -> Profile:
    """Build and validate a profile from its dict form (parsed TOML, or the JSON the vault stores)."""
    if not isinstance(data, Mapping):
        raise ProfileError(source_name, ["expected a table of profile sections"])
    problems: list[Problem] = []
    schema = data.get("schema")
    if "schema" not in data:
        problems.append(Problem(("schema",), "required"))
    elif isinstance(schema, int) and not isinstance(schema, bool) and schema != SCHEMA_VERSION:
        problems.append(Problem(("schema",), f"unsupported version {schema} (expected {SCHEMA_VERSION})"))
    try:
        profile = _ADAPTER.validate_python(data)
    except PydanticError as exc:
        problems.extend(_problem(e) for e in exc.errors(include_url=False))
        raise ProfileError(source_name, problems) from None
    problems.extend(cross_checks(profile))
    if problems:
        raise ProfileError(source_name, problems)
    # Checked as listed (so each problem names the line it is on), held in the national form's order.
    form = profile.referral_form.in_form_order()
    return profile if form is profile.referral_form else dataclasses.replace(profile, referral_form=form)


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile as plain dicts/lists/str/int/bool (JSON- and TOML-serialisable), the inverse of
    :func:`profile_from_dict`."""
    result = _ADAPTER.dump_python(profile, mode="json")
    assert isinstance(result, dict)
    return result


# ----------------------------------------------------------------------------------------------------
# pydantic's errors in the profile's words
# ----------------------------------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, _dt.date | _dt.time):
        return "an unquoted date/time"
    if value is None:
        return "nothing"
    return type(value).__name__


_EXPECTED = {
    "string_type": "expected text in quotes",
    "bool_type": "expected true or false",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "tuple_type": "expected a list",
    "dataclass_type": "expected a table",
    "dataclass_args_type": "expected a table",
}


def _problem(error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "profile":
        message = str((error.get("ctx") or {}).get("message", error["msg"]))
    elif kind == "missing":
        message = "required"
    elif kind in ("unexpected_keyword_argument", "extra_forbidden"):
        message = "unknown key"
    elif kind in _EXPECTED:
        message = f"{_EXPECTED[kind]}, got {_type_name(error.get('input'))}"
    else:  # a rule of pydantic's own we have not put into words: its sentence is still clear
        message = error["msg"]
    return Problem(loc, message) if loc else Problem((), f"profile: {message}")
