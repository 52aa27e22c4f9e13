"""Cases benchmark (kept out of pytest): build N demo cases, open and scroll the lazy list, full-text search.

Each timing is printed next to a baseline measured in the same run on the same vault (a plain
``SELECT count(*) FROM cases``), so the numbers can be compared across machines.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_cases.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.demo import fill_demo
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.kdf import install as _cheap_kdf

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)


def timed(fn: Any, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp())
    try:
        session, _ = create_vault(DataPaths(folder / "v"), "orbit lantern cactus meadow 47", kdf=TEST_KDF, demo=True)
        start = time.perf_counter()
        fill_demo(session, n, seed=1)
        print(f"build {n:,} demo cases (one transaction): {time.perf_counter() - start:.1f} s")
        size = (folder / "v" / "vault.db").stat().st_size / 1e6
        print(f"vault size: {size:.0f} MB")
        conn = session.conn
        base = timed(lambda: conn.execute("SELECT count(*) FROM cases").fetchone())
        print(f"baseline SELECT count(*) FROM cases: {base * 1e6:.0f} µs")
        print(f"first page (200 rows): {timed(lambda: case_queries.list_page(session, CaseFilter())) * 1000:.1f} ms")

        def scroll() -> None:
            after = None
            for _ in range(50):
                page = case_queries.list_page(session, CaseFilter(), after)
                after = (page[-1].opened_at, page[-1].id)

        print(f"scroll 50 pages (10,000 rows, keyset): {timed(scroll, 3) * 1000:.0f} ms")
        took = timed(lambda: case_queries.count(session, CaseFilter(status="closed")))
        print(f"count with status filter: {took * 1000:.1f} ms")
        for q in ("Kowalski", "Zoe", "extremist", "zeppelin", "shooter peers"):
            found: list[Any] = []
            took = timed(lambda q=q, found=found: found.append(case_queries.search(session, q, limit=200)))
            print(f"FTS search {q!r} (first 200): {took * 1000:.1f} ms, {len(found[-1])} rows")
        took = timed(lambda: case_queries.count(session, CaseFilter(query="Kowalski")))
        print(f"FTS count 'Kowalski': {took * 1000:.1f} ms")

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from prevent_desktop.ui.pages.cases import CasesPage

        start = time.perf_counter()
        page = CasesPage(session)
        page.resize(1100, 700)
        page.show()
        app.processEvents()
        print(f"open the Cases page (lazy model, count label): {(time.perf_counter() - start) * 1000:.0f} ms")
        start = time.perf_counter()
        bar = page.table.verticalScrollBar()
        for _ in range(50):
            bar.setValue(bar.maximum())
            app.processEvents()
        print(
            f"scroll to the end 50 times in the view: {(time.perf_counter() - start) * 1000:.0f} ms, "
            f"{page.model.rowCount():,} rows loaded"
        )
        page.close()
        session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
