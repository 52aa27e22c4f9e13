"""The organisation profile: every fact of the organisation's Prevent policy as editable, validated data.

The default profile ships as ``resources/profiles/mkc-training.toml``. It holds the policy metadata, the
section-4 duties, the key contacts (grouped as the policy groups them), the routing data used by
:mod:`prevent_desktop.domain.routing`, the national referral form (versioned), the Annex A action plan and the
associated-policy register.

Loading is strict: unknown keys, missing fields, wrong types, duplicate ids, dangling references and bad dates
all raise :class:`ProfileError`, whose message names the line (TOML syntax errors) or the field path
(e.g. ``contacts[3].phones[0].number: required``). The same validation runs on the JSON form that the vault
stores (:func:`profile_to_dict` / :func:`profile_from_dict`).

No Qt and no I/O other than reading the profile file.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from prevent_desktop.errors import KnownError

__all__ = [
    "ACTION_PLAN_WHEN_KEYWORDS",
    "DEFAULT_PROFILE_NAME",
    "FIELD_KINDS",
    "POLICY_GROUPS",
    "RAG_VALUES",
    "SCHEMA_VERSION",
    "ActionPlan",
    "ActionPlanColumns",
    "ActionPlanRow",
    "AssociatedPolicy",
    "Contact",
    "ContactGroup",
    "Duty",
    "FormField",
    "FormPoint",
    "FormSection",
    "Organisation",
    "Phone",
    "Policy",
    "PolicyChange",
    "Profile",
    "ProfileError",
    "ReferralForm",
    "RoleOption",
    "Routing",
    "RoutingAlways",
    "RoutingRule",
    "Situation",
    "default_profile_path",
    "is_profile_date",
    "load_profile",
    "load_profile_text",
    "parse_profile_date",
    "profile_from_dict",
    "profile_to_dict",
]

SCHEMA_VERSION = 1
DEFAULT_PROFILE_NAME = "mkc-training.toml"

# Vocabularies of the profile *format* (not policy facts): the values a field may take.
FIELD_KINDS = frozenset({"text", "longtext", "date", "int", "yesno_text", "choice"})
RAG_VALUES = ("", "red", "amber", "green")
ACTION_PLAN_WHEN_KEYWORDS = ("", "Annual", "Termly", "Monthly")
POLICY_GROUPS = ("training", "military")

_MAX_LISTED_PROBLEMS = 25
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]*$")
_TOML_POS_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_EOF_RE = re.compile(r"\s*\(at end of document\)$")


class ProfileError(KnownError):
    """The organisation profile is not valid. ``problems`` lists each problem as ``"field.path: what"``."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems: tuple[str, ...] = tuple(problems)
        shown = list(self.problems[:_MAX_LISTED_PROBLEMS])
        if len(self.problems) > _MAX_LISTED_PROBLEMS:
            shown.append(f"... and {len(self.problems) - _MAX_LISTED_PROBLEMS} more")
        if len(shown) == 1:
            message = f"Organisation profile {source} is not valid: {shown[0]}"
        else:
            message = f"Organisation profile {source} is not valid:\n" + "\n".join(f"- {p}" for p in shown)
        super().__init__(message)


# ----------------------------------------------------------------------------------------------------
# The data model. All frozen; sequences are tuples. Field order: required first, then fields with defaults.
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    safeguarding_contact: str
    dso_role_holder: str
    protective_marking: str
    military_partner: str = ""


@dataclass(frozen=True)
class PolicyChange:
    serial: int
    issue: str
    date: str
    summary: str


@dataclass(frozen=True)
class Policy:
    title: str
    version: str
    effective_date: str
    review_date: str
    next_review: str
    owner: str = ""
    owner_role_holder: str = ""
    validity: str = ""
    changes: tuple[PolicyChange, ...] = ()


@dataclass(frozen=True)
class Duty:
    id: str
    title: str
    description: str
    lead: str = ""


@dataclass(frozen=True)
class ContactGroup:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Phone:
    label: str
    number: str


@dataclass(frozen=True)
class Contact:
    id: str
    group: str
    role: str
    name: str = ""
    organisation: str = ""
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    web: str = ""
    when_to_use: str = ""
    notes: str = ""
    out_of_hours: bool = False
    public_line: bool = False
    last_verified: str = ""

    @property
    def display_name(self) -> str:
        """The person's name, or the role where the policy names only a role."""
        return self.name or self.role


@dataclass(frozen=True)
class RoleOption:
    id: str
    label: str


@dataclass(frozen=True)
class Situation:
    id: str
    label: str
    guidance: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    out_of_hours_contacts: tuple[str, ...] = ()
    refer_to: tuple[str, ...] = ()
    policy_refs: tuple[str, ...] = ()
    precedence_note: str = ""


@dataclass(frozen=True)
class RoutingRule:
    """Matches when the subject's role is in ``subject_roles`` and the raiser's in ``raised_by``.

    An empty list matches any role; an ``under18_only`` rule matches only for an under-18 subject.
    """

    id: str
    subject_roles: tuple[str, ...] = ()
    raised_by: tuple[str, ...] = ()
    under18_only: bool = False
    refer_to: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()
    policy_refs: tuple[str, ...] = ()
    precedence_note: str = ""


@dataclass(frozen=True)
class RoutingAlways:
    """What applies to every referral.

    ``guidance_first`` comes before the matched rules' guidance, ``guidance`` after it.
    """

    guidance_first: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    discuss_with: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    policy_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routing:
    subject_roles: tuple[RoleOption, ...]
    raiser_roles: tuple[RoleOption, ...]
    situations: tuple[Situation, ...]
    rules: tuple[RoutingRule, ...]
    always: RoutingAlways = field(default_factory=RoutingAlways)


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str
    required: bool = False
    under18_only: bool = False
    soldier_only: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class FormSection:
    id: str
    title: str
    help: str = ""
    nrf_section: str = ""
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class FormPoint:
    no: int
    text: str
    under18_only: bool = False


@dataclass(frozen=True)
class ReferralForm:
    version: str
    sections: tuple[FormSection, ...]
    points: tuple[FormPoint, ...]
    marking: str = ""
    emergency_warning: str = ""
    note: str = ""


@dataclass(frozen=True)
class ActionPlanColumns:
    no: str = "No."
    area: str = "Potential Prevent Vulnerability"
    action: str = "Action Required / Evidence if in place"
    who: str = "Who"
    when: str = "When"
    rag: str = "RAG"


@dataclass(frozen=True)
class ActionPlanRow:
    no: int
    area: str
    action: str = ""
    who: str = ""
    when: str = ""
    rag: str = ""
    duties: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True)
class ActionPlan:
    organisation: str
    safeguarding_contact: str
    date_last_updated: str
    date_actions_to_be_reviewed: str
    next_review_due: str
    rows: tuple[ActionPlanRow, ...]
    columns: ActionPlanColumns = field(default_factory=ActionPlanColumns)


@dataclass(frozen=True)
class AssociatedPolicy:
    name: str
    last_review: str
    group: str
    owner: str = ""
    review_interval_months: int = 12


@dataclass(frozen=True)
class Profile:
    organisation: Organisation
    policy: Policy
    duties: tuple[Duty, ...]
    contact_groups: tuple[ContactGroup, ...]
    contacts: tuple[Contact, ...]
    routing: Routing
    referral_form: ReferralForm
    action_plan: ActionPlan
    associated_policies: tuple[AssociatedPolicy, ...]
    schema: int = SCHEMA_VERSION

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id; ``KeyError`` if there is none."""
        for c in self.contacts:
            if c.id == contact_id:
                return c
        raise KeyError(contact_id)

    def contacts_in_group(self, group_id: str) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.group == group_id)

    def duty(self, duty_id: str) -> Duty:
        for d in self.duties:
            if d.id == duty_id:
                return d
        raise KeyError(duty_id)


# ----------------------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------------------


def parse_profile_date(text: str) -> _dt.date:
    """Parse ``"YYYY-MM"`` (month precision, taken as the 1st) or ``"YYYY-MM-DD"``.

    Raises ``ValueError`` for anything else.
    """
    m = _DATE_RE.match(text)
    if m is None:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or "1")
    return _dt.date(year, month, day)


def is_profile_date(text: str) -> bool:
    try:
        parse_profile_date(text)
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------------


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
    """Parse and validate TOML profile text. Raises :class:`ProfileError` and nothing else."""
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
    return profile_from_dict(data, source_name)


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
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise ProfileError(source_name, ["expected a table of profile sections"])
    if "schema" not in data:
        problems.append("schema: required")
    elif isinstance(data["schema"], int) and not isinstance(data["schema"], bool):
        if data["schema"] != SCHEMA_VERSION:
            problems.append(f"schema: unsupported version {data['schema']} (expected {SCHEMA_VERSION})")
    profile = _build(Profile, data, "", problems)
    if problems or not isinstance(profile, Profile):
        raise ProfileError(source_name, problems or ["not a profile"])
    problems.extend(_check(profile))
    if problems:
        raise ProfileError(source_name, problems)
    return profile


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile as plain dicts/lists/str/int/bool (JSON- and TOML-serialisable), the inverse of
    :func:`profile_from_dict`."""
    result = _to_plain(profile)
    assert isinstance(result, dict)
    return result


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    return value


# ----------------------------------------------------------------------------------------------------
# Structural conversion, driven by the dataclasses' type hints
# ----------------------------------------------------------------------------------------------------


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, _dt.date | _dt.time):
        return "an unquoted date/time"
    return type(value).__name__


def _build(cls: type, value: Any, path: str, problems: list[str]) -> Any:
    where = path or "profile"
    if not isinstance(value, Mapping):
        problems.append(f"{where}: expected a table, got {_type_name(value)}")
        return None
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    before = len(problems)
    for key in value:
        if key not in fields:
            problems.append(f"{_join(path, str(key))}: unknown key")
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        sub = _join(path, name)
        if name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                problems.append(f"{sub}: required")
            continue
        kwargs[name] = _convert(hints[name], value[name], sub, problems)
    if len(problems) > before:
        return None
    return cls(**kwargs)


def _convert(tp: Any, value: Any, path: str, problems: list[str]) -> Any:
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build(tp, value, path, problems)
    if get_origin(tp) is tuple:
        item_type = get_args(tp)[0]
        if not isinstance(value, list | tuple):
            problems.append(f"{path}: expected a list, got {_type_name(value)}")
            return ()
        return tuple(_convert(item_type, v, f"{path}[{i}]", problems) for i, v in enumerate(value))
    if tp is str:
        if not isinstance(value, str):
            problems.append(f"{path}: expected text in quotes, got {_type_name(value)}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            problems.append(f"{path}: expected true or false, got {_type_name(value)}")
        return value
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected a whole number, got {_type_name(value)}")
        return value
    raise TypeError(f"unsupported field type {tp!r} at {path}")  # a programming error, not bad data


# ----------------------------------------------------------------------------------------------------
# Semantic checks: non-empty texts, ids, uniqueness, references, vocabularies, dates
# ----------------------------------------------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def text(self, path: str, value: str) -> None:
        if not value.strip():
            self.add(path, "must not be empty")

    def ident(self, path: str, value: str) -> None:
        if not _ID_RE.match(value):
            self.add(path, f"{value!r} is not a valid id (lower-case letters, digits, '-' or '_')")

    def unique(self, path: str, items: list[tuple[str, str]], what: str) -> None:
        """``items`` are (path, key) pairs; report every repeat."""
        seen: set[str] = set()
        for item_path, key in items:
            if key in seen:
                self.add(item_path, f"duplicate {what} {key!r}")
            seen.add(key)

    def date(self, path: str, value: str, *, allow_empty: bool = False) -> None:
        if allow_empty and value == "":
            return
        if not is_profile_date(value):
            self.add(path, f"{value!r} is not a date (use YYYY-MM or YYYY-MM-DD)")

    def refs(self, path: str, values: tuple[str, ...], known: set[str], what: str) -> None:
        for i, v in enumerate(values):
            if v not in known:
                self.add(f"{path}[{i}]", f"no {what} with id {v!r}")


def _check(p: Profile) -> list[str]:
    c = _Checker()

    org = p.organisation
    for name in ("name", "short_name", "protective_marking"):
        c.text(f"organisation.{name}", getattr(org, name))

    pol = p.policy
    c.text("policy.title", pol.title)
    c.text("policy.version", pol.version)
    for name in ("effective_date", "review_date", "next_review"):
        c.date(f"policy.{name}", getattr(pol, name))
    for i, ch in enumerate(pol.changes):
        c.date(f"policy.changes[{i}].date", ch.date)
        c.text(f"policy.changes[{i}].summary", ch.summary)
    c.unique(
        "policy.changes",
        [(f"policy.changes[{i}].serial", str(ch.serial)) for i, ch in enumerate(pol.changes)],
        "serial",
    )

    for i, d in enumerate(p.duties):
        c.ident(f"duties[{i}].id", d.id)
        c.text(f"duties[{i}].title", d.title)
    c.unique("duties", [(f"duties[{i}].id", d.id) for i, d in enumerate(p.duties)], "duty id")
    duty_ids = {d.id for d in p.duties}

    for i, g in enumerate(p.contact_groups):
        c.ident(f"contact_groups[{i}].id", g.id)
        c.text(f"contact_groups[{i}].title", g.title)
    c.unique(
        "contact_groups",
        [(f"contact_groups[{i}].id", g.id) for i, g in enumerate(p.contact_groups)],
        "group id",
    )
    group_ids = {g.id for g in p.contact_groups}

    for i, ct in enumerate(p.contacts):
        base = f"contacts[{i}]"
        c.ident(f"{base}.id", ct.id)
        c.text(f"{base}.role", ct.role)
        if ct.group not in group_ids:
            c.add(f"{base}.group", f"no contact group with id {ct.group!r}")
        for j, ph in enumerate(ct.phones):
            if not ph.number.strip():
                c.add(f"{base}.phones[{j}].number", "must not be empty")
            elif not _PHONE_RE.match(ph.number):
                c.add(f"{base}.phones[{j}].number", f"{ph.number!r} is not a telephone number")
        for j, em in enumerate(ct.emails):
            if not _EMAIL_RE.match(em):
                c.add(f"{base}.emails[{j}]", f"{em!r} is not an email address")
        if "://" in ct.web or ct.web.lower().startswith("www."):
            c.add(f"{base}.web", "describe the online route in words; the application never opens links")
        c.date(f"{base}.last_verified", ct.last_verified, allow_empty=True)
    c.unique("contacts", [(f"contacts[{i}].id", ct.id) for i, ct in enumerate(p.contacts)], "contact id")
    contact_ids = {ct.id for ct in p.contacts}

    _check_routing(c, p.routing, contact_ids)
    _check_form(c, p.referral_form)

    ap = p.action_plan
    c.text("action_plan.organisation", ap.organisation)
    c.date("action_plan.date_last_updated", ap.date_last_updated, allow_empty=True)
    c.date("action_plan.date_actions_to_be_reviewed", ap.date_actions_to_be_reviewed, allow_empty=True)
    c.date("action_plan.next_review_due", ap.next_review_due, allow_empty=True)
    for i, row in enumerate(ap.rows):
        base = f"action_plan.rows[{i}]"
        c.text(f"{base}.area", row.area)
        if row.no < 1:
            c.add(f"{base}.no", "must be 1 or more")
        if row.when not in ACTION_PLAN_WHEN_KEYWORDS and not is_profile_date(row.when):
            c.add(f"{base}.when", f"{row.when!r} must be one of Annual, Termly, Monthly, a date or empty")
        if row.rag not in RAG_VALUES:
            c.add(f"{base}.rag", f"{row.rag!r} must be one of red, amber, green or empty")
        c.refs(f"{base}.duties", row.duties, duty_ids, "duty")
    c.unique(
        "action_plan.rows",
        [(f"action_plan.rows[{i}].no", str(r.no)) for i, r in enumerate(ap.rows)],
        "row number",
    )

    for i, ap_pol in enumerate(p.associated_policies):
        base = f"associated_policies[{i}]"
        c.text(f"{base}.name", ap_pol.name)
        c.date(f"{base}.last_review", ap_pol.last_review, allow_empty=True)
        if ap_pol.group not in POLICY_GROUPS:
            c.add(f"{base}.group", f"{ap_pol.group!r} must be one of {', '.join(POLICY_GROUPS)}")
        if ap_pol.review_interval_months < 1:
            c.add(f"{base}.review_interval_months", "must be 1 or more")
    c.unique(
        "associated_policies",
        [(f"associated_policies[{i}].name", a.name) for i, a in enumerate(p.associated_policies)],
        "policy name",
    )
    return c.problems


def _check_routing(c: _Checker, r: Routing, contact_ids: set[str]) -> None:
    for what, roles in (("subject_roles", r.subject_roles), ("raiser_roles", r.raiser_roles)):
        for i, role in enumerate(roles):
            c.ident(f"routing.{what}[{i}].id", role.id)
            c.text(f"routing.{what}[{i}].label", role.label)
        c.unique(
            f"routing.{what}", [(f"routing.{what}[{i}].id", x.id) for i, x in enumerate(roles)], "role id"
        )
    subject_ids = {x.id for x in r.subject_roles}
    raiser_ids = {x.id for x in r.raiser_roles}

    for i, s in enumerate(r.situations):
        base = f"routing.situations[{i}]"
        c.ident(f"{base}.id", s.id)
        c.text(f"{base}.label", s.label)
        if not s.contacts:
            c.add(f"{base}.contacts", "must name at least one contact")
        c.refs(f"{base}.contacts", s.contacts, contact_ids, "contact")
        c.refs(f"{base}.out_of_hours_contacts", s.out_of_hours_contacts, contact_ids, "contact")
    c.unique(
        "routing.situations",
        [(f"routing.situations[{i}].id", s.id) for i, s in enumerate(r.situations)],
        "situation id",
    )

    for i, rule in enumerate(r.rules):
        base = f"routing.rules[{i}]"
        c.ident(f"{base}.id", rule.id)
        c.refs(f"{base}.subject_roles", rule.subject_roles, subject_ids, "subject role")
        c.refs(f"{base}.raised_by", rule.raised_by, raiser_ids, "raiser role")
        c.refs(f"{base}.contacts", rule.contacts, contact_ids, "contact")
    c.unique("routing.rules", [(f"routing.rules[{i}].id", x.id) for i, x in enumerate(r.rules)], "rule id")
    c.refs("routing.always.contacts", r.always.contacts, contact_ids, "contact")


def _check_form(c: _Checker, form: ReferralForm) -> None:
    c.text("referral_form.version", form.version)
    field_items: list[tuple[str, str]] = []
    for i, sec in enumerate(form.sections):
        base = f"referral_form.sections[{i}]"
        c.ident(f"{base}.id", sec.id)
        c.text(f"{base}.title", sec.title)
        for j, fld in enumerate(sec.fields):
            fbase = f"{base}.fields[{j}]"
            c.ident(f"{fbase}.id", fld.id)
            c.text(f"{fbase}.label", fld.label)
            field_items.append((f"{fbase}.id", fld.id))
            if fld.kind not in FIELD_KINDS:
                c.add(f"{fbase}.kind", f"{fld.kind!r} must be one of {', '.join(sorted(FIELD_KINDS))}")
            elif fld.kind == "choice" and not fld.choices:
                c.add(f"{fbase}.choices", "a choice field needs at least one choice")
            elif fld.kind != "choice" and fld.choices:
                c.add(f"{fbase}.choices", "only a choice field has choices")
    c.unique(
        "referral_form.sections",
        [(f"referral_form.sections[{i}].id", s.id) for i, s in enumerate(form.sections)],
        "section id",
    )
    c.unique("referral_form.sections", field_items, "field id")
    for i, pt in enumerate(form.points):
        c.text(f"referral_form.points[{i}].text", pt.text)
        if pt.no != i + 1:
            c.add(f"referral_form.points[{i}].no", f"expected {i + 1} (points are numbered in order)")
