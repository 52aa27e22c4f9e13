"""Read-only views of the seeded registers (contacts, action plan, policies) for the GUI and the CLI.

The contacts, action-plan and policies work replaces these with their own services as they grow; the plan and
policy views here are those services' (with due statuses worked out as of today).
"""

from __future__ import annotations

from prevent_desktop.domain.plan import PlanHeader, PlanRow
from prevent_desktop.domain.policies import AssociatedPolicy, PolicyVersion
from prevent_desktop.services import plan, policies
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts
from prevent_desktop.storage.contacts import ContactRow


def list_contacts(session: Session) -> list[ContactRow]:
    return contacts.list_contacts(session.conn)


def plan_header(session: Session) -> PlanHeader:
    return plan.header(session)


def plan_rows(session: Session) -> list[PlanRow]:
    return plan.rows(session)


def policy_version(session: Session) -> PolicyVersion:
    return policies.current_version(session)


def associated_policies(session: Session) -> list[AssociatedPolicy]:
    return policies.register(session)
