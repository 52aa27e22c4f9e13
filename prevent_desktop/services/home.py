"""Home: what needs the DSO today, gathered from every area, cases first.

Each area contributes one function to ``SOURCES`` (``(session, today) -> [AttentionItem]``); ``attention_items``
runs them and puts the items in Home's order (``domain.attention.order_items``). The GUI's Home and
``prevent-desktop home`` both show this one list. Every source is bounded (index reads with LIMITs, counts that
stop at a cap, at most ``AUDIT_WINDOW`` audit entries, one backup header), so Home costs the same in a vault of
100 cases or 100,000 and can be worked out on the UI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, datetime

from prevent_desktop.domain import dates
from prevent_desktop.domain.attention import AttentionItem, GroupCount, group_counts, order_items
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.errors import KnownError
from prevent_desktop.services import audit_service, plan, policies, settings
from prevent_desktop.services.cases.attention import CASE_SOURCES
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import routing as contact_routing
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import backup

AUDIT_WINDOW = 1000  # the newest audit entries read for the last backup and the last automatic backup's result


def plan_items(session: Session, today: date) -> list[AttentionItem]:
    return plan.attention(session, today)


def policy_items(session: Session, today: date) -> list[AttentionItem]:
    return policies.attention(session, today)


def contact_items(session: Session, today: date) -> list[AttentionItem]:
    """Routing parties that cannot be called (no number on any of their contacts) first, then contacts not
    verified within the setting's months."""
    items: list[AttentionItem] = []
    no_number: set[str] = set()
    profile = contact_routing.vault_profile(session)
    by_id = {c.id: c for c in profile.contacts}
    for party in profile.routing.parties:
        reach = [by_id[cid] for cid in party.contacts if cid in by_id]
        if any(c.phones for c in reach):
            continue
        if not reach:
            items.append(AttentionItem(
                "Contacts", "contact_no_number", "overdue",
                f"{party.name}: every contact the routing names for them is retired: add a current one.",
                reference="party",
            ))
            continue
        first = reach[0]
        no_number.add(first.id)
        items.append(AttentionItem(
            "Contacts", "contact_no_number", "overdue",
            f"{party.name}: number not yet recorded — add it (the routing names them; press Enter to edit "
            f"{first.display_name}).",
            reference=first.id, target=first.id,
        ))
    months = contact_settings.stale_months(session)
    for c in contact_directory.stale_contacts(session, today):
        if c.id in no_number:
            continue  # asking for the number says it all
        when = uk_date(c.last_verified, "never")
        items.append(AttentionItem(
            "Contacts", "contact_unverified", "due",
            f"{c.display_name}: not verified since {when} (checked every {months} months).",
            c.last_verified if len(c.last_verified) == 10 else "", c.id, c.id,
        ))
    return items


def _backup_history(session: Session) -> tuple[str, str]:
    """(the day of the last backup made, the day of the last automatic backup if it failed, else "") from the
    newest ``AUDIT_WINDOW`` audit entries and the newest file in the backups folder.

    A backup logs ``backup.create`` before it starts and ``backup.failed`` (with its kind) if it then fails."""
    last_ok = ""
    auto_failed = ""
    auto_seen = False
    failed_kinds: set[str] = set()
    for e in audit_service.entries(session, AUDIT_WINDOW):  # newest first
        if e.action not in ("backup.create", "backup.failed"):
            continue
        kind = e.detail.split(";", 1)[0].strip()
        if kind == "auto" and not auto_seen:
            auto_seen = True
            if e.action == "backup.failed":
                auto_failed = e.at[:10]
        if e.action == "backup.failed":
            failed_kinds.add(kind)
        elif kind in failed_kinds:
            failed_kinds.discard(kind)  # the attempt that failed
        elif not last_ok:
            last_ok = e.at[:10]
        if last_ok and auto_seen:
            break
    for path in backup.list_backups(session.vault.paths.backups)[:3]:  # newest first; one header read each
        with contextlib.suppress(KnownError, OSError, ValueError):
            made = datetime.fromisoformat(backup.read_header(path).created_at).date().isoformat()
            last_ok = max(last_ok, made)
            break
    return last_ok, auto_failed


def backup_items(session: Session, today: date) -> list[AttentionItem]:
    """The last automatic backup failed; no backup yet; or the last one is older than the setting's days.
    Enter makes a backup now."""
    items: list[AttentionItem] = []
    last_ok, auto_failed = _backup_history(session)
    if auto_failed and auto_failed >= last_ok:
        items.append(AttentionItem(
            "Backups", "backup_failed", "overdue",
            f"The last automatic backup ({uk_date(auto_failed)}) failed: press Enter to back up now, and check "
            "the disk the backups go to.", auto_failed, "auto",
        ))
    days = settings.get(session, settings.BACKUP_REMIND_DAYS)
    if not last_ok:
        items.append(AttentionItem(
            "Backups", "backup_none", "due",
            "No backup of this vault has been made yet: press Enter to back up now.", "", "vault",
        ))
    else:
        age = (today - date.fromisoformat(last_ok)).days
        if age > days:
            items.append(AttentionItem(
                "Backups", "backup_old", "due",
                f"The last backup was made on {uk_date(last_ok)}, {age} days ago (the reminder is after {days} "
                "days): press Enter to back up now.", last_ok, "vault",
            ))
    return items


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
            "vault_damaged",
            "overdue",
            f"The check of the whole vault on {uk_date(when[:10], when[:10])} found damage ({problems} problem(s)). "
            "Lock the vault (Vault → Lock) and restore the newest backup from the unlock screen.",
            date=when[:10],
        )
    ]


# Where each item goes on Home is order_items's to say, not the order of the sources: Home at unlock runs the
# contacts' source second as it builds the organisation profile (vault_profile, ~10 ms the first time), which the
# Cases page reads too, so a DSO who goes to Cases at once does not pay it in the same turn as the page.
SOURCES = (vault_items, contact_items, *CASE_SOURCES, plan_items, policy_items, backup_items)


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    """Every item, in Home's order: by area (cases first), by kind within it, then each source's own order."""
    items: list[AttentionItem] = []
    for step in attention_steps(session, today):
        items = step()
    return items


def attention_steps(
    session: Session, today: date | None = None
) -> Iterator[Callable[[], list[AttentionItem]]]:
    """``attention_items`` as one short step per source, for a caller that spreads them over turns of its event
    loop (the GUI's Home at unlock): each step returns the items so far, the last one all of them in order."""
    day = today or dates.today()
    items: list[AttentionItem] = []
    for i, source in enumerate(SOURCES):
        last = i == len(SOURCES) - 1

        def step(source: Callable[[Session, date], list[AttentionItem]] = source, last: bool = last) -> list[
            AttentionItem
        ]:
            items.extend(source(session, day))
            return order_items(items) if last else list(items)

        yield step


def summary(items: list[AttentionItem]) -> list[GroupCount]:
    """Each group with how many things it stands for (the GUI's group headings and the CLI's counts)."""
    return group_counts(items)
