"""What a CLI handler gets: where the vault is and how to read secrets (env or stdin, never argv)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from prevent_desktop.domain.passphrases import same_passphrase
from prevent_desktop.errors import KnownError
from prevent_desktop.hardening import env_secret
from prevent_desktop.paths import DataPaths

ENV_PASSPHRASE = "PREVENT_DESKTOP_PASSPHRASE"
ENV_NEW_PASSPHRASE = "PREVENT_DESKTOP_NEW_PASSPHRASE"
ENV_PDF_PASSWORD = "PREVENT_DESKTOP_PDF_PASSWORD"


@dataclass
class StdinLines:
    """Secrets come from stdin one per line, in order: consumed lazily so a command reads only what it needs."""

    stream: TextIO
    _used: int = 0
    _lines: list[str] = field(default_factory=list)

    def next(self, what: str) -> str:
        line = self.stream.readline()
        if not line:
            raise KnownError(f"Expected the {what} on standard input, but there was no more input.")
        self._used += 1
        return line.rstrip("\r\n")


@dataclass
class Context:
    args: argparse.Namespace
    stdin: StdinLines
    out: TextIO = sys.stdout
    err: TextIO = sys.stderr

    @property
    def paths(self) -> DataPaths:
        return DataPaths.resolve(self.args.data_dir)

    def _interactive(self) -> bool:
        return sys.stdin.isatty() and os.environ.get("CI") != "true"

    def unlock_secret(self) -> Any:
        from prevent_desktop.services.vault_service import Secret

        if self.args.recovery_key_stdin:
            return Secret.recovery(self.stdin.next("recovery key"))
        if self.args.passphrase_stdin:
            return Secret.passphrase(self.stdin.next("passphrase"))
        env = env_secret(ENV_PASSPHRASE)
        if env is not None:
            return Secret.passphrase(env)
        if self._interactive():
            return Secret.passphrase(getpass.getpass("Vault passphrase: "))
        raise KnownError(
            f"No passphrase given. Set {ENV_PASSPHRASE} or pass --passphrase-stdin and write it on standard input."
        )

    def new_passphrase(self, prompt: str = "New passphrase: ") -> str:
        """For init (the first secret) and passphrase change (the second line of stdin)."""
        env = env_secret(ENV_NEW_PASSPHRASE)
        if env is not None:
            return env
        if self.args.passphrase_stdin or self.args.recovery_key_stdin:
            return self.stdin.next("new passphrase")
        if self._interactive():
            first = getpass.getpass(prompt)
            if not same_passphrase(getpass.getpass("Repeat it: "), first):  # as the key slots compare (NFC)
                raise KnownError("The two passphrases differ; nothing was changed.")
            return first
        raise KnownError(
            f"No new passphrase given. Set {ENV_NEW_PASSPHRASE} or write it as the second line of standard input."
        )

    def open_session(self, *, allow_rollback: bool = False) -> Any:
        """The shared unlock use case (``services.vault_service.open_session``). A vault found older than its
        rollback anchor is refused (with what to do) unless the command reports on it (``check``, ``audit``)."""
        from prevent_desktop.services.vault_service import open_session

        return open_session(self.paths, self.unlock_secret(), allow_rollback=allow_rollback)

    def print_json(self, value: Any) -> None:
        json.dump(value, self.out, ensure_ascii=False, indent=2, default=str)
        self.out.write("\n")
