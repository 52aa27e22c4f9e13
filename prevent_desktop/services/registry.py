"""Read-only views of the action plan and policy registers, as the documents print them (the policy register and
action-plan PDFs). The plan and policies services own every change to these registers.
"""

from __future__ import annotations

from prevent_desktop.services.session import Session
from prevent_desktop.storage import plan, policies
from prevent_desktop.storage.plan import HistoryEntry, PlanHeader, PlanRow, Review
from prevent_desktop.storage.policies import AssociatedPolicy, PolicyChange, PolicyVersion


def plan_header(session: Session) -> PlanHeader:
    return plan.header(session.conn)


def plan_rows(session: Session) -> list[PlanRow]:
    return plan.list_rows(session.conn)


def duty_titles(session: Session) -> dict[str, str]:
    return {d.id: d.title for d in plan.duties(session.conn)}


def plan_reviews_oldest_first(session: Session) -> list[Review]:
    return list(reversed(plan.reviews(session.conn)))  # the repository lists them newest first


def plan_row_changes(session: Session) -> list[tuple[int, HistoryEntry]]:
    """(row number, change) for every change to a plan row (retired rows' too), oldest first; changes to the
    header are not row changes and are left out."""
    numbers = {r.id: r.no for r in plan.list_rows(session.conn, include_retired=True)}
    changes = [(numbers[h.row_id], h) for h in plan.history(session.conn) if h.row_id in numbers]
    return sorted(changes, key=lambda item: (item[1].changed_at, item[1].id))


def policy_version(session: Session) -> PolicyVersion:
    return policies.current_version(session.conn)


def policy_changes(session: Session) -> list[PolicyChange]:
    return policies.changes(session.conn)


def associated_policies(session: Session) -> list[AssociatedPolicy]:
    return policies.list_policies(session.conn)
