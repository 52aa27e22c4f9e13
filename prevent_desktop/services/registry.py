"""Read-only views of the seeded registers (contacts, action plan, policies) for the GUI and the CLI.

The contacts, action-plan and policies work replaces these with their own services as they grow.
"""

from __future__ import annotations

from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts, plan, policies
from prevent_desktop.storage.contacts import ContactRow
from prevent_desktop.storage.plan import PlanHeader, PlanRow
from prevent_desktop.storage.policies import AssociatedPolicy, PolicyVersion


def list_contacts(session: Session) -> list[ContactRow]:
    return contacts.list_contacts(session.conn)


def plan_header(session: Session) -> PlanHeader:
    return plan.header(session.conn)


def plan_rows(session: Session) -> list[PlanRow]:
    return plan.list_rows(session.conn)


def policy_version(session: Session) -> PolicyVersion:
    return policies.current_version(session.conn)


def associated_policies(session: Session) -> list[AssociatedPolicy]:
    return policies.list_policies(session.conn)
