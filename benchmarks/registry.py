"""Every figure the suite measures, in the order it runs. A new figure is one function ``f(bench) -> [Figure]``
in the module of its area, listed here with the name ``--only`` selects it by."""

from __future__ import annotations

from collections.abc import Callable

from benchmarks import backup, check, frozen, memory, pdf, saves, search, size, startup, unlock
from benchmarks.core import Bench, Figure

FigureFunction = Callable[[Bench], list[Figure]]

FIGURES: list[tuple[str, FigureFunction]] = [
    ("startup", startup.figures),  # start → first window painted; heavy imports before it
    ("unlock", unlock.figures),  # real GUI, real Argon2id: click → case list painted; longest stall
    ("search", search.figures),  # 50-query mix through the search service vs bare FTS5
    ("save", saves.figures),  # chronology note, referral draft vs bare INSERT + COMMIT
    ("backup", backup.figures),  # verified backup vs copy + fsync + read
    ("lock", backup.lock_figures),  # lock with the automatic backup vs without; stall meanwhile
    ("pdf", pdf.figures),  # referral pack (warm), ~100-page case file vs ReportLab minimal
    ("check", check.figures),  # prevent-desktop check vs bare unlock + the two integrity PRAGMAs
    ("memory", memory.figures),  # RSS after scrolling the case list to the real end
    ("size", size.figures),  # bytes per case, growth after export → import, their peak memory
    ("frozen", frozen.figures),  # the frozen build (when dist/ exists)
]
