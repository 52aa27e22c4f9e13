"""Home: what needs attention today, gathered from every area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prevent_desktop.domain.dates import add_months, parse_loose, uk_date
from prevent_desktop.services import plan, policies, registry
from prevent_desktop.services.session import Session

STALE_CONTACT_MONTHS = 12


@dataclass(frozen=True)
class AttentionItem:
    area: str  # "Cases", "Contacts", "Action plan", "Policies"
    severity: str  # "overdue", "due", "info"
    text: str


def policy_items(session: Session, today: date) -> list[AttentionItem]:
    return [AttentionItem("Policies", severity, text) for severity, text in policies.attention(session, today)]


def contact_items(session: Session, today: date) -> list[AttentionItem]:
    items = []
    for c in registry.list_contacts(session):
        verified = parse_loose(c.last_verified)
        if verified is None or add_months(verified, STALE_CONTACT_MONTHS) <= today:
            who = c.name or c.role
            when = uk_date(c.last_verified, "never")
            items.append(AttentionItem("Contacts", "due", f"{who}: not verified since {when}."))
    return items


def plan_items(session: Session, today: date) -> list[AttentionItem]:
    return [AttentionItem("Action plan", severity, text) for severity, text in plan.attention(session, today)]


SOURCES = (policy_items, contact_items, plan_items)


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    day = today or date.today()
    items: list[AttentionItem] = []
    for source in SOURCES:
        items.extend(source(session, day))
    order = {"overdue": 0, "due": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.severity, 3))
