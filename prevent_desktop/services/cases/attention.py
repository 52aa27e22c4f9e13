"""Home's reminders for cases: reviews due in the next 14 days (or overdue), and referrals with no answer for
longer than the chase-days setting."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseAttention
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.errors import ValidationError
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store

CHASE_DAYS_SETTING = "cases.chase_days"


def chase_days(session: Session) -> int:
    try:
        return max(1, int(session.vault.setting(CHASE_DAYS_SETTING, str(rules.DEFAULT_CHASE_DAYS))))
    except ValueError:
        return rules.DEFAULT_CHASE_DAYS


def set_chase_days(session: Session, days: int) -> None:
    if not 1 <= days <= 365:
        raise ValidationError("Chase after: give a number of days from 1 to 365.")
    session.vault.set_setting(CHASE_DAYS_SETTING, str(days), session.user)


def attention(session: Session, today: date) -> list[CaseAttention]:
    items: list[CaseAttention] = []
    soon = (today + timedelta(days=14)).isoformat()
    for r in store.due_reviews(session.conn, soon):
        overdue = r.due_on < today.isoformat()
        items.append(CaseAttention(r.case_id, r.ref, "overdue" if overdue else "due",
                                   f"{r.ref}: {r.label} {'was due' if overdue else 'is due'} "
                                   f"{uk_date(r.due_on)}."))
    days = chase_days(session)
    for a in store.awaiting_answer(session.conn, (today - timedelta(days=days)).isoformat()):
        items.append(CaseAttention(a.case_id, a.ref, "due",
                                   f"{a.ref}: no answer since the referral on {uk_date(a.decided_on)} "
                                   f"(more than {days} days): chase it."))
    return items


def home_items(session: Session, today: date) -> list[Any]:
    """Home's attention items for cases (review reminders and chase prompts); listed in services/home.SOURCES."""
    from prevent_desktop.services.home import AttentionItem

    return [AttentionItem("Cases", a.severity, a.text, a.case_id) for a in attention(session, today)]
