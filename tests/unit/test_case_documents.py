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
from prevent_desktop.services.cases import guidance as case_guidance
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.cases import referral_draft
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
    found = [flat.find(t, flat.index("Prevent Referral Form")) for t in titles]  # the cover names gaps by section
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


# ------------------------------------------------------------------------------------- issue 15: the pack


def raw_text(pdf: bytes) -> str:
    """The text in content-stream order (a table cell's lines stay together), whitespace collapsed."""
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True)
    return [" ".join(page.split()) for page in done.stdout.decode().split("\f")[:-1]]


def pack_text(session: Any, case_id: int) -> str:
    return raw_text(exports.build_document(session, "referral-pack", case_id=case_id)[0])


def complete_case(session: Any, role: str, age: int) -> int:
    case_id = factories.complete_referral(session, role=role, age=age)
    assert referral_draft.gaps(session, case_id) == []
    return case_id


def heading_positions(text: str, headings: list[str]) -> list[int]:
    start = text.index("Prevent Referral Form")
    found = [text.find(h, start) for h in headings]
    assert all(p >= 0 for p in found), [h for h, p in zip(headings, found, strict=True) if p < 0]
    return found


NATIONAL_ORDER = [
    "1. Individual's details",
    "1 (continued). Family and household",
    "2. Describe concerns",
    "2 (continued). The 13 points (Annex B2)",
    "3. Complex needs",
    "4. Other information",
    "5. Referrer's details",
    "6. Relevant information",
    "7. Employment and education",
    "Not on the national form: Parallel referrals",
    "Routing and decision record",
]


@pytest.mark.parametrize(("role", "age"), [("learner", 16), ("soldier", 24)])
def test_complete_pack_lists_sections_in_the_national_forms_order(session: Any, role: str, age: int) -> None:
    # On main the pack printed 1, 1, 7, 2, the 13 points, 3-6 under "the form's own order".
    pdf, info = exports.build_document(session, "referral-pack", case_id=complete_case(session, role, age))
    flat = raw_text(pdf)
    positions = heading_positions(flat, NATIONAL_ORDER)
    assert positions == sorted(positions)
    assert "with section 2 because the DfE guidance" in flat  # the points' placement, stated in the pack
    # Complete: no draft mark anywhere, nothing missing, nothing "Not provided".
    assert "DRAFT" not in flat and info.missing == ()
    assert "Not provided" not in flat


def test_fields_that_do_not_apply_are_left_out(session: Any) -> None:
    learner = pack_text(session, complete_case(session, "learner", 16))
    soldier = pack_text(session, complete_case(session, "soldier", 24))
    # soldier-only questions: the soldier's pack has them, the learner's does not
    for label in ("Service number", "Has the military chain of command been informed?"):
        assert label in soldier and label not in learner, label
    # under-18-only questions and points: the learner's pack has them, the adult soldier's does not
    for label in ("Parent / carer details", "Have you discussed this with the learner's parent or carer?",
                  "Has a parallel referral been made to the Multi-Agency Safeguarding Hub (MASH)?",
                  "Any discussions you've had with the learner, parent or carer", "The parental or carer support"):
        assert label in learner and label not in soldier, label
    assert "(The same answer as section 1, Family and household" in learner  # points 10, 11: asked once
    assert "Points 10, 11 apply only when the individual is under 18" in soldier
    # a field that depends on another answer: the approximate age, when the date of birth is known
    assert "Approximate age" not in learner and "Approximate age" not in soldier
    assert "not applicable" not in soldier and "no reason was recorded" not in soldier


def test_missing_fields_that_apply_say_not_provided_with_the_reason(session: Any) -> None:
    case_id = factories.log_case(session, age=30, referral=True, ready="Police asked for it today ZZ-WHY")
    flat = pack_text(session, case_id)
    # required and missing: the reason given when it was marked ready; optional and empty: "Not provided" plainly
    assert "Have you told the individual about this referral? Not provided — Police asked for it today ZZ-WHY" in flat
    assert "Gender Not provided Known address" in flat
    assert "no reason was recorded" not in flat


def test_incomplete_pack_is_a_draft_on_every_page_and_names_the_gaps(session: Any) -> None:
    case_id = factories.log_case(session, age=16, referral=True)
    gaps = [g.label for g in referral_draft.gaps(session, case_id)]
    pdf, info = exports.build_document(session, "referral-pack", case_id=case_id)
    assert gaps and info.missing == tuple(gaps)
    pages = page_texts(pdf)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert page.count("DRAFT — incomplete") >= 1, number  # the header's boxed mark
    assert f"DRAFT — incomplete: {len(gaps)} items the national form needs are missing" in pages[0]
    cover = " ".join(pages[:2])  # a long list may run onto the next page
    fields = [label for label in gaps if not label.startswith("Annex B2 point")]
    for label in fields:
        assert " ".join(label.split()) in cover, label
    assert f"Annex B2 points not answered: {', '.join(str(n) for n in range(1, 14))}" in cover
    assert cover.index(fields[-1]) < cover.index("Prevent Referral Form")
    # and the draft mark goes once the referral is complete
    complete = exports.build_document(session, "referral-pack", case_id=complete_case(session, "learner", 16))[0]
    assert all("DRAFT" not in page for page in page_texts(complete))


def test_draft_watermark_is_diagonal_light_and_behind_the_text(session: Any) -> None:
    pdf = exports.build_document(session, "referral-pack", case_id=factories.log_case(session, age=16))[0]
    for page in PdfReader(io.BytesIO(pdf)).pages:
        seen: list[tuple[str, list[float]]] = []
        page.extract_text(visitor_text=lambda text, cm, _tm, _font, _size, out=seen: out.append((text, list(cm))))
        runs = [(t, cm) for t, cm in seen if t.strip()]
        first_text, cm = runs[0]
        assert "DRAFT" in first_text  # drawn before anything else on the page: underneath the text
        assert abs(cm[1]) > 0.3 and abs(cm[2]) > 0.3  # rotated: the diagonal mark
        upright = [t for t, m in runs if "DRAFT" in t and abs(m[1]) < 1e-6]
        assert upright  # and the header's mark, upright, which survives black-and-white printing
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        first = pikepdf.parse_content_stream(doc.pages[0])
    fills = [[float(x) for x in ops] for ops, op in first if str(op) == "rg"]
    assert fills[0] == pytest.approx([0xE0 / 255] * 3, abs=0.01)  # the first colour set: the mark's light grey


def test_addenda_appear_with_what_they_amend(session: Any) -> None:
    case_id = complete_case(session, "learner", 16)
    entries = case_queries.case_detail(session, case_id).chronology
    concern = next(e for e in entries if e.kind == "concern")
    referral = next(e for e in entries if e.kind == "referral")
    note = case_actions.add_note(session, case_id, "Called the police Prevent team ZZ-NOTE")
    case_actions.add_addendum(session, case_id, referral.id, "The parallel MASH referral was on Tuesday ZZ-FIX-REF")
    case_actions.add_addendum(session, case_id, concern.id, "It was two videos, not one ZZ-FIX-CONCERN")
    case_actions.add_addendum(session, case_id, note, "It was the duty officer ZZ-FIX-NOTE")
    flat = pack_text(session, case_id)
    form_start, section1 = flat.index("Prevent Referral Form"), flat.index("1. Individual's details")
    section2, points = flat.index("2. Describe concerns"), flat.index("2 (continued). The 13 points")
    # a correction of the referral: at the head of the form, with the entry it amends
    fix_ref = flat.index("ZZ-FIX-REF", form_start)
    assert form_start < flat.index("Corrections to this referral") < fix_ref < section1
    assert flat.index(f"Entry {referral.id} (Referral", form_start) < fix_ref
    # a correction of the concern as logged (which opens "Describe concerns"): under section 2
    assert section2 < flat.index("ZZ-FIX-CONCERN", form_start) < points
    # a correction of any other entry is not part of the form
    chronology = flat.index("Chronology", flat.index("Contacts used"))
    assert flat.index("ZZ-FIX-NOTE") > chronology
    # in the chronology each addendum comes straight after the entry it amends
    rows = flat[chronology:]
    for amended, fix in ((referral.id, "ZZ-FIX-REF"), (concern.id, "ZZ-FIX-CONCERN"), (note, "ZZ-FIX-NOTE")):
        addendum = rows.index(f"Addendum to entry {amended}:")
        assert rows.index(fix) > addendum
        assert rows.rfind(f"{amended} ", 0, addendum) >= 0


def test_an_older_vaults_form_order_is_the_national_forms(session: Any) -> None:
    # A vault seeded before the profile listed its sections in the form's order keeps its stored copy; the
    # form is still read in the national order (the wizard's pages, the case page and the pack alike).
    stored = profile_store.get(session.conn, "referral_form")
    by_id = {s["id"]: s for s in stored["sections"]}
    old_order = ["individual", "family", "employment_education", "concerns", "complex_needs", "other_information",
                 "referrer", "relevant_information", "parallel_referrals"]
    profile_store.put(session.conn, "referral_form", {**stored, "sections": [by_id[i] for i in old_order]})
    form = case_guidance.referral_form(session)
    assert [s.id for s in form.sections] == [
        "individual", "family", "concerns", "complex_needs", "other_information", "referrer",
        "relevant_information", "employment_education", "parallel_referrals",
    ]
    flat = pack_text(session, complete_case(session, "learner", 16))
    positions = heading_positions(flat, NATIONAL_ORDER)
    assert positions == sorted(positions)
