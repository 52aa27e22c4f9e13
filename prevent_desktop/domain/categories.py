"""The one home for the rules about a case's concern category (type of concern).

A case stores one category id, or ``""`` (not recorded yet). The list itself is the organisation profile's
``concern_categories`` (:class:`~prevent_desktop.domain.profile.ConcernCategories`). Why one and not several: the
Home Office statistics the annual summary compares with count each referral under exactly one type of concern
(their shares add up to 100%), and a person showing several ideologies with none dominant has a category of its
own ("Conflicted"). One value per case also keeps every count in the annual summary a partition of the concerns,
so the totals add up and small numbers cannot be worked out by subtraction across overlapping rows.

Pure functions; no I/O, no Qt.
"""

from __future__ import annotations

from prevent_desktop.domain.profile.categories import ConcernCategories
from prevent_desktop.errors import ValidationError

NOT_RECORDED = ""  # a case with no category yet (logged before categories existed, or not yet decided)
NOT_RECORDED_LABEL = "Not recorded"
WHAT = "Type of concern"


def category_label(categories: ConcernCategories, category_id: str) -> str:
    """The words for a case's category: the label; "<label> (retired)"; an id this organisation does not list
    (an import from elsewhere) as words marked so; "Not recorded" for none. Never blank, never a raw id alone."""
    if category_id == NOT_RECORDED:
        return NOT_RECORDED_LABEL
    found = categories.get(category_id)
    if found is None:
        words = category_id.replace("-", " ").replace("_", " ").strip().capitalize() or category_id
        return f"{words} (not in this organisation's list)"
    return f"{found.label} (retired)" if found.retired else found.label


def choices(categories: ConcernCategories, current: str = NOT_RECORDED) -> list[tuple[str, str]]:
    """(id, label) to offer, "Not recorded" first, then the active categories in the profile's order; a case's
    ``current`` category is offered too when it is retired or unknown, so choosing again never loses it."""
    offered = [(NOT_RECORDED, NOT_RECORDED_LABEL)] + [(c.id, c.label) for c in categories.active]
    if current != NOT_RECORDED and all(cid != current for cid, _ in offered):
        offered.append((current, category_label(categories, current)))
    return offered


def check_category(categories: ConcernCategories, category_id: str, current: str = NOT_RECORDED) -> str:
    """``category_id`` if a case may be given it: not recorded, an active category, or the case's ``current`` one
    (kept even when retired); else a ValidationError a DSO understands."""
    if not isinstance(category_id, str):
        raise ValidationError(f"{WHAT}: choose one of the listed categories.")
    if category_id == NOT_RECORDED or category_id == current:
        return category_id
    found = categories.get(category_id)
    if found is None:
        known = ", ".join(c.id for c in categories.active) or "none are set up"
        raise ValidationError(f"{WHAT}: {category_id[:60]!r} is not one of this organisation's categories ({known}).")
    if found.retired:
        raise ValidationError(f"{WHAT}: {found.label!r} is retired; choose a current category.")
    return category_id


def change_text(categories: ConcernCategories, old: str, new: str) -> str:
    """The chronology entry for a change: "Type of concern changed from Islamist to Conflicted."."""
    if old == NOT_RECORDED:
        return f"{WHAT} recorded: {category_label(categories, new)}."
    if new == NOT_RECORDED:
        return f"{WHAT} cleared (was {category_label(categories, old)})."
    return f"{WHAT} changed from {category_label(categories, old)} to {category_label(categories, new)}."
