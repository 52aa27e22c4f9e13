"""`prevent-desktop cases ...` subcommands (filled in by the cases work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No subcommands yet."""
