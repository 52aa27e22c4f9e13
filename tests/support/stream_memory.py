"""``python -m tests.support.stream_memory FOLDER N``: the most memory Python allocates (tracemalloc) during
``cases export`` and ``cases import`` of N and of 4N synthetic DEMO cases, printed as JSON.

Run in a process of its own (``tests/unit/test_cases_stream.py``), so what the rest of a test session left behind
(caches, garbage, fixtures' handlers) never counts. Batches are made small, so N cases already span many of them.
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.kdf import install

PASSPHRASE = "orbit lantern cactus meadow 47"


def peak(run: Callable[[], Any]) -> int:
    """The most memory Python allocated during ``run`` beyond what it held at the start."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        run()
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return top - start


def measure(folder: Path, n: int) -> dict[str, int]:
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services import cases_io, demo
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage import cases as store
    from prevent_desktop.storage.keyslots import TEST_KDF

    store.EXPORT_BATCH = 20  # type: ignore[attr-defined,unused-ignore]  # (absent before issue 11)
    cases_io.INDEX_CASES = 20  # type: ignore[attr-defined,unused-ignore]
    cases_io._FLUSH = 16_384  # type: ignore[attr-defined,unused-ignore]

    def vault(name: str, **kw: Any) -> Any:
        return create_vault(DataPaths(folder / name), PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF, **kw)[0]

    source = vault("source", demo=True)
    demo.fill_demo(source, n, seed=3)
    small, large = folder / "small.json", folder / "large.json"
    cases_io.export_to_file(source, small)  # (warms the caches too: the schema's validators)
    cases_io.import_file(vault("warm"), small)
    into_small, into_large = vault("small"), vault("large")
    got = {"export_small": peak(lambda: cases_io.export_to_file(source, small)),
           "import_small": peak(lambda: cases_io.import_file(into_small, small))}
    demo.fill_demo(source, 3 * n, seed=4)
    got["export_large"] = peak(lambda: cases_io.export_to_file(source, large))
    got["import_large"] = peak(lambda: cases_io.import_file(into_large, large))
    got["cases_large"] = len(json.loads(large.read_bytes())["cases"])
    return got


if __name__ == "__main__":
    install()
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]))))
