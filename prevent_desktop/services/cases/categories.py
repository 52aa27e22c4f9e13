"""Concern categories (type of concern): the organisation's list as this vault holds it, a case's category set
or changed (audited, with a chronology entry), and the list edited (a label reworded, a category added, retired
or brought back).

The list is the profile section ``concern_categories``, stored in the vault's ``profile_doc`` table when the vault
is made. A vault made before the section existed has none stored: it reads the shipped default profile's list
until the first edit writes the vault's own copy. The rules (what a case may be given, the words shown) are
``domain/categories.py``'s.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from prevent_desktop.domain import categories as rules
from prevent_desktop.domain.profile import (
    MAX_CATEGORY_LABEL,
    AnnualSummarySettings,
    ConcernCategories,
    ConcernCategory,
    default_profile_path,
    load_profile,
)
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services.cases.changes import add_entry, case_or_fail, update_case
from prevent_desktop.services.session import Session
from prevent_desktop.storage import profile_store
from prevent_desktop.storage.db import transaction

SECTION = "concern_categories"
SUMMARY_SECTION = "annual_summary"
_ADAPTER = TypeAdapter(ConcernCategories)
_SUMMARY_ADAPTER = TypeAdapter(AnnualSummarySettings)


@functools.cache
def _shipped() -> tuple[ConcernCategories, AnnualSummarySettings]:
    profile = load_profile(default_profile_path())
    return profile.concern_categories, profile.annual_summary


def categories(session: Session) -> ConcernCategories:
    """The organisation's categories, as this vault holds them (retired ones included)."""
    stored = profile_store.get(session.conn, SECTION)
    if stored is None:
        return _shipped()[0]
    try:
        return _ADAPTER.validate_python(stored)
    except PydanticError:  # written by hand or by a newer version: say so, never guess
        raise KnownError(
            "The vault's list of concern categories cannot be read; nothing was changed. Ask IT to check the "
            "organisation profile."
        ) from None


def annual_summary_settings(session: Session) -> AnnualSummarySettings:
    stored = profile_store.get(session.conn, SUMMARY_SECTION)
    if stored is None:
        return _shipped()[1]
    try:
        return _SUMMARY_ADAPTER.validate_python(stored)
    except PydanticError:
        return _shipped()[1]


def choices(session: Session, current: str = rules.NOT_RECORDED) -> list[tuple[str, str]]:
    """(id, label) to offer for a case whose category is ``current``: see ``domain.categories.choices``."""
    return rules.choices(categories(session), current)


def label(session: Session, category_id: str) -> str:
    return rules.category_label(categories(session), category_id)


def labels(session: Session) -> dict[str, str]:
    """Every listed id -> the words shown for it (retired ones marked), and "" -> "Not recorded"."""
    cats = categories(session)
    found = {c.id: rules.category_label(cats, c.id) for c in cats.items}
    found[rules.NOT_RECORDED] = rules.NOT_RECORDED_LABEL
    return found


def check(session: Session, category_id: str, current: str = rules.NOT_RECORDED) -> str:
    return rules.check_category(categories(session), category_id, current)


# ----------------------------------------------------------------------------------------------------
# A case's category
# ----------------------------------------------------------------------------------------------------


def case_category(session: Session, case_id: int) -> tuple[str, int]:
    """(the case's category id, its version): what a change-category dialog starts from."""
    case = case_or_fail(session, case_id)
    return case.category, case.version


def set_category(session: Session, case_id: int, version: int, category_id: str) -> int:
    """Give the case ``category_id`` ("" = not recorded); returns the case's new version. Allowed on a closed case
    too: the category classifies the record (the annual summary counts it), like an addendum it adds to the
    record and changes nothing that was written. A chronology entry says what it was and what it is now; the
    audit entry names the case and the two ids. Choosing the current category again changes nothing."""
    case = case_or_fail(session, case_id)
    cats = categories(session)
    new = rules.check_category(cats, category_id, case.category)
    if new == case.category:
        return version  # nothing to change (a stale version is still caught by the caller's next save)
    with transaction(session.conn):
        new_version = update_case(session, case_id, version, {"category": new}, allow_closed=True)
        add_entry(session, case_id, "category", rules.change_text(cats, case.category, new))
        session.audit("case.category", "case", str(case_id), f"from={case.category or '-'} to={new or '-'}")
    return new_version


# ----------------------------------------------------------------------------------------------------
# Editing the list (ids are stable; labels are the organisation's words)
# ----------------------------------------------------------------------------------------------------


def _refused(exc: PydanticError, what: str) -> ValidationError:
    """The first problem pydantic found, as the profile's rule words it."""
    first = exc.errors(include_url=False)[0]
    message = str((first.get("ctx") or {}).get("message", first["msg"]))
    return ValidationError(f"{what}: {message}.")


def _write(session: Session, cats: ConcernCategories, action: str, category_id: str) -> ConcernCategories:
    """Store the vault's list (the whole section, as the profile holds it), audited by id."""
    data: Any = _ADAPTER.dump_python(cats, mode="json")
    with transaction(session.conn):
        profile_store.put(session.conn, SECTION, data)
        session.audit(action, "category", category_id)
    return cats


def _replace(session: Session, category_id: str, **changes: Any) -> ConcernCategories:
    cats = categories(session)
    if cats.get(category_id) is None:
        known = ", ".join(c.id for c in cats.items) or "none"
        raise ValidationError(f"There is no concern category {category_id[:60]!r} (the ids are: {known}).")
    try:
        items = tuple(dataclasses.replace(c, **changes) if c.id == category_id else c for c in cats.items)
    except PydanticError as exc:  # replace() validates the changed category again
        raise _refused(exc, "Category " + ", ".join(changes)) from None
    return dataclasses.replace(cats, items=items)


def rename_category(session: Session, category_id: str, new_label: str) -> ConcernCategories:
    """Reword a category's label (every case that has it shows the new words; its id stays)."""
    text = (new_label or "").strip()
    if not text:
        raise ValidationError("Category label: type the words to show.")
    if len(text) > MAX_CATEGORY_LABEL:
        raise ValidationError(f"Category label: at most {MAX_CATEGORY_LABEL} characters, on one line.")
    return _write(session, _replace(session, category_id, label=text), "category.rename", category_id)


def retire_category(session: Session, category_id: str, retired: bool = True) -> ConcernCategories:
    """Stop offering a category (``retired=False`` offers it again). Cases that have it keep it."""
    return _write(session, _replace(session, category_id, retired=retired),
                  "category.retire" if retired else "category.restore", category_id)


def add_category(session: Session, category_id: str, new_label: str, description: str = "") -> ConcernCategories:
    """Add a category at the end of the list. Its id is for good: lower-case letters, digits, '-' or '_'."""
    cats = categories(session)
    if cats.get(category_id) is not None:
        raise ValidationError(f"There is already a concern category with the id {category_id!r}.")
    try:
        item = ConcernCategory(id=category_id, label=(new_label or "").strip(), description=description)
    except PydanticError as exc:
        where = ".".join(str(p) for p in exc.errors(include_url=False)[0]["loc"]) or "details"
        raise _refused(exc, f"Category {where}") from None
    return _write(session, dataclasses.replace(cats, items=(*cats.items, item)), "category.add", category_id)
