"""Home: what needs attention today, gathered from every area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prevent_desktop.domain.dates import add_months, parse_loose, uk_date
from prevent_desktop.services import registry
from prevent_desktop.services.cases import home_items as cases_home_items
from prevent_desktop.services.session import Session

STALE_CONTACT_MONTHS = 12


@dataclass(frozen=True)
class AttentionItem:
    area: str  # "Cases", "Contacts", "Action plan", "Policies"
    severity: str  # "overdue", "due", "info"
    text: str


def policy_items(session: Session, today: date) -> list[AttentionItem]:
    items = []
    version = registry.policy_version(session)
    next_review = parse_loose(version.next_review)
    if next_review and next_review <= today:
        items.append(
            AttentionItem(
                "Policies",
                "overdue",
                f"{version.title} was due for review in {uk_date(version.next_review)}.",
            )
        )
    for p in registry.associated_policies(session):
        last = parse_loose(p.last_review)
        if last is None:
            items.append(AttentionItem("Policies", "due", f"{p.name}: no review date recorded."))
        elif add_months(last, p.review_interval_months) <= today:
            items.append(
                AttentionItem(
                    "Policies",
                    "overdue",
                    f"{p.name} was last reviewed {uk_date(p.last_review)}: review overdue.",
                )
            )
    return items


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
    items = []
    for row in registry.plan_rows(session):
        if row.rag == "red":
            items.append(AttentionItem("Action plan", "overdue", f"{row.no}. {row.area} is rated Red."))
        elif not row.rag:
            items.append(AttentionItem("Action plan", "due", f"{row.no}. {row.area} needs a RAG rating."))
    return items


SOURCES = (policy_items, contact_items, plan_items, cases_home_items)


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    day = today or date.today()
    items: list[AttentionItem] = []
    for source in SOURCES:
        items.extend(source(session, day))
    order = {"overdue": 0, "due": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.severity, 3))
