"""The real CLI for tests: ``python -m tests.support.cli ARGS`` = ``prevent-desktop ARGS`` with the test KDF policy.

Used by ``tests/conftest.py:run_cli`` and the other subprocess tests so a CLI call does not pay ~1 s of Argon2id;
everything else (argument parsing, process hardening, exit codes) is the shipped ``prevent_desktop.cli.main``.
"""

from __future__ import annotations

import sys

from tests.support.kdf import install

if __name__ == "__main__":
    install()
    from prevent_desktop.cli import main

    sys.exit(main())
