"""This policy's versions and summary of changes, and the associated-policy register (review intervals, overdue).

A new version is a new row (the old one stays as history); register entries are retired, never deleted. Every
change is one transaction with its audit entry (ids only).
"""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain.attention import AttentionItem
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus, status_of
from prevent_desktop.domain.policies import (
    DEFAULT_INTERVAL_MONTHS,
    GROUPS,
    INTERVAL_RANGE,
    AssociatedPolicy,
    PolicyChange,
    PolicyVersion,
    with_status,
)
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.plan import normalise_date
from prevent_desktop.services.session import Session
from prevent_desktop.storage import policies as store
from prevent_desktop.storage.db import transaction


def current_version(session: Session) -> PolicyVersion:
    return store.current_version(session.conn)


def versions(session: Session) -> list[PolicyVersion]:
    return store.versions(session.conn)


def changes(session: Session) -> list[PolicyChange]:
    return store.changes(session.conn)


def version_status(session: Session, today: date) -> tuple[PolicyVersion, DueStatus]:
    """This policy's current version and the status of its next review as of ``today`` (NONE when no date)."""
    version = store.current_version(session.conn)
    return version, status_of(version.next_due, today)


def register(session: Session, include_retired: bool = False, today: date | None = None) -> list[AssociatedPolicy]:
    """The register with each policy's review status worked out for ``today`` (default: the clock's)."""
    day = today or date.today()
    return [with_status(p, day) for p in store.list_policies(session.conn, include_retired=include_retired)]


def record_version(
    session: Session,
    version: str,
    effective_date: str,
    review_date: str,
    next_review: str,
    note: str = "",
    title: str | None = None,
    change_summary: str = "",
) -> int:
    """Record new metadata as a new version row; with ``change_summary`` also add a summary-of-changes line."""
    version = version.strip()
    if not version:
        raise ValidationError("Give the version number.")
    current = store.current_version(session.conn)
    effective = normalise_date(effective_date, "Effective date")
    reviewed = normalise_date(review_date, "Review date")
    following = normalise_date(next_review, "Next review")
    with transaction(session.conn):
        version_id = store.add_version(
            session.conn,
            (title or current.title).strip(),
            version,
            effective,
            reviewed,
            following,
            note.strip(),
            session.user,
        )
        session.audit("policy.version.add", "policy_version", str(version_id))
        if change_summary.strip():
            change_id = store.add_change(session.conn, version, reviewed or date.today().isoformat()[:7],
                                         change_summary.strip(), session.user)
            session.audit("policy.change.add", "policy_change", str(change_id))
    return version_id


def add_change(session: Session, issue: str, day: str, summary: str) -> int:
    if not summary.strip():
        raise ValidationError("The summary of the change is empty.")
    with transaction(session.conn):
        change_id = store.add_change(session.conn, issue.strip(), normalise_date(day, "Date"), summary.strip(),
                                     session.user)
        session.audit("policy.change.add", "policy_change", str(change_id))
    return change_id


def update_change(session: Session, change_id: int, issue: str, day: str, summary: str) -> None:
    if not summary.strip():
        raise ValidationError("The summary of the change is empty.")
    with transaction(session.conn):
        store.update_change(session.conn, change_id, issue.strip(), normalise_date(day, "Date"), summary.strip(),
                            session.user)
        session.audit("policy.change.update", "policy_change", str(change_id))


def _interval(value: int | str) -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise ValidationError("The review interval must be a whole number of months.") from None
    low, high = INTERVAL_RANGE
    if not low <= months <= high:
        raise ValidationError(f"The review interval must be between {low} and {high} months.")
    return months


def add_policy(
    session: Session,
    name: str,
    group: str = "training",
    owner: str = "",
    last_review: str = "",
    interval_months: int | str = DEFAULT_INTERVAL_MONTHS,
) -> int:
    name = name.strip()
    if not name:
        raise ValidationError("Give the policy's name.")
    if group not in GROUPS:
        raise ValidationError("The group must be Training or Military.")
    last = normalise_date(last_review, "Last review")
    months = _interval(interval_months)
    with transaction(session.conn):
        policy_id = store.add_policy(session.conn, name, group, owner.strip(), last, months, session.user)
        session.audit("policy.register.add", "associated_policy", str(policy_id))
    return policy_id


def update_policy(
    session: Session,
    policy_id: int,
    *,
    name: str | None = None,
    group: str | None = None,
    owner: str | None = None,
    last_review: str | None = None,
    interval_months: int | str | None = None,
) -> int:
    """Change register fields; returns how many changed."""
    current = store.get_policy(session.conn, policy_id)
    if current is None:
        raise ValidationError("That policy is no longer in the register.")
    wanted: dict[str, object] = {}
    if name is not None:
        if not name.strip():
            raise ValidationError("Give the policy's name.")
        wanted["name"] = name.strip()
    if group is not None:
        if group not in GROUPS:
            raise ValidationError("The group must be Training or Military.")
        wanted["grp"] = group
    if owner is not None:
        wanted["owner"] = owner.strip()
    if last_review is not None:
        wanted["last_review"] = normalise_date(last_review, "Last review")
    if interval_months is not None:
        wanted["review_interval_months"] = _interval(interval_months)
    old = {
        "name": current.name,
        "grp": current.group,
        "owner": current.owner,
        "last_review": current.last_review,
        "review_interval_months": current.review_interval_months,
    }
    changed = {k: v for k, v in wanted.items() if old[k] != v}
    if not changed:
        return 0
    with transaction(session.conn):
        for field, value in changed.items():
            store.set_policy_field(session.conn, policy_id, field, value, session.user)
        session.audit("policy.register.update", "associated_policy", str(policy_id), f"fields={len(changed)}")
    return len(changed)


def mark_reviewed(session: Session, policy_id: int, on: str = "") -> None:
    update_policy(session, policy_id, last_review=on or date.today().isoformat())


def retire_policy(session: Session, policy_id: int) -> None:
    if store.get_policy(session.conn, policy_id) is None:
        raise ValidationError("That policy is no longer in the register.")
    with transaction(session.conn):
        store.retire_policy(session.conn, policy_id, session.user)
        session.audit("policy.register.retire", "associated_policy", str(policy_id))


def attention(session: Session, today: date) -> list[AttentionItem]:
    """Home's items for policies, by the same rule as the Policies page and the policy register PDF. An associated
    policy's item opens it (``target``: its id); this policy's own review opens the page."""
    items: list[AttentionItem] = []
    version = store.current_version(session.conn)
    due = version.next_due
    status = status_of(due, today)
    if due is not None and status is DueStatus.OVERDUE:
        items.append(AttentionItem("Policies", "policy_review", "overdue",
                                   f"{version.title}: review overdue (due {due.shown}).", due.text, "this policy"))
    elif due is not None and status is DueStatus.DUE_SOON:
        items.append(AttentionItem("Policies", "policy_review", "due", f"{version.title}: review due {due.shown}.",
                                   due.text, "this policy"))
    for p in register(session, today=today):
        ref = f"policy {p.id}"
        when = p.due.text
        if p.never_reviewed:
            items.append(AttentionItem("Policies", "policy_never_reviewed", "overdue",
                                       f"{p.name}: never reviewed (no review date recorded): review overdue.", "",
                                       ref, p.id))
        elif p.status == DueStatus.OVERDUE.value:
            items.append(AttentionItem(
                "Policies", "policy_overdue", "overdue",
                f"{p.name} was last reviewed {uk_date(p.last_review)}: review overdue (due {p.due.shown}).",
                when, ref, p.id,
            ))
        elif p.status == DueStatus.DUE_SOON.value:
            items.append(AttentionItem("Policies", "policy_due", "due", f"{p.name}: review due {p.due.shown}.", when,
                                       ref, p.id))
    return items


def as_dicts(session: Session, include_retired: bool = False, today: date | None = None) -> list[dict[str, object]]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "group": p.group,
            "owner": p.owner,
            "last_review": p.last_review,
            "review_interval_months": p.review_interval_months,
            "next_review": p.next_review,
            "status": p.status,
            "status_text": p.status_text,
            "overdue": p.overdue,
            "retired": bool(p.retired_at),
        }
        for p in register(session, include_retired=include_retired, today=today)
    ]
