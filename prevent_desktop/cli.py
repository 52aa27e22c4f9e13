"""Command-line entry point: argument parsing only. No Qt is imported unless the GUI is really started."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from collections.abc import Sequence

_STARTED = time.time()

from prevent_desktop import __version__  # noqa: E402
from prevent_desktop.commands import COMMAND_MODULES  # noqa: E402
from prevent_desktop.commands.context import Context, StdinLines  # noqa: E402
from prevent_desktop.errors import KnownError  # noqa: E402

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prevent-desktop",
        description="Prevent Desktop: an offline, encrypted record of Prevent concerns, referrals and outcomes. "
        "With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"prevent-desktop {__version__}")
    add_global_options(parser, top=True)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the GUI, report when the first window is painted, exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    _spread_global_options(parser)
    return parser


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The global options, accepted before or after the command (``init --passphrase-stdin`` works too)."""
    default: object = None if top else argparse.SUPPRESS
    flag_default: object = False if top else argparse.SUPPRESS
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


def _spread_global_options(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                add_global_options(child, top=False)
                _spread_global_options(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    ctx = Context(args=args, stdin=StdinLines(sys.stdin))
    try:
        if args.command is None:
            from prevent_desktop.ui.app import run_gui

            return run_gui(args.data_dir, smoke_test=args.smoke_test, started_at=process_start_time())
        return int(args.handler(args, ctx))
    except KnownError as exc:
        sys.stderr.write(f"prevent-desktop: {exc}\n")
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
