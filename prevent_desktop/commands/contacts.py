"""`prevent-desktop contacts ...` subcommands (filled in by the contacts work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """No subcommands yet."""
