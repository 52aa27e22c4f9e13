"""Laying out a long PDF does each piece of work once (issue 11): every paragraph breaks its lines once however
often the table measuring it asks, the result is the same document to the byte, and a build reports each page as
it is finished (the export dialog shows it). Work is counted, never timed."""

from __future__ import annotations

import io
import threading
from datetime import datetime
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.platypus.paragraph import Paragraph

from prevent_desktop.reports import samples
from prevent_desktop.reports.case_file import build_case_file
from prevent_desktop.reports.page import reporting_pages
from prevent_desktop.services import exports

NOW = datetime(2026, 11, 26, 14, 5)


def _case_file() -> bytes:
    return build_case_file(samples.case_file(70, 2), organisation="Example Training", generated_at=NOW)


def test_every_paragraph_breaks_its_lines_once(monkeypatch: pytest.MonkeyPatch) -> None:
    broken: dict[int, int] = {}
    real = Paragraph.breakLines

    def counting(self: Any, widths: Any) -> Any:
        broken[id(self)] = broken.get(id(self), 0) + 1
        return real(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    _case_file()
    assert len(broken) > 300  # table cells of a ~15-page chronology
    assert sum(broken.values()) == len(broken), "a paragraph's lines were broken again for the same width"


def test_a_paragraph_laid_out_at_another_width_is_broken_again() -> None:
    from prevent_desktop.reports.flowables import para

    p = para("words " * 60)
    _w, narrow = p.wrap(100, 10_000)
    _w, wide = p.wrap(400, 10_000)
    _w, narrow_again = p.wrap(100, 10_000)
    assert narrow > wide and narrow_again == narrow and p.width == 100
    assert len(p.split(100, narrow / 2)) == 2  # splitting uses the lines of the width asked for


def test_the_document_is_the_same_to_the_byte_however_often_it_is_built() -> None:
    assert _case_file() == _case_file()


def test_a_build_reports_each_page_as_it_is_finished_in_its_own_context_only() -> None:
    heard: list[int] = []
    with reporting_pages(heard.append):
        other = threading.Thread(target=_case_file)  # another thread's build is not this context's
        other.start()
        pdf = _case_file()
        other.join()
    _case_file()  # outside the block: not heard
    assert heard == list(range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1))
    assert len(heard) >= 10


def test_the_export_service_relays_page_progress(session: Any) -> None:
    from tests import factories

    case_id = factories.log_case(session)
    person_id = session.conn.execute("SELECT person_id FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
    heard: list[int] = []
    pdf, info = exports.build_with_progress(exports.prepare_document(session, "case-file", person_id=person_id),
                                            heard.append)
    assert info.kind == "case-file" and pdf.startswith(b"%PDF")
    assert heard and heard == list(range(1, len(heard) + 1))


def test_reportlab_runs_its_c_accelerator_not_the_python_fallbacks() -> None:
    from reportlab.lib import rl_accel

    for name in ("instanceStringWidthTTF", "fp_str", "escapePDF", "asciiBase85Encode", "sameFrag"):
        assert getattr(rl_accel, name).__module__ == "_rl_accel", f"{name} is ReportLab's pure-Python fallback"
