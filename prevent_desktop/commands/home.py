"""`prevent-desktop home [--json] [--today DATE]`: what Home lists, in Home's order, for IT checks and scripts.

Ids, kinds, severities, dates and references only: no names and no free text (the sentences are the GUI's)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from prevent_desktop.commands.context import Context
from prevent_desktop.domain.attention import MORE, AttentionItem
from prevent_desktop.errors import KnownError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "home",
        help="list what Home shows today (ids, kinds, dates, references; no names)",
        description="List what needs attention, as the app's Home lists it and in the same order: each item's "
        "group, kind, severity, date, reference and the id of the record it opens. No names or free text.",
    )
    p.add_argument("--json", action="store_true", help="print JSON: the groups with their counts, and the items")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="work it out as of this day (default: today)")
    p.set_defaults(handler=run_home)


def item_dict(item: AttentionItem) -> dict[str, Any]:
    """One item as the CLI prints it: everything but the sentence."""
    d: dict[str, Any] = {
        "area": item.area,
        "kind": item.kind,
        "severity": item.severity,
        "date": item.date,
        "reference": item.reference,
        "target": item.target,
    }
    if item.kind == MORE:
        d.update(more=item.more, capped=item.capped)
    return d


def _today(text: str | None) -> date:
    if not text:
        from prevent_desktop.domain.dates import today

        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KnownError(f"--today: {text!r} is not a date; use YYYY-MM-DD (for example 2026-03-18).") from None


def run_home(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services import home

    day = _today(args.today)
    session = ctx.open_session()
    try:
        items = home.attention_items(session, day)
    finally:
        session.close()
    groups = home.summary(items)
    if args.json:
        ctx.print_json({
            "today": day.isoformat(),
            "groups": [{"area": g.area, "count": g.count, "capped": g.capped} for g in groups],
            "items": [item_dict(i) for i in items],
        })
        return 0
    out = ctx.out
    if not items:
        out.write("Nothing needs attention.\n")
        return 0
    for g in groups:
        out.write(f"{g.area} ({g.shown})\n")
        for i in (x for x in items if x.area == g.area):
            if i.kind == MORE:
                out.write(f"  more     {i.reference}: {i.more:,}{'+' if i.capped else ''} more\n")
                continue
            target = "" if i.target is None else str(i.target)
            out.write(f"  {i.severity:<8} {i.kind:<22} {i.date or '-':<10}  {i.reference or '-':<16} {target}\n")
    return 0
