"""`prevent-desktop export ...`: write a document as a PDF (optionally AES-256 encrypted).

The PDF password for ``--encrypt`` comes from ``PREVENT_DESKTOP_PDF_PASSWORD`` or the next line of standard input
(after the passphrase line when ``--passphrase-stdin`` is used): never from the command line.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from prevent_desktop.commands.case_arg import add_case_argument, add_person_argument, case_id, person_id
from prevent_desktop.commands.context import ENV_PDF_PASSWORD, Context
from prevent_desktop.errors import KnownError
from prevent_desktop.hardening import env_secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "export",
        help="write a document as a PDF (referral pack, case file, action plan, contacts card, policy register, "
        "annual summary)",
        description="Write a document as a PDF. With --encrypt the PDF is AES-256 encrypted; the password comes "
        f"from {ENV_PDF_PASSWORD} or the next line of standard input, never from the command line.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="DOCUMENT", required=True)

    def add(name: str, help_text: str, *, encrypt: bool = True) -> argparse.ArgumentParser:
        p = kinds.add_parser(name, help=help_text, description=help_text)
        p.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF file to write")
        if encrypt:
            p.add_argument(
                "--encrypt",
                action="store_true",
                help=f"encrypt with a password (AES-256) from {ENV_PDF_PASSWORD} or the next stdin line",
            )
        p.set_defaults(handler=run)
        return p

    add_case_argument(add("referral-pack", "the referral pack for one case"))
    add_person_argument(
        add("case-file", "the whole chronology of one person across their cases (a person id, or a case reference)")
    )
    add("action-plan", "the Prevent action plan (Annex A), landscape")
    card = add("contacts-card", "the one-page key contacts card (no case data)", encrypt=True)
    card.add_argument("--variant", choices=("a4", "fold"), default="a4", help="a4 (default) or fold (pocket)")
    add("policy-register", "the policy's metadata, summary of changes and associated policies")
    summary = add("annual-summary", "the anonymised annual Prevent summary (counts and charts, no names)")
    summary.add_argument(
        "--year", metavar="YEAR", default=None,
        help="the reporting year: YYYY (the year it starts in) or YYYY/YY; the profile says the month it starts "
        "(September by default: the academic year). Default: the year today falls in",
    )


def _password(args: argparse.Namespace, ctx: Context) -> str | None:
    if not getattr(args, "encrypt", False):
        return None
    env = env_secret(ENV_PDF_PASSWORD)
    password = env if env is not None else ctx.stdin.next("PDF password")
    from prevent_desktop.domain.passwords import check_file_password

    check_file_password(password, "PDF password")  # before the document is built: the GUI's rule
    return password


def run(args: argparse.Namespace, ctx: Context) -> int:
    from prevent_desktop.services import exports

    params: dict[str, Any] = {}
    if args.kind == "contacts-card":
        params["variant"] = args.variant
    elif args.kind == "annual-summary":
        params["year"] = args.year
    target = os.path.abspath(args.output)
    if not os.path.isdir(os.path.dirname(target)):
        raise KnownError("The folder for the output file does not exist.")
    session = ctx.open_session()
    try:
        if args.kind == "referral-pack":
            params["case_id"] = case_id(session, args.case)
        elif args.kind == "case-file":
            params["person_id"] = person_id(session, args.person)
        password = _password(args, ctx)  # after the passphrase line, so stdin order is passphrase, password
        info = exports.export_document(session, args.kind, target, password, **params)
    finally:
        session.close()
    result = {"written": target, "document": info.kind, "encrypted": password is not None,
              "case_data": info.has_case_data}
    if info.year:
        result["year"] = info.year
    ctx.print_json(result)
    return 0
