"""Home's items for cases (listed in ``services/home.SOURCES``), in the order Home shows them: concerns with no
decision yet (oldest first), referral drafts not finished, referrals marked ready and not sent, answers to chase
(no answer for longer than the chase-days setting), reviews and tasks due in the next ``NOTICE_DAYS`` days or
overdue.

Each kind lists at most ``LIMIT`` cases, read in index order; a line "…and N more" follows when there are more
(counted no further than ``COUNT_CAP``), so Home costs the same with 100 cases or 100,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.attention import AttentionItem, more_item
from prevent_desktop.domain.case_records import ReviewDue
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.tasks import NOTICE_DAYS, TaskDue
from prevent_desktop.services import settings
from prevent_desktop.services.cases import tasks
from prevent_desktop.services.session import Session
from prevent_desktop.storage import cases as store

CHASE_DAYS_SETTING = settings.CHASE_DAYS.key
LIMIT = 10  # cases listed per kind (the rest: one line that opens the filtered case list)
COUNT_CAP = 200  # a kind's count stops here ("180+ more"): a count reads its rows, so it is bounded too

T = TypeVar("T")


def chase_days(session: Session) -> int:
    return settings.get(session, settings.CHASE_DAYS)


def set_chase_days(session: Session, days: int) -> None:
    settings.change(session, settings.CHASE_DAYS, days)


def _age(opened_at: str, today: date) -> str:
    try:
        days = (today - date.fromisoformat(opened_at)).days
    except ValueError:
        return ""
    return "" if days < 0 else " (today)" if days == 0 else " (1 day ago)" if days == 1 else f" ({days:,} days ago)"


def _listed(
    kind: str,
    rows: Sequence[T],
    count: Callable[[], int],
    item: Callable[[T], AttentionItem],
    more_text: str,
    status: str | None = None,
) -> list[AttentionItem]:
    """The first ``LIMIT`` rows as items, and a "more" line when ``rows`` (fetched with LIMIT + 1) was cut."""
    items = [item(r) for r in rows[:LIMIT]]
    if len(rows) > LIMIT:
        items.extend(_more(kind, count(), more_text, status))
    return items


def _more(kind: str, total: int, more_text: str, status: str | None = None) -> list[AttentionItem]:
    """The line "…and N more" for a kind with ``total`` cases (counted up to ``COUNT_CAP``), when it is over
    ``LIMIT``."""
    if total <= LIMIT:
        return []
    capped = total >= COUNT_CAP
    more = total - LIMIT
    shown = f"{more:,}+" if capped else f"{more:,}"
    return [more_item("Cases", kind, more, capped, f"…and {shown} more {more_text}.", target=status)]


def home_items(session: Session, today: date) -> list[AttentionItem]:
    """Home's items for cases, in Home's order within the Cases group: ``CASE_SOURCES`` one after another (Home
    at unlock runs each on a turn of its own: the count of the referrals to chase alone reads ~200 cases'
    decisions and outcomes)."""
    return [item for source in CASE_SOURCES for item in source(session, today)]


def status_items(session: Session, today: date) -> list[AttentionItem]:
    """Concerns with no decision, unfinished drafts, referrals ready and not sent."""
    conn = session.conn
    items: list[AttentionItem] = []

    def at_status(status: str, kind: str, text: Callable[[str, str, str], str], more_text: str) -> None:
        items.extend(_listed(
            kind,
            store.cases_at_status(conn, status, LIMIT + 1),
            lambda: store.count_at_status(conn, status, COUNT_CAP),
            lambda c: AttentionItem("Cases", kind, "due", text(c.ref, c.opened_at, c.ready_at), c.opened_at, c.ref,
                                    c.case_id),
            f"{more_text} (open Cases and filter by “{rules.status_label(status)}”)",
            status,
        ))

    at_status("concern", "concern_undecided",
              lambda ref, opened, _r: f"{ref}: concern of {uk_date(opened)}{_age(opened, today)} has no decision "
                                      "yet: record one.",
              "concerns with no decision")
    at_status("drafting", "draft_unfinished",
              lambda ref, opened, _r: f"{ref}: referral draft not finished (concern of {uk_date(opened)}): finish "
                                      "it and mark it ready.",
              "unfinished referral drafts")
    at_status("ready", "referral_ready",
              lambda ref, opened, ready: f"{ref}: referral ready"
                                         f"{' since ' + uk_date(ready[:10]) if ready else ''} but not sent (concern "
                                         f"of {uk_date(opened)}): send it and record the referral decision.",
              "referrals ready and not sent")
    return items


def _chase_from(session: Session, today: date) -> tuple[int, str]:
    """The chase setting's days, and the date a referral decided on or before is to be chased."""
    days = chase_days(session)
    return days, (today - timedelta(days=days)).isoformat()


def chase_items(session: Session, today: date) -> list[AttentionItem]:
    """Referrals with no answer (outcome) within the chase setting's days: the first ``LIMIT`` (the line for the
    rest is ``chase_more_items``)."""
    days, chase_before = _chase_from(session, today)
    return [
        AttentionItem("Cases", "answer_to_chase", "due",
                      f"{a.ref}: no answer since the referral on {uk_date(a.decided_on)} (more than {days} days): "
                      "chase it.", a.decided_on, a.ref, a.case_id)
        for a in store.awaiting_answer(session.conn, chase_before, status="referred",
                                       decision_kinds=rules.REFERRAL_DECISIONS, limit=LIMIT)
    ]


def chase_more_items(session: Session, today: date) -> list[AttentionItem]:
    """"…and N more referrals to chase" when there are more than ``LIMIT``: a source of its own (a turn of its
    own at unlock), as its count reads each case's decisions and outcomes, up to ``COUNT_CAP`` cases (~10 ms at
    100,000 cases, as long as the rest of Home's cases together)."""
    _days, chase_before = _chase_from(session, today)
    total = store.count_awaiting_answer(session.conn, chase_before, status="referred",
                                        decision_kinds=rules.REFERRAL_DECISIONS, cap=COUNT_CAP)
    return _more("answer_to_chase", total, "referrals to chase", "referred")


def due_items(session: Session, today: date) -> list[AttentionItem]:
    """Reviews and tasks due within the notice days (or overdue)."""
    conn = session.conn
    items: list[AttentionItem] = []
    soon = (today + timedelta(days=NOTICE_DAYS)).isoformat()

    def review(r: ReviewDue) -> AttentionItem:
        overdue = r.due_on < today.isoformat()
        return AttentionItem("Cases", "review_due", "overdue" if overdue else "due",
                             f"{r.ref}: {r.label} {'was due' if overdue else 'is due'} {uk_date(r.due_on)}.",
                             r.due_on, r.ref, r.case_id)

    items.extend(_listed("review_due", store.due_reviews(conn, soon, LIMIT + 1),
                         lambda: store.count_due_reviews(conn, soon, COUNT_CAP), review, "reviews due"))

    until = today + timedelta(days=NOTICE_DAYS)

    def task(t: TaskDue) -> AttentionItem:
        overdue = t.due_on < today.isoformat()
        return AttentionItem("Cases", "task_due", "overdue" if overdue else "due",
                             f"{t.ref}: task “{t.text}” {'was due' if overdue else 'is due'} {uk_date(t.due_on)}.",
                             t.due_on, t.ref, t.case_id)

    items.extend(_listed("task_due", tasks.due_tasks(session, until, LIMIT + 1),
                         lambda: tasks.count_due_tasks(session, until, COUNT_CAP), task, "tasks due"))
    return items


# Home's order within the Cases group (a kind's "more" line is put after it by order_items)
CASE_SOURCES = (status_items, chase_items, chase_more_items, due_items)
