"""`prevent-desktop audit verify` (exit 1 naming where the chain breaks) and `audit list [--json]` (actions in
words, cases by reference)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from prevent_desktop.commands.context import Context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="the hash-chained audit log: verify it or list it")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser(
        "verify", help="check the chain: any edited, removed or reordered entry is named (exit 1)"
    )
    v.set_defaults(handler=run_verify)
    ls = audit_sub.add_parser("list", help="list entries, newest first")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.add_argument("--limit", type=int, default=None, metavar="N", help="only the newest N entries")
    ls.set_defaults(handler=run_list)


def run_verify(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.audit_service import entry_count
    from prevent_desktop.services.vault_service import verify_audit

    session = ctx.open_session(allow_rollback=True)  # it reports a rollback
    try:
        problems = verify_audit(session)
        n = entry_count(session)
    finally:
        session.close()
    if problems:
        ctx.err.write(f"The audit log is NOT intact ({len(problems)} problem(s) in {n} entries):\n")
        ctx.err.write("".join(f"  {p}\n" for p in problems[:50]))
        return 1
    ctx.out.write(f"ok: {n} entries, the chain is intact.\n")
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Newest first: when, who, what (in words: ``domain/audit_actions.py``), the record (a case by its
    reference), the detail. ``--json`` keeps the stored ``action``/``entity``/``entity_id`` beside ``label``,
    ``record`` and ``case_ref``."""
    from prevent_desktop.services.audit_service import readable_entries

    session = ctx.open_session(allow_rollback=True)  # it reports a rollback
    try:
        rows = readable_entries(session, args.limit)
    finally:
        session.close()
    if args.json:
        ctx.print_json([asdict(r) for r in rows])
        return 0
    for r in rows:
        record = f"  [{r.record}]" if r.record else ""
        detail = f"  {r.detail}" if r.detail else ""
        ctx.out.write(f"{r.id:6} {r.at:25} {r.actor[:20]:20} {r.label}{record}{detail}\n")
    return 0
