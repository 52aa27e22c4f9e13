"""Memory: the real GUI unlocked on the data set, Cases shown at 1366×768 and scrolled to the real end (the view
fetches page after page through the model's ``fetchMore`` until every case is loaded), then the process's RSS;
against a bare PySide6 table over every case's list columns read with a bare sqlcipher3 connection."""

from __future__ import annotations

from benchmarks import gui
from benchmarks.core import Bench, Figure, Stats, figure

RSS_TARGET_MIB = 300.0


def figures(bench: Bench) -> list[Figure]:
    folder = bench.data.read_copy()
    results, bare, errors = [], [], []
    for _ in range(bench.runs):
        r = gui.run_driver(bench, "scroll", folder)
        (errors if "error" in r else results).append(r)
        b = gui.run_driver(bench, "bare-scroll", folder)
        (errors if "error" in b else bare).append(b)
    name = f"RSS after scrolling to the end ({bench.cases:,} cases)"
    if not results or not bare:
        return [figure(name, None, None, f"≤ {RSS_TARGET_MIB:g} MiB", None, unit="MiB", note=errors[0]["error"])]
    rss = Stats([r["rss_mib"] for r in results])
    base = Stats([b["rss_mib"] for b in bare])
    scrolled = Stats([r["scroll_ms"] for r in results])
    loaded = min(r["rows"] for r in results)
    complete = loaded >= bench.cases and not any(r["more"] for r in results)
    note = (f"{loaded:,} rows loaded in {scrolled.median / 1000:.1f} s (median); peak "
            f"{max(r['peak_mib'] for r in results):.0f} MiB")
    if not complete:
        note += f"; NOT the whole list ({loaded:,} of {bench.cases:,})"
    return [figure(name, rss, base, f"≤ {RSS_TARGET_MIB:g} MiB, every row loaded",
                   rss.median <= RSS_TARGET_MIB and complete, unit="MiB", note=note)]
