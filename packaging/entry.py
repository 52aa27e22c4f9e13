"""Entry point for the frozen build."""

import os
import sys

from prevent_desktop.cli import main

if __name__ == "__main__":
    # The windowed Windows program (console=False) starts with no stdout/stderr at all (None): the crash report and
    # the CLI's messages write to them, so give them somewhere harmless to go instead of failing inside an error path.
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))
    sys.exit(main())
