"""`prevent-desktop backup [-o FILE] | backup --verify FILE | restore FILE [--replace [--yes]] | backups`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prevent_desktop.commands.context import Context
from prevent_desktop.commands.output import terminal_safe
from prevent_desktop.errors import KnownError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "backup",
        help="make one encrypted, verified backup file (database + key slots)",
        description="Make one encrypted, verified backup file. It opens with the passphrase or recovery key "
        "valid when it was made. Default location: <data dir>/backups/. With --verify FILE, check a backup "
        "instead (unwrap with the passphrase, both integrity checks, row counts).",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write the backup to exactly FILE (or, if FILE is a folder, into it)"
    )
    p.add_argument("--verify", metavar="FILE", help="check the backup FILE instead of making one")
    p.set_defaults(handler=run_backup)

    p = sub.add_parser(
        "restore",
        help="restore a backup into a new or empty data dir (or over the vault with --replace)",
        description="Restore a backup file. Into a new or empty data dir by default; over an existing vault "
        "only with --replace, after confirmation (--yes for scripts); the current vault is backed up first, "
        "or, if it is damaged, its files are moved to <data dir>/damaged/.",
    )
    p.add_argument("file", metavar="FILE", help="the backup file (.pdbackup)")
    p.add_argument("--replace", action="store_true", help="replace the existing vault (it is kept first)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    p.set_defaults(handler=run_restore)

    p = sub.add_parser("backups", help="list the backups in <data dir>/backups, newest first")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run_list)


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.backup_service import backup_now, verify_backup

    if args.verify:
        if args.output:
            raise KnownError("Give either --verify FILE or -o FILE, not both.")
        result = verify_backup(Path(args.verify), ctx.unlock_secret())
        info = result.info
        ctx.out.write(
            f"ok: {info.describe()} opens with this {result.opened_with.replace('recovery', 'recovery key')}, "
            f"passes both integrity checks and holds the recorded number of rows (schema {info.schema_version}, "
            f"{info.db_size} bytes).\n"
        )
        return 0
    session = ctx.open_session()
    try:
        info = backup_now(session, Path(args.output) if args.output else None)
    finally:
        session.close()
    ctx.out.write(f"Backup written and verified: {info.path}\n")
    return 0


def run_restore(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.backup_service import backup_file_info, restore_backup

    paths = ctx.paths
    info = backup_file_info(Path(args.file))  # a damaged file is refused before anything else
    if paths.exists():
        if not args.replace:
            raise KnownError(
                f"A vault already exists in {paths.root}; nothing was changed. Restore into a new folder with "
                "--data-dir, or replace this vault with --replace (it is backed up first)."
            )
        if not args.yes:
            if not sys.stdin.isatty():
                raise KnownError("Replacing a vault needs confirmation: add --yes (scripts) or run it in a terminal.")
            question = f"Replace the vault in {paths.root} with {info.describe()}? Type 'replace' to go on: "
            answer = input(terminal_safe(question))
            if answer.strip().lower() != "replace":
                ctx.out.write("Nothing was changed.\n")
                return 1
    message = restore_backup(paths, Path(args.file), ctx.unlock_secret(), replace=args.replace)
    ctx.out.write(message + "\n")
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.backup_service import list_backups

    rows = []
    for row in list_backups(ctx.paths):
        if row.info is not None:
            rows.append({"file": str(row.path), "made": row.info.created_at, "kind": row.info.kind, "ok": True})
        else:
            rows.append({"file": str(row.path), "made": "", "kind": "", "ok": False, "problem": row.problem})
    if args.json:
        ctx.print_json(rows)
    else:
        for item in rows:
            state = "ok" if item["ok"] else "DAMAGED"
            ctx.out.write(f"{item['made'] or '-':25} {item['kind'] or '-':12} {state:8} {item['file']}\n")
        if rows:
            ctx.out.write("(header and size checked; `prevent-desktop backup --verify FILE` checks a whole file)\n")
        else:
            ctx.out.write(f"No backups in {ctx.paths.backups}.\n")
    return 0
