"""`prevent-desktop contacts list|search|export|import`: the key contacts for IT and scripts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from prevent_desktop.commands.context import Context
from prevent_desktop.errors import KnownError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("contacts", help="list, search, export and import the key contacts")
    csub = p.add_subparsers(dest="contacts_command", metavar="SUBCOMMAND", required=True)

    q = csub.add_parser("list", help="every contact, grouped as in the policy")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.add_argument("--include-retired", action="store_true", help="also list retired contacts")
    q.set_defaults(handler=run_list)

    q = csub.add_parser("search", help="contacts matching QUERY (any field, or any digit run of a number)")
    q.add_argument("query")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=run_search)

    q = csub.add_parser("export", help="write every contact to a .csv (Excel) or .vcf (vCard) file")
    q.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.vcf")
    q.set_defaults(handler=run_export)

    q = csub.add_parser("settings", help="show or change how contacts are checked and copied")
    q.add_argument("--stale-months", type=int, metavar="N", help="flag contacts not verified in N months")
    q.add_argument(
        "--clipboard-seconds", type=int, metavar="N", help="clear a copied (non-public) number after N seconds"
    )
    q.set_defaults(handler=run_settings)

    q = csub.add_parser("import", help="add or update contacts from a .csv or .vcf file (all rows or none)")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--dry-run", action="store_true", help="show what would change and change nothing")
    q.set_defaults(handler=run_import)


def _as_dict(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "group": c.group_id,
        "group_title": c.group_title,
        "name": c.name,
        "role": c.role,
        "organisation": c.organisation,
        "phones": [
            {"label": label, "number": number, "e164": e164}
            for (label, number), e164 in zip(c.phones, c.phones_e164 or [""] * len(c.phones), strict=True)
        ],
        "emails": list(c.emails),
        "web": c.web,
        "when_to_use": c.when_to_use,
        "notes": c.notes,
        "out_of_hours": c.out_of_hours,
        "public_line": c.public_line,
        "last_verified": c.last_verified,
        "retired_at": c.retired_at,
    }


def _print_rows(ctx: Context, rows: list[Any], as_json: bool) -> None:
    if as_json:
        ctx.print_json([_as_dict(c) for c in rows])
        return
    group = None
    for c in rows:
        if c.group_title != group:
            group = c.group_title
            ctx.out.write(f"\n{group}\n")
        who = c.display_name if not c.name else f"{c.name} ({c.role})"
        org = f", {c.organisation}" if c.organisation else ""
        flag = " [retired]" if c.retired else ""
        ctx.out.write(f"  {who}{org}{flag}\n")
        for label, number in c.phones:
            ctx.out.write(f"    {label + ': ' if label else ''}{number}\n")
        for email in c.emails:
            ctx.out.write(f"    Email: {email}\n")
        if c.web:
            ctx.out.write(f"    Online: {c.web}\n")


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.contacts import directory

    session = ctx.open_session()
    try:
        _print_rows(ctx, directory.directory(session, include_retired=args.include_retired), args.json)
    finally:
        session.close()
    return 0


def run_search(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.contacts import directory

    session = ctx.open_session()
    try:
        rows = directory.search(session, args.query)
        _print_rows(ctx, rows, args.json)
        if not rows and not args.json:
            ctx.err.write("No contact matches.\n")
    finally:
        session.close()
    return 0


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.contacts import transfer

    target = Path(args.output)
    transfer.export_format(target)  # a wrong file name fails before the passphrase is asked for
    session = ctx.open_session()
    try:
        count = transfer.export_to_file(session, target)
    finally:
        session.close()
    ctx.out.write(f"Exported {count} contacts to {target}.\n")
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.contacts import transfer

    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise KnownError(f"Cannot read {source.name} ({exc.strerror or type(exc).__name__}).") from None
    session = ctx.open_session()
    try:
        if args.dry_run:
            preview = transfer.preview_import(session, data, source.name)
        else:
            preview = transfer.apply_import(session, data, source.name)
    finally:
        session.close()
    verb = "Would import" if args.dry_run else "Imported"
    ctx.out.write(f"{verb} {source.name}: {preview.summary}.\n")
    for cid in preview.added:
        ctx.out.write(f"  add      {cid}\n")
    for cid, fields in preview.changed.items():
        ctx.out.write(f"  change   {cid}: {', '.join(fields)}\n")
    if args.dry_run:
        ctx.out.write("Dry run: nothing was changed.\n")
    return 0


def run_settings(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.contacts import settings

    session = ctx.open_session()
    try:
        if args.stale_months is not None:
            settings.set_stale_months(session, args.stale_months)
        if args.clipboard_seconds is not None:
            settings.set_clipboard_clear_seconds(session, args.clipboard_seconds)
        months, seconds = settings.stale_months(session), settings.clipboard_clear_seconds(session)
    finally:
        session.close()
    ctx.out.write(f"stale after: {months} months\nclipboard cleared after: {seconds} seconds\n")
    return 0
