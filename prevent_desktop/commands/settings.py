"""`prevent-desktop settings [--set KEY=VALUE ...] [--json]`: every vault setting the Settings dialog shows, from
the same declarations; changes are validated all together (nothing saved if one is bad) and audited by name."""

from __future__ import annotations

import argparse

from prevent_desktop.commands.context import Context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("settings", help="show the vault's settings, or change some (--set KEY=VALUE)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a setting (repeat for several; all are checked before any is saved), e.g. autolock_minutes=0",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.errors import ValidationError
    from prevent_desktop.services import settings

    changes: dict[str, str] = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError(f"--set {item!r}: write KEY=VALUE, e.g. autolock_minutes=10.")
        changes[key.strip()] = value
    session = ctx.open_session()
    try:
        changed = settings.update(session, changes) if changes else []
        values = settings.current(session)
    finally:
        session.close()
    specs = [s for s in settings.SETTINGS if s.editable]
    if args.json:
        ctx.print_json(
            [{"key": s.key, "value": values[s.key], "label": s.label, "allowed": s.describe()} for s in specs]
        )
        return 0
    width = max(len(s.key) for s in specs)
    for s in specs:
        mark = "*" if s.key in changed else " "
        ctx.out.write(f"{mark}{s.key:{width}} = {values[s.key]}\n{'':{width + 4}}{s.label}. {s.describe()}\n")
    if changed:
        ctx.out.write(f"Changed: {', '.join(changed)}.\n")
    return 0
