"""The one way a CLI command takes a case: its reference (``PV-2026-0011``, as printed on every screen and PDF)
or its id (``cases list`` shows both). Every command that names a case uses this; a test walks the whole parser
and fails for a case argument that does not (``tests/cli/test_case_references.py``).

Adopting it in a new command::

    from prevent_desktop.commands.case_arg import add_case_argument, case_id

    add_case_argument(parser)                     # a positional CASE (dest "case"); or dest=/flag= for an option
    ...
    session = ctx.open_session()
    cid = case_id(session, args.case)             # services.cases.queries.find_case: a clear error if none

The shape is checked while parsing (a usage error before any passphrase is read); the case itself is found
once the vault is open. ``export case-file`` takes a person: ``add_person_argument`` / ``person_id`` accept the
person's id, or a case reference standing for that case's person.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from prevent_desktop.domain.cases import ref_sequence

CASE_METAVAR = "CASE"
CASE_HELP = "the case's reference (e.g. PV-2026-0011) or its id (`cases list` shows both)"
PERSON_METAVAR = "PERSON"
PERSON_HELP = (
    "the person's id, or a case reference (e.g. PV-2026-0011) for the person of that case; a bare number is "
    "always a person id"
)


@dataclass(frozen=True)
class CaseArg:
    """What was typed for a case: a reference (upper-cased) or an id, found in the vault by ``case_id``."""

    text: str

    @property
    def is_reference(self) -> bool:
        return not self.text.isdigit()

    def __str__(self) -> str:
        return self.text


def case_arg(text: str) -> CaseArg:
    """The argparse ``type`` of every case argument: an id (digits) or a reference (``PV-YYYY-NNNN``)."""
    value = text.strip().upper()
    if value.isdigit() or ref_sequence(value) is not None:
        return CaseArg(value)
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a case: give its reference (e.g. PV-2026-0011) or its id (`cases list` shows both)"
    )


def add_case_argument(
    parser: argparse.ArgumentParser, dest: str = "case", *, flag: str | None = None, help: str = CASE_HELP,
    **kwargs: Any,
) -> argparse.Action:
    """A positional ``CASE`` (or, with ``flag="--case"``, an option) parsed by ``case_arg``."""
    if flag is not None:
        return parser.add_argument(flag, dest=dest, type=case_arg, metavar=CASE_METAVAR, help=help, **kwargs)
    return parser.add_argument(dest, type=case_arg, metavar=CASE_METAVAR, help=help, **kwargs)


def case_id(session: Any, value: CaseArg | str) -> int:
    """The id of the case ``value`` names, in the open vault (a KnownError naming it when there is none)."""
    from prevent_desktop.services.cases import queries

    return queries.find_case(session, str(value))


def add_person_argument(parser: argparse.ArgumentParser, dest: str = "person") -> argparse.Action:
    """A positional ``PERSON``: a person id, or a case reference for that case's person."""
    return parser.add_argument(dest, type=case_arg, metavar=PERSON_METAVAR, help=PERSON_HELP)


def person_id(session: Any, value: CaseArg) -> int:
    """A bare number is the person id as given (the export says clearly if there is no such person); a case
    reference stands for the person of that case."""
    if not value.is_reference:
        return int(value.text)
    from prevent_desktop.services.cases import queries

    return queries.person_of_case(session, case_id(session, value))
