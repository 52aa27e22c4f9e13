"""Test-only: run the real CLI, then report on the process it ran in (issue 13 item 7).

    python -m tests.support.probe REPORT ARGS...

Installs the test KDF policy, runs ``prevent_desktop.cli.main(ARGS)``, then writes REPORT (JSON): the exit code,
which secret variables ``os.environ`` and a child process started now still see, whether the initial
environment block (``/proc/self/environ``) still holds them, ``prctl(PR_GET_DUMPABLE)`` and ``RLIMIT_CORE``.
Then it prints "ready" and waits for its stdin to close, so the test can look at ``/proc/PID`` from outside.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.support.kdf import install

if __name__ == "__main__":
    install()
    from prevent_desktop import hardening
    from prevent_desktop.cli import main

    report, argv = Path(sys.argv[1]), sys.argv[2:]
    rc = main(argv)
    names = hardening.SECRET_ENV_VARS
    child = subprocess.run(
        [sys.executable, "-c", "import os, json; print(json.dumps(sorted(os.environ)))"],
        capture_output=True, text=True, check=True,
    )
    initial = Path("/proc/self/environ").read_bytes() if Path("/proc/self/environ").exists() else b""
    report.write_text(json.dumps({
        "rc": rc,
        "environ": [n for n in names if n in os.environ],
        "child_environ": [n for n in names if n in json.loads(child.stdout)],
        "initial_block": [n for n in names if n.encode() + b"=" in initial],
        "dumpable": hardening.dumpable(),
        "core_limit": list(resource.getrlimit(resource.RLIMIT_CORE)),
    }))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.read()
