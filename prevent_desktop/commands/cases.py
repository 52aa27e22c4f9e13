"""`prevent-desktop cases list|show|search|export|import|tasks|task-add|task-done|task-reopen`, the concern
categories (`cases categories|category-add|category-edit|set-category`) and `prevent-desktop demo --cases N`."""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from prevent_desktop.commands.case_arg import add_case_argument, case_id
from prevent_desktop.commands.context import Context
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.hardening import env_secret

ENV_EXPORT_PASSWORD = "PREVENT_DESKTOP_EXPORT_PASSWORD"  # taken out of the environment at start (hardening.py)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cases", help="list, show, search, export and import cases")
    cases_sub = p.add_subparsers(dest="cases_command", metavar="COMMAND", required=True)

    q = cases_sub.add_parser("list", help="list every case, newest first")
    q.add_argument("--json", action="store_true", help="print JSON (a list of objects, each with its id)")
    q.add_argument("--category", metavar="ID", help="only cases of this concern category (an id from `cases "
                   "categories`; 'none' for cases with none recorded)")
    q.set_defaults(handler=run_list)

    q = cases_sub.add_parser("categories", help="list the concern categories (type of concern): id, label, retired")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=run_categories)

    q = cases_sub.add_parser("category-add", help="add a concern category (its id is for good)")
    q.add_argument("category", metavar="ID", help="lower-case letters, digits, '-' or '_'")
    q.add_argument("label", metavar="LABEL", help="the words shown for it")
    q.add_argument("--description", default="", help="what it covers (shown as help beside the choice)")
    q.set_defaults(handler=run_category_add)

    q = cases_sub.add_parser("category-edit", help="reword a concern category, or retire it (cases keep it)")
    q.add_argument("category", metavar="ID")
    q.add_argument("--label", metavar="LABEL", help="new words to show (the id stays)")
    state = q.add_mutually_exclusive_group()
    state.add_argument("--retire", action="store_true", help="stop offering it; cases that have it keep it")
    state.add_argument("--restore", action="store_true", help="offer a retired category again")
    q.set_defaults(handler=run_category_edit)

    q = cases_sub.add_parser("set-category", help="set a case's concern category ('none' clears)")
    add_case_argument(q)
    q.add_argument("category", metavar="CATEGORY", help="an id from `cases categories`, or 'none'")
    q.set_defaults(handler=run_set_category)

    q = cases_sub.add_parser("show", help="show one case in full (reference or id)")
    add_case_argument(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=run_show)

    q = cases_sub.add_parser("search", help="full-text search across people, concerns, notes and chronology")
    q.add_argument("query", metavar="QUERY")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=run_search)

    q = cases_sub.add_parser(
        "export",
        help="write every case with its full chronology as JSON (plain, or encrypted with --encrypt)",
        description="Write every case with its full chronology. Without --encrypt the file is PLAIN, readable JSON "
        "(names, dates of birth, concerns): a warning says so. With --encrypt it is an encrypted container "
        f"(Argon2id + AES-256-GCM) with a password of at least 8 characters from {ENV_EXPORT_PASSWORD} or the "
        "line of standard input after the passphrase; `cases import` opens it with the same password.",
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.add_argument("--encrypt", action="store_true", help="encrypt the file with a password (recommended)")
    q.set_defaults(handler=run_export)

    q = cases_sub.add_parser(
        "import",
        help="import cases from an export file, plain or encrypted (all or nothing)",
        description="Import cases from an export file (all or nothing). An encrypted export's password comes from "
        f"{ENV_EXPORT_PASSWORD} or the line of standard input after the passphrase.",
    )
    q.add_argument("file", metavar="FILE")
    q.set_defaults(handler=run_import)

    q = cases_sub.add_parser("tasks", help="list a case's tasks (ID or reference), done ones included")
    add_case_argument(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=run_tasks)

    q = cases_sub.add_parser("task-add", help="add a task to a case (ID or reference); Home shows it when due")
    add_case_argument(q)
    q.add_argument("text", metavar="TEXT", help="what is to be done, on one line")
    q.add_argument("--due", default="", metavar="DATE", help="due date, YYYY-MM-DD or DD/MM/YYYY (optional)")
    q.set_defaults(handler=run_task_add)

    q = cases_sub.add_parser("task-done", help="tick a task off (its id, from `cases tasks`)")
    q.add_argument("task", type=int, metavar="TASK")
    q.set_defaults(handler=run_task_done)

    q = cases_sub.add_parser("task-reopen", help="reopen a task ticked off by mistake (its id)")
    q.add_argument("task", type=int, metavar="TASK")
    q.set_defaults(handler=run_task_reopen)

    q = cases_sub.add_parser("chase-days", help="show or set after how many days without an answer Home says chase")
    q.add_argument("days", nargs="?", type=int, metavar="DAYS")
    q.set_defaults(handler=run_chase_days)

    q = cases_sub.add_parser(
        "purge", help="retention: delete cases closed before a date (audited; not available in the app)"
    )
    q.add_argument("--closed-before", required=True, metavar="DATE", help="YYYY-MM-DD or DD/MM/YYYY")
    q.add_argument("--yes", action="store_true", help="confirm: the cases cannot be recovered afterwards")
    q.set_defaults(handler=run_purge)

    d = sub.add_parser("demo", help="fill a DEMO vault with synthetic cases for training and benchmarks")
    d.add_argument("--cases", type=int, required=True, metavar="N")
    d.add_argument("--seed", type=int, default=20240601, help="random seed (same seed, same cases)")
    d.set_defaults(handler=run_demo)


NO_CATEGORY = "none"  # on the command line: no category recorded


def _row(r: Any) -> dict[str, Any]:
    return {"id": r.id, "ref": r.ref, "person": r.person, "role": r.role, "status": r.status,
            "opened_at": r.opened_at, "next_review": r.next_review, "category": r.category}


def _print_rows(ctx: Context, rows: list[Any], as_json: bool) -> None:
    if as_json:
        ctx.print_json([_row(r) for r in rows])
        return
    for r in rows:
        ctx.out.write(f"{r.id:>6}  {r.ref:<14} {uk_date(r.opened_at):<12} {r.status:<16} {r.role:<10} "
                      f"{r.category or '-':<18} {r.person}\n")
    ctx.out.write(f"{len(rows)} case(s)\n")


def _category_arg(text: str) -> str:
    return "" if text.strip().lower() == NO_CATEGORY else text.strip()


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.domain.case_records import CaseFilter
    from prevent_desktop.errors import KnownError
    from prevent_desktop.services.cases import categories, queries

    session = ctx.open_session()
    try:
        if args.category is None:
            rows = queries.list_all(session)
        else:
            wanted = _category_arg(args.category)
            if wanted and categories.categories(session).get(wanted) is None:
                known = ", ".join(c.id for c in categories.categories(session).items)
                raise KnownError(f"There is no concern category {wanted[:60]!r}; the ids are: {known} (or "
                                 f"{NO_CATEGORY}).")
            rows = queries.list_filtered(session, CaseFilter(category=wanted))
        _print_rows(ctx, rows, args.json)
    finally:
        session.close()
    return 0


def run_categories(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import categories

    session = ctx.open_session()
    try:
        cats = categories.categories(session)
    finally:
        session.close()
    if args.json:
        ctx.print_json([{"id": c.id, "label": c.label, "description": c.description, "retired": c.retired}
                        for c in cats.items])
        return 0
    for c in cats.items:
        ctx.out.write(f"{c.id:<34} {c.label}{'  (retired)' if c.retired else ''}\n")
    ctx.out.write(f"{len(cats.items)} categories, {len(cats.active)} offered\n")
    return 0


def run_category_add(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import categories

    session = ctx.open_session()
    try:
        categories.add_category(session, args.category, args.label, args.description)
    finally:
        session.close()
    ctx.out.write(f"Category {args.category} added.\n")
    return 0


def run_category_edit(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.errors import KnownError
    from prevent_desktop.services.cases import categories

    if args.label is None and not (args.retire or args.restore):
        raise KnownError("Say what to change: --label TEXT, --retire or --restore. Nothing was changed.")
    session = ctx.open_session()
    try:
        if args.label is not None:
            categories.rename_category(session, args.category, args.label)
        if args.retire or args.restore:
            categories.retire_category(session, args.category, retired=args.retire)
        shown = categories.label(session, args.category)
    finally:
        session.close()
    ctx.out.write(f"Category {args.category}: {shown}\n")
    return 0


def run_set_category(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import categories, queries

    session = ctx.open_session()
    try:
        cid = case_id(session, args.case)
        detail = queries.case_detail(session, cid)
        categories.set_category(session, cid, detail.version, _category_arg(args.category))
        shown = queries.case_detail(session, cid).category_label
    finally:
        session.close()
    ctx.out.write(f"Case {detail.ref}: type of concern {shown}.\n")
    return 0


def run_search(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import queries

    session = ctx.open_session()
    try:
        _print_rows(ctx, queries.search(session, args.query, limit=100_000), args.json)
    finally:
        session.close()
    return 0


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import queries

    session = ctx.open_session()
    try:
        detail = queries.case_detail(session, case_id(session, args.case))
    finally:
        session.close()
    if args.json:
        ctx.print_json(dataclasses.asdict(detail))
        return 0
    out = ctx.out
    p = detail.person
    out.write(f"Case {detail.ref} (id {detail.id}) — {detail.status_label}\n")
    out.write(f"Person: {p.forenames} {p.surname}, {p.role_label}, born {uk_date(p.dob, 'unknown')}"
              f"{' (under 18 at the date of concern)' if p.under_18 else ''}\n")
    out.write(f"Raised by: {detail.referrer.name or 'not named'} ({detail.referrer.role_label}), "
              f"concern dated {uk_date(detail.opened_at)}\n")
    out.write(f"Type of concern: {detail.category_label}\n")
    out.write(f"Referral form {detail.form_version}: {len(detail.gaps)} item(s) still needed\n")
    for d in detail.decisions:
        out.write(f"Decision {uk_date(d.decided_on)}: {d.label}. Reason: {d.reason}\n")
    for o in detail.outcomes:
        out.write(f"Outcome {uk_date(o.outcome_on)}: {o.label}\n")
    out.write("Chronology:\n")
    for e in detail.chronology:
        out.write(f"  [{e.id}] {uk_date(e.occurred_at[:10])} {e.kind}: {e.text}\n")
        for a in e.addenda:
            out.write(f"      addendum [{a.id}] {uk_date(a.recorded_at[:10])}: {a.text}\n")
    return 0


PLAIN_EXPORT_WARNING = (
    "warning: {file} holds every case in PLAIN, readable JSON (names, dates of birth, concerns). Keep it on an "
    "encrypted drive and delete it when done, or export with --encrypt.\n"
)


def _export_password(ctx: Context) -> str:
    env = env_secret(ENV_EXPORT_PASSWORD)
    return env if env is not None else ctx.stdin.next("export password")


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services import cases_io

    session = ctx.open_session()
    try:
        password = _export_password(ctx) if args.encrypt else None  # after the passphrase line
        n = cases_io.export_to_file(session, Path(args.output), password)
    finally:
        session.close()
    if password is None:
        ctx.err.write(PLAIN_EXPORT_WARNING.format(file=args.output))
    ctx.out.write(f"Exported {n} case(s) to {args.output}{' (encrypted)' if password is not None else ''}\n")
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services import cases_io

    source = Path(args.file)
    if cases_io.is_encrypted_file(source):  # the password is needed to check it: passphrase first, then password
        session = ctx.open_session()
        try:
            n = cases_io.import_file(session, source, _export_password(ctx))
        finally:
            session.close()
    else:
        checked = cases_io.check_file(source)  # fail before asking for the passphrase when the file itself is bad
        session = ctx.open_session()
        try:
            n = cases_io.import_file(session, checked)  # the bytes checked, not checked twice
        finally:
            session.close()
    ctx.out.write(f"Imported {n} case(s) from {args.file}\n")
    return 0


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.demo import fill_demo

    session = ctx.open_session()
    try:
        started = time.perf_counter()
        n = fill_demo(session, args.cases, seed=args.seed)
        took = time.perf_counter() - started
    finally:
        session.close()
    ctx.out.write(f"Added {n} synthetic case(s) in {took:.1f} s.\n")
    return 0


def run_chase_days(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import attention

    session = ctx.open_session()
    try:
        if args.days is not None:
            attention.set_chase_days(session, args.days)
        ctx.out.write(f"Chase referrals after {attention.chase_days(session)} day(s) without an answer.\n")
    finally:
        session.close()
    return 0


def run_purge(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.errors import KnownError
    from prevent_desktop.services.cases import retention

    if not args.yes:
        raise KnownError("Purging deletes cases for good; add --yes to confirm. Nothing was changed.")
    session = ctx.open_session()
    try:
        n = retention.purge_closed_before(session, args.closed_before)
    finally:
        session.close()
    ctx.out.write(f"Purged {n} closed case(s); the purge is recorded in the audit log.\n")
    return 0


def _task_dict(t: Any) -> dict[str, Any]:
    return {"id": t.id, "case_id": t.case_id, "text": t.text, "due_on": t.due_on, "done": t.done,
            "done_at": t.done_at, "done_by": t.done_by, "created_at": t.created_at, "created_by": t.created_by}


def _task_line(t: Any) -> str:
    state = f"done {uk_date(t.done_at[:10])} by {t.done_by}" if t.done else "open"
    return f"{t.id:>6}  due {uk_date(t.due_on, '-'):<12} {state:<28} {t.text}\n"


def run_tasks(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import tasks

    session = ctx.open_session()
    try:
        found = tasks.tasks_of_case(session, case_id(session, args.case))
    finally:
        session.close()
    if args.json:
        ctx.print_json([_task_dict(t) for t in found])
        return 0
    for t in found:
        ctx.out.write(_task_line(t))
    ctx.out.write(f"{len(found)} task(s), {sum(not t.done for t in found)} open\n")
    return 0


def run_task_add(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import tasks

    session = ctx.open_session()
    try:
        task_id = tasks.add_task(session, case_id(session, args.case), args.text, args.due)
    finally:
        session.close()
    ctx.out.write(f"Task {task_id} added.\n")
    return 0


def run_task_done(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import tasks

    session = ctx.open_session()
    try:
        t = tasks.complete_task(session, args.task)
    finally:
        session.close()
    ctx.out.write(f"Task {t.id} done ({uk_date(t.done_at[:10])}, {t.done_by}).\n")
    return 0


def run_task_reopen(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services.cases import tasks

    session = ctx.open_session()
    try:
        t = tasks.reopen_task(session, args.task)
    finally:
        session.close()
    ctx.out.write(f"Task {t.id} is open again.\n")
    return 0
