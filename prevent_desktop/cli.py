"""Command-line entry point: argument parsing only. No Qt is imported unless the GUI is really started, and the
command modules are imported only when the command line names a command (the GUI starts without them)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO, cast

_STARTED = time.time()

from prevent_desktop import __version__  # noqa: E402
from prevent_desktop.commands import COMMAND_MODULES  # noqa: E402
from prevent_desktop.commands.output import SafeWriter  # noqa: E402
from prevent_desktop.errors import KnownError  # noqa: E402
from prevent_desktop.hardening import harden_process  # noqa: E402

EXIT_OK, EXIT_KNOWN, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def process_start_time() -> float:
    """Wall-clock time the process started (Linux: from /proc; elsewhere: when this module was imported)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return _STARTED


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; ``commands=False`` leaves the commands out (importing every command module
    costs start-up time the GUI does not need: ``main`` asks for them only when the line may name one)."""
    parser = argparse.ArgumentParser(
        prog="prevent-desktop",
        description="Prevent Desktop: an offline, encrypted record of Prevent concerns, referrals and outcomes. "
        "With no command, starts the app.",
        parents=[_global_options(top=True)],
    )
    parser.add_argument("--version", action="version", version=f"prevent-desktop {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the GUI, report when the first window is painted, exit",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _Peek(argparse.ArgumentParser):
    """Reads a command line without reporting anything: ``names_a_command``'s first look."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether the command line may name a command or ask for help (which lists them): anything besides the
    global options, ``--smoke-test`` and ``--version``. Only a line with nothing else starts the GUI, so the full
    parser still answers every other line (commands, help, usage errors) exactly as before."""
    peek = _Peek(add_help=False, parents=[_global_options(top=True)])
    peek.add_argument("--smoke-test", action="store_true")
    peek.add_argument("--version", action="store_true")
    try:
        _known, rest = peek.parse_known_args(list(argv))
    except ValueError:
        return True
    return bool(rest)


def _global_options(*, top: bool) -> argparse.ArgumentParser:
    """The global options as an argparse parent parser. The top-level copy holds the defaults; the copy every
    command's parser gets leaves a missing option out of the namespace (SUPPRESS), so ``--data-dir X init`` is
    not reset by the command's parser and ``init --data-dir X`` works as well."""
    default: object = None if top else argparse.SUPPRESS
    flag_default: object = False if top else argparse.SUPPRESS
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where the vault lives (env PREVENT_DESKTOP_DATA_DIR)",
    )
    secrets = parser.add_mutually_exclusive_group()
    secrets.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=flag_default,
        help="read the passphrase from the first line of stdin (never give it as an argument)",
    )
    secrets.add_argument(
        "--recovery-key-stdin",
        action="store_true",
        default=flag_default,
        help="unlock with the recovery key read from the first line of stdin",
    )
    return parser


class CommandParser(argparse.ArgumentParser):
    """The parser of every command and sub-command (argparse's ``parser_class``, inherited by nested
    sub-commands): the global options are accepted after the command too (``audit verify --data-dir X``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["parents"] = [*kwargs.get("parents", ()), _global_options(top=False)]
        super().__init__(*args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # first: no core dumps, secrets out of the environment (see prevent_desktop/hardening.py)
    line = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=names_a_command(line))
    try:
        args = parser.parse_args(line)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    out, err = cast(TextIO, SafeWriter(sys.stdout)), cast(TextIO, SafeWriter(sys.stderr))
    try:
        if args.command is None:
            from prevent_desktop.ui.app import run_gui

            return run_gui(args.data_dir, smoke_test=args.smoke_test, started_at=process_start_time())
        from prevent_desktop.commands.context import Context, StdinLines

        ctx = Context(args=args, stdin=StdinLines(sys.stdin), out=out, err=err)
        return int(args.handler(args, ctx))
    except KnownError as exc:
        err.write(f"prevent-desktop: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("prevent-desktop: interrupted; nothing half-saved was kept.\n")
        return EXIT_KNOWN
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        sys.stderr.write(
            "prevent-desktop: an unexpected error (a bug) stopped the command. Nothing half-saved was kept.\n"
            "Details for IT support (no personal data):\n"
        )
        sys.stderr.write(_redacted_traceback())
        return EXIT_BUG


def _redacted_traceback() -> str:
    """The stack (files, lines, exception type) without the exception message, which may hold record text."""
    exc_type, _exc, tb = sys.exc_info()
    frames = traceback.format_tb(tb)
    return "".join(frames) + f"{exc_type.__name__ if exc_type else 'Error'}\n"
