"""PDFs: the referral pack of a demo case through the export service (``exports.build_document``: the case read
from the vault and laid out, warm: fonts loaded, one build done), and a case file of about 100 pages from the
synthetic sample data (``reports.samples``) through the case-file builder; against ReportLab building its minimal
document (one paragraph) in the same run."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from benchmarks import data
from benchmarks.core import Bench, Figure, figure, interleaved

PACK_TARGET_MS = 100.0
CASE_FILE_TARGET_MS = 1500.0
CASE_FILE_PAGES = 100
NOW = datetime(2026, 11, 26, 14, 5)


def minimal_reportlab() -> bytes:
    """ReportLab's own minimal document: one paragraph, Helvetica, the default template."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph("Hello world", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def case_file_data(target_pages: int) -> Any:
    """Synthetic case-file data of about ``target_pages`` pages (scaled from a probe build)."""
    from prevent_desktop.reports import samples
    from prevent_desktop.reports.case_file import build_case_file

    probe = 200
    got = pages(build_case_file(samples.case_file(probe, 1), organisation="Example", generated_at=NOW))
    return samples.case_file(max(int(probe * target_pages / got), 1), 1)


def figures(bench: Bench) -> list[Figure]:
    from prevent_desktop.domain.case_records import CaseFilter
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.reports.case_file import build_case_file
    from prevent_desktop.services import exports
    from prevent_desktop.services.background import open_session
    from prevent_desktop.services.cases import queries

    folder = bench.data.read_copy()
    session = open_session(DataPaths(folder), data.bare_key(folder))
    try:
        case_id = queries.list_page(session, CaseFilter(status="referred"), None, 1)[0].id
        built: list[bytes] = []

        def pack() -> None:
            built.append(exports.build_document(session, "referral-pack", now=NOW, case_id=case_id)[0])

        p, b = interleaved(pack, minimal_reportlab, bench.runs_for(cheap=True), warmup=2)
        rows = [figure("referral pack PDF, warm", p, b, f"≤ {PACK_TARGET_MS:g} ms", p.median <= PACK_TARGET_MS,
                       note=f"{pages(built[-1])} pages, data read from the vault + layout; baseline: ReportLab "
                            "minimal document")]
    finally:
        session.close()
    cf = case_file_data(CASE_FILE_PAGES)
    out: list[bytes] = []

    def case_file() -> None:
        out.append(build_case_file(cf, organisation="Example Training", generated_at=NOW))

    p, b = interleaved(case_file, minimal_reportlab, bench.runs, warmup=1)
    n = pages(out[-1])
    rows.append(figure(f"case file PDF ({n} pages)", p, b, f"≤ {CASE_FILE_TARGET_MS:g} ms",
                       p.median <= CASE_FILE_TARGET_MS, note=f"{p.median / n:.1f} ms per page; synthetic sample data"))
    return rows
