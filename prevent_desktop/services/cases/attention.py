"""Home's reminders for cases: reviews due in the next 14 days (or overdue), and referrals with no answer for
longer than the chase-days setting."""

from __future__ import annotations

from datetime import date, timedelta

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.attention import AttentionItem
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store

CHASE_DAYS_SETTING = settings.CHASE_DAYS.key


def chase_days(session: Session) -> int:
    return settings.get(session, settings.CHASE_DAYS)


def set_chase_days(session: Session, days: int) -> None:
    settings.change(session, settings.CHASE_DAYS, days)


def home_items(session: Session, today: date) -> list[AttentionItem]:
    """Home's items for cases (review reminders and chase prompts); listed in services/home.SOURCES."""
    items: list[AttentionItem] = []
    soon = (today + timedelta(days=14)).isoformat()
    for r in store.due_reviews(session.conn, soon):
        overdue = r.due_on < today.isoformat()
        items.append(AttentionItem("Cases", "overdue" if overdue else "due",
                                   f"{r.ref}: {r.label} {'was due' if overdue else 'is due'} "
                                   f"{uk_date(r.due_on)}.", r.case_id))
    days = chase_days(session)
    chase_before = (today - timedelta(days=days)).isoformat()
    for a in store.awaiting_answer(session.conn, chase_before, status="referred",
                                   decision_kinds=rules.REFERRAL_DECISIONS):
        items.append(AttentionItem("Cases", "due",
                                   f"{a.ref}: no answer since the referral on {uk_date(a.decided_on)} "
                                   f"(more than {days} days): chase it.", a.case_id))
    return items
