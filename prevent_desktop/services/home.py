"""Home: what needs attention today, gathered from every area."""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain.attention import AttentionItem
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import plan, policies
from prevent_desktop.services.cases.attention import home_items as cases_home_items
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.services.session import Session


def policy_items(session: Session, today: date) -> list[AttentionItem]:
    return [AttentionItem("Policies", severity, text) for severity, text in policies.attention(session, today)]


def contact_items(session: Session, today: date) -> list[AttentionItem]:
    items = []
    months = contact_settings.stale_months(session)
    for c in contact_directory.stale_contacts(session, today):
        when = uk_date(c.last_verified, "never")
        items.append(
            AttentionItem(
                "Contacts", "due", f"{c.display_name}: not verified since {when} (checked every {months} months)."
            )
        )
    return items


def plan_items(session: Session, today: date) -> list[AttentionItem]:
    return [AttentionItem("Action plan", severity, text) for severity, text in plan.attention(session, today)]


def vault_items(session: Session, today: date) -> list[AttentionItem]:
    """Damage found by the background check of the whole vault (until a later check finds it sound)."""
    from prevent_desktop.services.vault_service import recorded_damage

    found = recorded_damage(session)
    if found is None:
        return []
    when, problems = found
    return [
        AttentionItem(
            "Vault",
            "overdue",
            f"The check of the whole vault on {uk_date(when[:10], when[:10])} found damage ({problems} problem(s)). "
            "Lock the vault (Vault → Lock) and restore the newest backup from the unlock screen.",
        )
    ]


SOURCES = (vault_items, policy_items, contact_items, plan_items, cases_home_items)


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    day = today or date.today()
    items: list[AttentionItem] = []
    for source in SOURCES:
        items.extend(source(session, day))
    order = {"overdue": 0, "due": 1, "info": 2}
    areas = {"Vault": -1, "Cases": 0, "Action plan": 1, "Policies": 2, "Contacts": 3}  # the records, then people
    return sorted(items, key=lambda i: (order.get(i.severity, 3), areas.get(i.area, 4)))
