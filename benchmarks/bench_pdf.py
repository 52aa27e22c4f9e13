"""PDF build times: the referral pack and a 100-page case file, against ReportLab's minimal document built in the
same run (the baseline), so the ratios compare like with like on whatever machine runs this.

Run: ``python benchmarks/bench_pdf.py [--repeat N]`` (not part of the pytest run). Prints a small table and the
ratios; synthetic data only (``prevent_desktop.reports.samples``).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from prevent_desktop.reports import encrypt_pdf, samples
from prevent_desktop.reports.case_file import build_case_file
from prevent_desktop.reports.fonts import register_fonts
from prevent_desktop.reports.referral_pack import build_referral_pack

NOW = datetime(2026, 11, 26, 14, 5)


def minimal_reportlab() -> bytes:
    """ReportLab's own minimal document: one paragraph, Helvetica, default template."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    doc.build([Paragraph("Hello world", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def time_it(fn: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    times = []
    out = b""
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def entries_for_pages(target_pages: int) -> int:
    """How many synthetic chronology entries make a case file of about ``target_pages`` pages."""
    probe = 200
    pdf = build_case_file(samples.case_file(probe, 1), organisation="Example", generated_at=NOW)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return max(int(probe * target_pages / pages), 1)


def write_samples(folder: Path) -> None:
    """The docs/samples PDFs: a throw-away demo vault seeded from the bundled profile + the synthetic case data."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support.kdf import install

    install()  # a throw-away vault: cheap key derivation in this process only (the product has no switch for it)
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services import exports
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage.db import transaction
    from prevent_desktop.storage.keyslots import TEST_KDF

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        session, _ = create_vault(
            DataPaths(Path(tmp) / "v"), "orbit lantern cactus meadow 47", user_name="Test DSO", kdf=TEST_KDF, demo=True
        )
        try:
            with transaction(session.conn):
                for no, rag in ((1, "red"), (2, "amber"), (3, "green"), (4, "green")):
                    session.conn.execute("UPDATE plan_rows SET rag = ? WHERE no = ?", (rag, no))
            for kind, params, name in (
                ("action-plan", {}, "action-plan"),
                ("contacts-card", {}, "contacts-card-a4"),
                ("contacts-card", {"variant": "fold"}, "contacts-card-fold"),
                ("policy-register", {}, "policy-register"),
            ):
                pdf, _info = exports.build_document(session, kind, **params)
                (folder / f"{name}.pdf").write_bytes(pdf)
            # the annual summary: seeded synthetic cases over six years, the 2025/26 academic year (ended by NOW)
            from prevent_desktop.services.demo import fill_demo

            fill_demo(session, 600, today=NOW.date())
            pdf, _info = exports.build_document(session, "annual-summary", year="2025", now=NOW)
            (folder / "annual-summary.pdf").write_bytes(pdf)
            org = session.organisation_name
        finally:
            session.close()
    (folder / "referral-pack.pdf").write_bytes(
        build_referral_pack(samples.referral_pack(), organisation=org, generated_at=NOW, demo=True)
    )
    (folder / "case-file.pdf").write_bytes(
        build_case_file(samples.case_file(30, 2), organisation=org, generated_at=NOW, demo=True)
    )
    print(f"sample PDFs written to {folder}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", metavar="DIR", type=Path, help="only write the docs/samples PDFs to DIR")
    args = parser.parse_args()
    if args.samples:
        write_samples(args.samples)
        return 0
    register_fonts()  # one-off font loading is not counted against any document
    pack = samples.referral_pack()
    entries = entries_for_pages(100)
    case_file = samples.case_file(entries, 1)

    rows: list[tuple[str, float, int]] = []
    base_t, base_pdf = time_it(minimal_reportlab, args.repeat * 3)
    rows.append(("ReportLab minimal document (baseline)", base_t, len(PdfReader(io.BytesIO(base_pdf)).pages)))
    t, pdf = time_it(lambda: build_referral_pack(pack, organisation="Example Training", generated_at=NOW), args.repeat)
    rows.append(("Referral pack (12 chronology entries)", t, len(PdfReader(io.BytesIO(pdf)).pages)))
    t2, _encrypted = time_it(lambda: encrypt_pdf(pdf, "correct horse battery"), args.repeat)
    rows.append(("  + AES-256 encryption of the pack", t2, len(PdfReader(io.BytesIO(pdf)).pages)))
    t3, cf = time_it(lambda: build_case_file(case_file, organisation="Example Training", generated_at=NOW), args.repeat)
    rows.append((f"Case file ({entries} chronology entries)", t3, len(PdfReader(io.BytesIO(cf)).pages)))

    print(f"{'document':44} {'median s':>9} {'pages':>6} {'x baseline':>11}")
    for name, seconds, pages in rows:
        print(f"{name:44} {seconds:9.4f} {pages:6d} {seconds / base_t:11.1f}")
    per_page = t3 / rows[-1][2]
    print(f"case file: {per_page * 1000:.1f} ms per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
