"""Write docs/cases-export.schema.json from the code (``services.cases_io.SCHEMA``, whose enumerations come from
``domain.cases``). Run after changing either: ``.venv/bin/python scripts/write_cases_schema.py``; a test fails while
the copy in docs/ is stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cases-export.schema.json"


def render() -> str:
    sys.path.insert(0, str(ROOT))
    from prevent_desktop.services.cases_io import SCHEMA

    return json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    TARGET.write_text(render(), "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
