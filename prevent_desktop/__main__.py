import sys

from prevent_desktop.cli import main

sys.exit(main())
