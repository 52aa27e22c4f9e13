"""The five documents built from synthetic data and read back (pdftotext, pypdf, pikepdf)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime

import pikepdf
import pytest
from pypdf import PdfReader

from prevent_desktop.domain.profile import default_profile_path, load_profile
from prevent_desktop.reports import PDF_TITLE, encrypt_pdf, samples
from prevent_desktop.reports.action_plan import (
    ActionPlanData,
    PlanChange,
    PlanHeaderData,
    PlanReview,
    PlanRowData,
    build_action_plan,
)
from prevent_desktop.reports.case_file import build_case_file
from prevent_desktop.reports.contacts_card import CardContact, CardGroup, ContactsCardData, build_contacts_card
from prevent_desktop.reports.parts import ChronologyEntry, split_text
from prevent_desktop.reports.policy_register import (
    PolicyChangeData,
    PolicyInfo,
    PolicyRegisterData,
    RegisterEntry,
    build_policy_register,
)
from prevent_desktop.reports.referral_pack import build_referral_pack, sections_from_form

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

NOW = datetime(2026, 11, 26, 14, 5)
ORG = "Example Training"
FORM = load_profile(default_profile_path()).referral_form


def text_of(pdf: bytes, *extra: str) -> str:
    """Text in content-stream order (``-raw``: table cells one after another) unless ``-layout`` is asked for."""
    mode = [] if "-layout" in extra else ["-raw"]
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *mode, *extra, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare as one string."""
    return re.sub(r"\s+", " ", text)


def pages(pdf: bytes) -> list[str]:
    return text_of(pdf, "-layout").split("\f")[:-1]


def info_values(pdf: bytes) -> dict[str, str]:
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {k: str(v) for k, v in meta.items()}


def assert_no_personal_metadata(pdf: bytes, *personal: str) -> None:
    info = info_values(pdf)
    assert info.get("/Title") == PDF_TITLE
    for key in ("/Author", "/Subject", "/Keywords"):
        assert not info.get(key)
    joined = " ".join(info.values())
    for word in personal:
        assert word not in joined
    assert "ReportLab" not in joined and "anonymous" not in joined
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/Metadata" not in doc.Root  # no XMP packet that could carry anything


# ------------------------------------------------------------------------------------------- referral pack


@pytest.fixture(scope="module")
def pack_pdf() -> bytes:
    return build_referral_pack(samples.referral_pack(), organisation=ORG, generated_at=NOW)


def test_referral_pack_has_every_section_in_form_order(pack_pdf: bytes) -> None:
    text = flat(text_of(pack_pdf))
    positions = []
    for section in FORM.sections:
        assert section.title in text, section.title
        positions.append(text.index(section.title, text.index("Prevent Referral Form")))
    assert positions == sorted(positions), "sections must follow the form's own order"
    for heading in ("Routing and decision record", "Decisions", "Outcomes", "Contacts used", "Chronology"):
        assert heading in text
    # cover sheet
    cover = flat(pages(pack_pdf)[0])
    for item in ("Case reference", samples.CASE_REF, "Prepared by", "Prepared for", "Police Prevent team",
                 "4 Feb 2026", "OFFICIAL-SENSITIVE (when complete)", "call 999"):
        assert item in cover, item


def test_referral_pack_has_all_13_points_with_the_case_text(pack_pdf: bytes) -> None:
    text = flat(text_of(pack_pdf))
    answers = {p.no: p.answer for p in samples.referral_pack().points}
    block = text[text.index("The 13 points (Annex B2)") :]
    for point in FORM.points:
        assert flat(point.text)[:40] in block, point.no
        answer = answers[point.no]
        if answer is not None:
            assert flat(answer)[:40] in block, point.no
    # 8, 10 and 11 are asked once, as fields of the form: the same answer, and where it was given
    assert block.count("(The same answer as section") == 3
    assert "Yes — Spoke with the learner on 2 Feb" in block and "Mother supportive." in block
    assert "Not provided — no threats were heard or reported" in block  # point 7 has no answer


def test_referral_pack_field_values_and_missing_reasons(pack_pdf: bytes) -> None:
    text = flat(text_of(pack_pdf))
    for value in (samples.FORENAMES, samples.SURNAME, "12 Apr 2009", "12 Example Road", "Suspected dyslexia",
                  "Designated Safeguarding Officer, Example Training", "Other agencies: none known."):
        assert value in text, value
    # yes/no answers carry their explanation
    assert "Yes — Discussed with the DSO on 2 Feb 2026; agreed to refer." in text
    assert "No — Not told yet: advice from the police Prevent team awaited." in text
    # missing items: "Not provided" + the reason from the completeness check, never blank
    assert "Not provided — the learner has no college email" in text
    assert "Not provided — to be confirmed with the mother" in text
    assert "Not provided — records not yet received from the previous school" in text
    assert "Approximate age" not in text  # the date of birth is given: the approximate age does not apply
    assert "Nationality / citizenship British" in text


def test_missing_without_a_reason_still_says_not_provided() -> None:
    data = replace(samples.referral_pack(0), sections=sections_from_form(FORM.sections, {}, {}))
    text = flat(text_of(build_referral_pack(data, organisation=ORG, generated_at=NOW)))
    assert text.count("Not provided") >= 10  # plainly: no "(no reason was recorded)" after each
    assert "no reason was recorded" not in text


def test_points_go_after_section_2_or_else_as_an_annex(pack_pdf: bytes) -> None:
    text = flat(text_of(pack_pdf))
    assert text.index("2. Describe concerns") < text.index("2 (continued). The 13 points (Annex B2)") < text.index(
        "3. Complex needs"
    )
    assert "Printed with section 2 because the DfE guidance" in text
    # a form with no "Describe concerns" section: the points follow the last section, as an annex
    data = replace(samples.referral_pack(0), points_section="no-such-section")
    annex = flat(text_of(build_referral_pack(data, organisation=ORG, generated_at=NOW)))
    assert annex.index("Not on the national form: Parallel referrals") < annex.index("Annex: the 13 points")
    assert "as an annex" in annex and "2 (continued)" not in annex


def test_markup_injection_prints_literally(pack_pdf: bytes) -> None:
    text = flat(text_of(pack_pdf))
    assert flat(samples.INJECTION) in text
    assert text.count("<font color='red'>x</font>") >= 2  # describe concerns + point 4


def test_pack_metadata_has_no_personal_data(pack_pdf: bytes) -> None:
    assert_no_personal_metadata(pack_pdf, samples.FORENAMES, samples.SURNAME, samples.CASE_REF, "Zo")


def test_pack_unicode_names_render(pack_pdf: bytes) -> None:
    text = text_of(pack_pdf)
    assert "Zoë Łukasz" in text and "Al-Saʼdi" in text


def test_referral_pack_empty_case_prints_not_provided_not_blank() -> None:
    data = replace(
        samples.referral_pack(0),
        prepared_for="",
        routing_lines=(),
        contacts_used=(),
        decisions=(),
        outcomes=(),
    )
    text = flat(text_of(build_referral_pack(data, organisation=ORG, generated_at=NOW)))
    assert "Prepared for Not provided" in text
    assert "no routing guidance was recorded" in text
    assert "No decision has been recorded yet." in text
    assert "The chronology has no entries." in text


def test_fifty_page_chronology_page_numbers() -> None:
    # Built straight from entries until the pack is at least 50 pages; then every footer must say x of N.
    data = replace(samples.referral_pack(0), chronology=samples.chronology(520))
    pdf = build_referral_pack(data, organisation=ORG, generated_at=NOW)
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    assert total >= 50
    texts = pages(pdf)
    assert len(texts) == total
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in page
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
    # every entry appears exactly once, and the table header repeats on every chronology page
    joined = flat(" ".join(texts))
    for i in (1, 250, 520):
        assert f"Entry {i}: the tutor" in joined
    first_chrono = next(n for n, t in enumerate(texts) if "Entry 1: the tutor" in t)
    assert all(f"Prevent referral pack — {samples.CASE_REF}" in page for page in texts)  # running header
    for page in texts[first_chrono:]:
        assert re.search(r"#\s+Occurred /\s+By\s+Kind\s+Entry", page), page[:400]


def test_very_long_entry_is_cut_into_parts_and_kept_whole() -> None:
    long_text = " ".join(f"word{i}" for i in range(3000))
    entry = ChronologyEntry(1, "2026-01-01T10:00", "2026-01-01T11:00", "Test DSO", "note", long_text)
    data = replace(samples.referral_pack(0), chronology=(entry,))
    text = flat(text_of(build_referral_pack(data, organisation=ORG, generated_at=NOW)))
    assert "word0 " in text and "word2999" in text and "(part 2 of" in text
    pieces = split_text("alpha beta\ngamma " + "x" * 45, 10, 3)
    assert pieces == ["alpha beta\ngamma " + "x" * 10, "x" * 30, "x" * 5]
    assert split_text("", 10, 3) == [""]


def test_encrypted_pack_needs_the_password_and_is_r6_aes256(pack_pdf: bytes) -> None:
    encrypted = encrypt_pdf(pack_pdf, "correct horse")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(encrypted))
    with pikepdf.open(io.BytesIO(encrypted), password="correct horse") as pdf:
        assert pdf.encryption.R == 6
        assert pdf.encryption.stream_method.name == "aesv3"
        assert len(pdf.pages) == len(PdfReader(io.BytesIO(pack_pdf)).pages)


def test_demo_watermark(pack_pdf: bytes) -> None:
    demo = build_referral_pack(samples.referral_pack(2), organisation=ORG, generated_at=NOW, demo=True)
    assert "DEMO" in text_of(demo, "-f", "1", "-l", "1").replace("\n", "")
    assert "DEMO" not in text_of(pack_pdf, "-f", "1", "-l", "1").replace("\n", "")


# ----------------------------------------------------------------------------------------------- case file


def test_case_file_has_every_case_and_entry() -> None:
    data = samples.case_file(entries_per_case=30, cases=3)
    pdf = build_case_file(data, organisation=ORG, generated_at=NOW)
    text = flat(text_of(pdf))
    for case in data.cases:
        assert f"Case {case.reference}" in text
    assert text.count("Entry 30: the tutor") == 3
    assert "Receiving college DSL (transfer)" in text
    assert flat(samples.INJECTION) in text
    assert_no_personal_metadata(pdf, samples.FORENAMES, samples.SURNAME)
    texts = pages(pdf)
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, start=1))


# --------------------------------------------------------------------------------------------- action plan


def plan_data() -> ActionPlanData:
    return ActionPlanData(
        PlanHeaderData("Example Training", "Test DSO", "2023-12", "", "2024-12"),
        (
            PlanRowData(1, "Awareness", "Mandatory training <b>", "All staff", "Annual", "red", ("Training",)),
            PlanRowData(2, "Safeguarding", "DBS checks & clearance", "HR", "Termly", "amber"),
            PlanRowData(3, "IT systems", "Filtering", "IT", "Monthly", "green"),
            PlanRowData(4, "Events", "", "", "", ""),
        ),
        reviews=(PlanReview("2026-06-01", "Test DSO", "Annual review done."),),
        changes=(PlanChange("2026-06-01T10:00", "Test DSO", 1, "rag", "amber", "red", "Training lapsed"),),
    )


def test_action_plan_is_landscape_with_rag_words_and_appendix() -> None:
    pdf = build_action_plan(plan_data(), organisation=ORG, generated_at=NOW, marking="OFFICIAL")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = flat(text_of(pdf))
    for word in ("Red", "Amber", "Green", "Not rated"):
        assert word in text
    for col in ("Potential Prevent Vulnerability", "Action Required / Evidence if in place", "Who", "When", "RAG"):
        assert col in text
    assert "Mandatory training <b>" in text and "DBS checks & clearance" in text
    assert "Appendix: review history" in text and "Annual review done." in text
    assert "Training lapsed" in text
    assert "Summary: 1 Red, 1 Amber, 1 Green, 1 Not rated." in text
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text


# ------------------------------------------------------------------------------------------ contacts card


def card_data(groups: int = 5, per_group: int = 3) -> ContactsCardData:
    return ContactsCardData(
        tuple(
            CardGroup(
                f"Group {g} <i>",
                tuple(
                    CardContact(
                        role=f"Role {g}.{c}",
                        name="Łukasz Example",
                        organisation="Org & Co",
                        phones=(("Telephone", f"01634 8{g}{c}386"),),
                        emails=("someone@example.org",),
                        when_to_use="When needed.",
                        out_of_hours=c == 0,
                    )
                    for c in range(per_group)
                ),
            )
            for g in range(groups)
        ),
        last_verified="2023-12",
    )


@pytest.mark.parametrize("variant", ["a4", "fold"])
def test_contacts_card_is_one_page_with_every_group(variant: str) -> None:
    data = card_data(groups=6, per_group=5)  # more than the real card: still one page
    pdf = build_contacts_card(data, organisation=ORG, generated_at=NOW, variant=variant)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = flat(text_of(pdf))
    for g in data.groups:
        assert g.title in text
        for c in g.contacts:
            assert c.phones[0][1] in text
    assert "call 999" in text and "no case information" in text
    assert "OFFICIAL-SENSITIVE" not in text


def test_contacts_card_fold_is_landscape() -> None:
    pdf = build_contacts_card(card_data(), organisation=ORG, generated_at=NOW, variant="fold")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    with pytest.raises(ValueError):
        build_contacts_card(card_data(), organisation=ORG, generated_at=NOW, variant="poster")


# ---------------------------------------------------------------------------------------- policy register


def test_policy_register_marks_overdue() -> None:
    data = PolicyRegisterData(
        PolicyInfo("Prevent Strategy and Policy", "3", "2019-03", "2023-12", "2024-12", "DSO", True),
        (PolicyChangeData(1, "3", "2023-12", "Added a summary of changes <table>."),),
        (
            RegisterEntry("Safeguarding policy", "training", "DSO", "2025-02", "2026-02", 12, True),
            RegisterEntry("Data Protection policy", "training", "", "2026-05", "2027-05", 12, False),
            RegisterEntry("New policy", "military", "", "", "", 12, True),
        ),
        "2026-11-26",
    )
    text = flat(text_of(build_policy_register(data, organisation=ORG, generated_at=NOW)))
    assert "Dec 2024 — OVERDUE" in text
    assert "Added a summary of changes <table>." in text
    assert "Safeguarding policy" in text and "Feb 2026" in text
    assert text.count("OVERDUE") == 3  # policy next review, one overdue row, one never reviewed
    assert "In date" in text and "never reviewed" in text
    assert "3 policies, 2 overdue for review" in text
