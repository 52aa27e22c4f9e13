"""The annual Prevent summary from a real vault with a known mix of cases, read back from the PDF: the counts, small
numbers hidden by the rule, nothing that identifies anyone in the text or the metadata, the marking, the year."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from prevent_desktop.errors import ValidationError
from prevent_desktop.reports import PDF_TITLE
from prevent_desktop.services import exports, settings
from prevent_desktop.services.cases import categories
from prevent_desktop.storage import profile_store
from prevent_desktop.storage.db import transaction
from tests import factories
from tests.helpers.clock import TODAY

pytestmark = [
    pytest.mark.usefixtures("clock"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

NOW = datetime.combine(TODAY, datetime.min.time()).replace(hour=10)
SURNAME = "Zedkowska-Quill"  # a name that must never reach the summary
RAISER = "Ottoline Raiserby"


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8")


def table(text: str, title: str) -> dict[str, str]:
    """label -> number as printed, for the rows of the table headed ``title`` (up to its total row)."""
    section = text[text.index(title):]
    rows: dict[str, str] = {}
    for line in section.splitlines()[1:]:
        parts = re.split(r"\s{2,}", line.strip())
        if len(parts) == 2:
            rows[parts[0]] = parts[1]
            if parts[0] in ("Concerns logged", "Referrals made") and len(rows) > 1:  # the total row ends it
                break
    return rows


def known_mix(session: Any) -> list[int]:
    """24 concerns in the 2025/26 academic year, one the year before:

    type of concern: Islamist 7, Extreme right-wing 9, School massacre 2, Conflicted 6;
    decided: police Prevent 8 (same day), Channel 5 (5 days), internal support 5 (10 days), no further action 4
    (40 days), none yet 2; outcomes of the 13 referrals: police gateway accepted 6, police NFA 2, Channel adopted 5;
    months: October 2025 12, November 2025 7, January 2026 5.
    """
    kinds = ["islamist"] * 7 + ["extreme-right-wing"] * 9 + ["school-massacre"] * 2 + ["conflicted"] * 6
    plan: list[tuple[str | None, int, str | None]] = (
        [("police_prevent", 0, "gateway_accepted")] * 6 + [("police_prevent", 0, "police_nfa")] * 2
        + [("channel", 5, "channel_adopted")] * 5 + [("internal_support", 10, None)] * 5 + [("nfa", 40, None)] * 4
        + [(None, 0, None)] * 2
    )
    days = ([date(2025, 10, d) for d in range(1, 13)] + [date(2025, 11, d) for d in range(3, 10)]
            + [date(2026, 1, d) for d in range(5, 10)])
    ids = []
    for i, (kind, (decision, after, outcome), day) in enumerate(zip(kinds, plan, days, strict=True)):
        decided = (day + timedelta(days=after)).isoformat()
        ids.append(factories.log_case(
            session, category=kind, surname=f"{SURNAME}{i}", raiser_name=RAISER, concern_date=factories.uk(day),
            decision=decision, decided_on=decided, outcome=outcome, outcome_on=decided if outcome else "",
            age=16 if i % 2 else 19,
        ))
    factories.log_case(session, category="islamist", surname=SURNAME, concern_date="20/08/2025", decision="nfa",
                       decided_on="2025-08-21")
    return ids


@pytest.fixture
def mixed(session: Any) -> Any:
    known_mix(session)
    return session


def test_the_counts_for_a_known_mix(mixed: Any) -> None:
    pdf, info = exports.build_document(mixed, "annual-summary", year="2025", now=NOW)
    assert (info.kind, info.year, info.filename) == ("annual-summary", "2025/26", "annual-prevent-summary-2025-26.pdf")
    text = pdftotext(pdf)
    assert "Annual Prevent summary 2025/26" in text
    assert "1 September 2025 to 31 August 2026" in text
    glance = table(text, "The year at a glance")
    assert glance["Concerns logged"] == "24"  # the August 2025 concern belongs to the year before
    assert glance["Referred (police Prevent team or Channel)"] == "13"
    assert glance["No decision yet"] == "fewer than 5"
    assert glance["Considered, not referred"] == "not shown"  # else 24 - 13 - it would give the 2 away
    assert glance["Typical time from concern to decision (median)"] == "5 days"
    by_type = table(text, "By type of concern")
    assert by_type["Islamist"] == "7" and by_type["Extreme right-wing"] == "9"
    assert by_type["School massacre"] == "fewer than 5"
    assert by_type["Conflicted"] == "not shown"  # the next smallest, so the 2 cannot be worked out from 24
    assert by_type["Incel"] == "0" and by_type["Not recorded"] == "0"
    assert "Mixed, unclear or unstable" not in by_type  # retired and unused: not listed
    assert by_type["Concerns logged"] == "24"
    decided = table(text, "Referrals made and concerns considered")
    assert decided["Referred to the police Prevent team"] == "8" and decided["Referred to Channel"] == "5"
    assert decided["Internal support plan"] == "not shown"  # under a hidden group: not shown
    months = table(text, "By month")
    assert (months["Oct 2025"], months["Nov 2025"], months["Jan 2026"], months["Sep 2025"]) == ("12", "7", "5", "0")
    assert months["Apr 2026 (still to come)"] == "0"
    timing = table(text, "Time from concern to decision")
    assert timing["On the same day"] == "8" and timing["3 to 7 days"] == "5" and timing["8 to 14 days"] == "5"
    assert timing["More than 28 days"] == "fewer than 5" and timing["No decision yet"] == "fewer than 5"
    outcomes = table(text, "Outcomes of referrals")
    assert outcomes["Police gateway: accepted for assessment"] == "6"
    assert outcomes["No further action by police"] == "fewer than 5"
    assert outcomes["Channel panel: adopted"] == "not shown"
    assert outcomes["Referrals made"] == "13"
    # the rule is stated on the report
    flat = " ".join(text.split())
    assert "numbers from 1 to 4 are shown as “fewer than 5”" in flat


def test_no_name_or_case_reference_in_the_text_or_the_metadata(mixed: Any) -> None:
    pdf, _ = exports.build_document(mixed, "annual-summary", year="2025", now=NOW)
    text = pdftotext(pdf)
    for secret in (SURNAME, RAISER, factories.FORENAMES, "PV-2025", "PV-2026", mixed.user):
        assert secret not in text
    assert "Dr John Dynes" not in text  # the profile's safeguarding contact is a person too
    reader = PdfReader(io.BytesIO(pdf))
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert meta["/Title"] == PDF_TITLE and meta.get("/Author", "") == "" and meta.get("/Subject", "") == ""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/Metadata" not in doc.Root  # no XMP packet
        info = " ".join(str(v) for v in doc.docinfo.values())
    assert SURNAME not in info and "PV-" not in info and "2025/26" not in info


def test_it_carries_the_marking_for_documents_without_case_data(mixed: Any) -> None:
    pdf, info = exports.build_document(mixed, "annual-summary", year="2025", now=NOW)
    assert not info.has_case_data
    marking = settings.get(mixed, settings.PUBLIC_MARKING)
    assert marking == "OFFICIAL"
    text = pdftotext(pdf)
    pages = text.split("\f")[:-1]
    assert all(page.count("OFFICIAL") >= 2 and "OFFICIAL-SENSITIVE" not in page for page in pages)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_year_with_fewer_than_5_concerns_shows_no_breakdown(mixed: Any) -> None:
    text = pdftotext(exports.build_document(mixed, "annual-summary", year="2024/25", now=NOW)[0])
    assert table(text, "The year at a glance")["Concerns logged"] == "fewer than 5"
    assert "Islamist" not in text.split("By type of concern")[1].split("By who")[0]
    assert text.count("Not shown: the numbers") == 6


def test_the_year_follows_the_profiles_start_month(mixed: Any) -> None:
    with transaction(mixed.conn):
        profile_store.put(mixed.conn, "annual_summary", {"year_start_month": 1, "title": "Board Prevent report"})
    assert categories.annual_summary_settings(mixed).year_start_month == 1
    pdf, info = exports.build_document(mixed, "annual-summary", year="2025", now=NOW)
    text = pdftotext(pdf)
    assert info.year == "2025" and "Board Prevent report 2025" in text
    assert "1 January 2025 to 31 December 2025" in text
    assert table(text, "The year at a glance")["Concerns logged"] == "20"  # Oct, Nov 2025 and the August one
    with pytest.raises(ValidationError, match="does not name one reporting year"):
        exports.build_document(mixed, "annual-summary", year="2025/26", now=NOW)


def test_the_years_offered_run_from_the_first_concern(mixed: Any) -> None:
    years = [y.label for y in exports.summary_years(mixed, TODAY)]
    assert years == ["2025/26", "2024/25"]
    assert exports.summary_year(mixed, None, TODAY).label == "2025/26"  # the default: the year today is in


def test_exporting_it_is_audited_with_the_year_only(mixed: Any, tmp_path: Any) -> None:
    target = tmp_path / "summary.pdf"
    exports.export_document(mixed, "annual-summary", target, None, year="2025")
    row = mixed.conn.execute(
        "SELECT entity, entity_id, detail FROM audit_log WHERE action = 'export.pdf' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert tuple(row) == ("document", "annual-summary", "kind=annual-summary encrypted=no year=2025/26")
    chronology = mixed.conn.execute("SELECT count(*) FROM chronology WHERE kind = 'document'").fetchone()[0]
    assert chronology == 0  # no case's chronology: the summary is about no one case
