"""`prevent-desktop plan ...` and `prevent-desktop policies ...`: the action plan and the policy register."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from prevent_desktop.domain.dates import uk_date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = sub.add_parser("plan", help="the Prevent Action Plan (Annex A)")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="SUBCOMMAND", required=True)
    p = plan_sub.add_parser("list", help="list the action plan's header and rows")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include retired rows")
    p.set_defaults(handler=run_list)
    p = plan_sub.add_parser("export", help="write the action plan as CSV (UTF-8 with BOM, opens in Excel)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv", help="where to write the CSV")
    p.set_defaults(handler=run_export)

    pol = sub.add_parser("policies", help="this policy's version and the associated-policy register")
    pol_sub = pol.add_subparsers(dest="policies_command", metavar="SUBCOMMAND", required=True)
    p = pol_sub.add_parser("list", help="list the policy's version and the associated policies with review dates")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="include retired policies")
    p.set_defaults(handler=run_policies_list)


def run_list(args: argparse.Namespace, ctx: Any) -> int:
    from prevent_desktop.domain.plan import Rag, parse_when
    from prevent_desktop.services import plan

    session = ctx.open_session()
    try:
        header = plan.header(session)
        rows = plan.rows_as_dicts(session, include_retired=args.all)
        if args.json:
            ctx.print_json({"header": vars(header), "rows": rows})
            return 0
        out = ctx.out
        out.write(f"Organisation: {header.organisation}\n")
        out.write(f"Safeguarding contact: {header.safeguarding_contact}\n")
        out.write(f"Date last updated: {uk_date(header.date_last_updated, '-')}\n")
        out.write(f"Date actions to be reviewed: {uk_date(header.date_actions_to_be_reviewed, '-')}\n")
        out.write(f"Next review due: {uk_date(header.next_review_due, '-')}\n\n")
        for r in rows:
            due = {"overdue": " [OVERDUE]", "due": " [due soon]"}.get(str(r["due_status"]), "")
            retired = " [retired]" if r["retired"] else ""
            out.write(
                f"{r['no']:>3}. {r['area']} | {r['action'] or '-'} | {r['who'] or '-'} | "
                f"{parse_when(str(r['when'])).shown or '-'} | {Rag(str(r['rag'])).shown}{due}{retired}\n"
            )
        return 0
    finally:
        session.close()


def run_export(args: argparse.Namespace, ctx: Any) -> int:
    from prevent_desktop.services import plan

    target = Path(args.output)
    session = ctx.open_session()
    try:
        plan.write_csv(session, target)
    finally:
        session.close()
    ctx.out.write(f"Wrote {target}\n")
    return 0


def run_policies_list(args: argparse.Namespace, ctx: Any) -> int:
    from prevent_desktop.services import policies

    session = ctx.open_session()
    try:
        version = policies.current_version(session)
        register = policies.as_dicts(session, include_retired=args.all)
        if args.json:
            ctx.print_json(
                {
                    "policy": vars(version),
                    "versions": [vars(v) for v in policies.versions(session)],
                    "changes": [vars(c) for c in policies.changes(session)],
                    "associated_policies": register,
                }
            )
            return 0
        out = ctx.out
        out.write(
            f"{version.title}, version {version.version}: effective {uk_date(version.effective_date, '-')}, "
            f"reviewed {uk_date(version.review_date, '-')}, next review {uk_date(version.next_review, '-')}\n\n"
        )
        for p in register:
            status = str(p["status_text"]).replace("Overdue", "OVERDUE", 1)  # the page's and the PDF's words
            out.write(
                f"{p['name']} ({p['group']}) | last review {uk_date(str(p['last_review']), '-')} | "
                f"every {p['review_interval_months']} months | next {uk_date(str(p['next_review']), '-')} | "
                f"{status}{' | retired' if p['retired'] else ''}\n"
            )
        return 0
    finally:
        session.close()
