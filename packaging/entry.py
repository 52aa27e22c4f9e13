"""Entry point for the frozen build."""

import sys

from prevent_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
