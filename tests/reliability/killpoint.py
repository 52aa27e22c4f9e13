"""Run the real CLI and SIGKILL it at a targeted point: right after the N-th ``os.replace`` onto a file named NAME.

    python -m tests.reliability.killpoint NAME N -- <prevent-desktop arguments>

NAME matches the rename's target by name; ``from:NAME`` matches its source instead (``from:vault.keys.next`` is
the commit of a rekey); ``*SUFFIX`` matches any name ending so (``from:*.pdbackup.next``: a re-made backup
put in place).

Every file the app commits is renamed into place (``write_atomically``, the rekey's ``vault.keys.next``), so
"right after the rename onto X" names each step of a change exactly: the recovery key file written, the new key
slots written aside, the key-slot file swapped, a backup re-made. NAME "-" never kills (a control run).
"""

from __future__ import annotations

import os
import signal
import sys


def _matches(name: str, src: str, dst: str) -> bool:
    target = dst
    if name.startswith("from:"):
        name, target = name[5:], src
    return target.endswith(name[1:]) if name.startswith("*") else target == name


def main(argv: list[str]) -> int:
    name, nth = argv[0], int(argv[1])
    args = argv[3:] if argv[2:3] == ["--"] else argv[2:]
    real_replace = os.replace
    seen = 0

    def replace(src, dst, *a, **kw):  # type: ignore[no-untyped-def]
        nonlocal seen
        real_replace(src, dst, *a, **kw)
        if name != "-" and _matches(name, os.path.basename(os.fspath(src)), os.path.basename(os.fspath(dst))):
            seen += 1
            if seen == nth:
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace  # type: ignore[assignment]
    from prevent_desktop.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
