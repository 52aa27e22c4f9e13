"""Referral pack and case file from real cases in a real vault, read back with pdftotext and pikepdf."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from prevent_desktop.services import exports
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.storage import audit, profile_store
from tests import factories
from tests.conftest import PASSPHRASE, run_cli

# Every test here runs on the clock's day (tests/helpers/clock.py): dates built from TODAY mean the same to the app
# whatever the real date is.
pytestmark = pytest.mark.usefixtures("clock")
MARKUP = "<b>bold</b> & <font color=red>red</font> </para> ﷽ שלום"


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def make_case(session: Any, surname: str = "Kowalczyk-Łukasz") -> int:
    case_id = factories.log_case(
        session,
        age=16,
        surname=surname,
        what_happened=f"Shared a video in the group chat. {MARKUP}",
        referral={
            "addresses": "1 Synthetic Road, Testtown (current)",
            "describe_concerns": f"Detailed concern text ZZ-CONCERN-77. {MARKUP}",
            "discussed_with_lead": {"answer": "yes", "text": "Discussed with the DSL on Monday."},
            "individual_informed": {"answer": "no", "text": "Advised not to by police."},
        },
        points={"1": "Noticed by tutor ZZ-POINT-ONE", "4": "Expressed sympathy for ZZ-POINT-FOUR", "13": "ZZ-POINT-13"},
        ready="Police asked for the referral today ZZ-GAP-REASON",
        decision="police_prevent",
        decision_reason="Clear concern ZZ-DECISION-WHY",
    )
    entry = case_actions.add_note(session, case_id, "Spoke to the police Prevent team ZZ-NOTE")
    case_actions.add_addendum(session, case_id, entry, "Correction: it was Tuesday ZZ-ADDENDUM")
    return case_id


def test_referral_pack_from_a_real_case(session: Any) -> None:
    case_id = make_case(session)
    form = profile_store.get(session.conn, "referral_form")
    pdf, info = exports.build_document(session, "referral-pack", case_id=case_id)
    text = pdftotext(pdf)
    flat = " ".join(text.split())
    for marker in (
        "ZZ-CONCERN-77",
        "ZZ-POINT-ONE",
        "ZZ-POINT-FOUR",
        "ZZ-POINT-13",
        "ZZ-DECISION-WHY",
        "ZZ-NOTE",
        "ZZ-ADDENDUM",
        "Discussed with the DSL on Monday.",
        "Advised not to by police.",
    ):
        assert marker in flat, marker
    # All 13 Annex B2 points, with their own wording, in order.
    # (Table cells wrap, so look for each point's opening words.)
    start = flat.find("The 13 points")
    assert start >= 0
    for point in form["points"]:
        found = flat.find(f"{point['no']} " + " ".join(point["text"].split()[:3]), start)
        assert found > start, point["no"]
        start = found
    # Unanswered items print "Not provided" with the reason given when the case was marked ready.
    assert "Not provided" in flat and "ZZ-GAP-REASON" in flat
    # Markup from the record prints literally.
    assert "<b>bold</b>" in flat and "</para>" in flat and "<font color=red>" in flat
    # The form's sections in order.
    titles = [" ".join(s["title"].split()) for s in form["sections"]]
    found = [flat.find(t) for t in titles]
    assert all(pos >= 0 for pos in found), [t for t, p in zip(titles, found, strict=True) if p < 0]
    assert found == sorted(found)
    # Routing guidance and contacts used (a learner, raised by staff: the DSO, 3.6).
    assert "3.6" in flat and "01634 822386" in flat
    # Metadata and filename carry no personal data.
    meta = " ".join(str(v) for v in (PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    for personal in ("Zoë", "Kowalczyk", "ZZ-"):
        assert personal not in meta and personal not in info.filename


def test_export_is_recorded_in_chronology_and_audit(session: Any, tmp_path: Path) -> None:
    case_id = make_case(session)
    target = tmp_path / "pack.pdf"
    exports.export_document(session, "referral-pack", target, "a long pdf password", case_id=case_id)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="a long pdf password") as pdf:
        assert pdf.encryption.R == 6
    texts = [e.text for e in case_queries.case_detail(session, case_id).chronology]
    assert "Referral pack exported (encrypted)." in texts
    last = audit.entries(session.conn, limit=1)[0]
    assert (last.action, last.entity_id, last.detail) == (
        "export.pdf",
        str(case_id),
        "kind=referral-pack encrypted=yes",
    )
    assert audit.verify(session.conn) == []


def test_case_file_covers_every_case_of_the_person(session: Any) -> None:
    first = make_case(session)
    person_id = case_queries.case_detail(session, first).person.id
    second = factories.log_case(
        session, age=16, surname="Kowalczyk-Łukasz", what_happened="Second concern ZZ-SECOND", link_person_id=person_id
    )
    refs = [case_queries.case_detail(session, c).ref for c in (first, second)]
    pdf, info = exports.build_document(session, "case-file", person_id=person_id)
    flat = " ".join(pdftotext(pdf).split())
    for needle in [*refs, "ZZ-SECOND", "ZZ-NOTE", "ZZ-ADDENDUM", "Zoë Kowalczyk-Łukasz"]:
        assert needle in flat, needle
    assert "Kowalczyk" not in info.filename


def test_cli_exports_referral_pack(cli_vault: Path, tmp_path: Path) -> None:
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.vault_service import open_session
    from prevent_desktop.storage.vault import Secret

    session = open_session(DataPaths(cli_vault), Secret.passphrase(PASSPHRASE))
    try:
        case_id = make_case(session)
    finally:
        session.close()
    out = tmp_path / "pack.pdf"
    result = run_cli(
        "export",
        "referral-pack",
        str(case_id),
        "-o",
        str(out),
        "--encrypt",
        "--passphrase-stdin",
        data_dir=cli_vault,
        stdin=f"{PASSPHRASE}\nanother long pdf password\n",
    )
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out, password="another long pdf password") as pdf:
        assert pdf.encryption.R == 6 and len(pdf.pages) >= 3
