"""The PDF foundation: real PDFs built in memory and read back with pikepdf, pypdf and pdftotext."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from pikepdf.models.encryption import EncryptionMethod
from pypdf import PdfReader
from reportlab.platypus import PageBreak

from prevent_desktop.reports import (
    A5,
    PDF_TITLE,
    RAG_COLOURS,
    Cell,
    DocumentMeta,
    bidi,
    build_pdf,
    content_width,
    default_styles,
    encrypt_pdf,
    escape,
    format_uk_datetime,
    para,
    table,
)

GENERATED = datetime(2026, 11, 26, 14, 5)
ARABIC = "أحمد السعدي"
HEBREW = "שלום עולם"
PERSONAL = "Zoë Łukasz-Smith"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def meta(**overrides: Any) -> DocumentMeta:
    values: dict[str, Any] = {
        "title": "Referral pack",
        "organisation": "Example College",
        "generated_at": GENERATED,
    }
    values.update(overrides)
    return DocumentMeta(**values)


def pdftotext(pdf: bytes, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pages_text(pdf: bytes) -> list[str]:
    """Text of every page, split on pdftotext's form feeds (one process for the whole document)."""
    return pdftotext(pdf).split("\f")[:-1]


# ------------------------------------------------------------------------------------------------ escape


def test_escape_neutralises_markup_and_keeps_newlines() -> None:
    assert escape("a <b>x</b> & y\nz") == "a &lt;b&gt;x&lt;/b&gt; &amp; y<br/>z"
    assert escape("&amp;") == "&amp;amp;"
    assert escape("bell\x07\x00tab\there\r\nnext") == "belltab here<br/>next"
    assert escape("\u202eevil") == "evil"  # right-to-left override is dropped


def test_format_uk_datetime() -> None:
    assert format_uk_datetime(GENERATED) == "26 Nov 2026 14:05"
    assert format_uk_datetime(datetime(2027, 3, 5, 9, 7)) == "5 Mar 2027 09:07"


def test_bidi_orders_right_to_left_for_drawing() -> None:
    assert bidi(HEBREW) == "םלוע םולש"
    assert bidi("Name: שלום") == "Name: םולש"
    assert bidi("Zoë") == "Zoë"
    assert "\ufc43" not in bidi("إلى")  # a ligature DejaVu Sans lacks is not used
    assert "\ufdf2" not in bidi("الله")
    shaped = bidi("محمد")
    assert all("\ufe70" <= ch <= "\ufefc" for ch in shaped)  # presentation forms, visual order
    assert len(shaped) == 4


# ------------------------------------------------------------------------------------------------ layout


@needs_poppler
def test_fifty_pages_each_numbered_with_the_real_total() -> None:
    story: list[Any] = []
    for n in range(1, 51):
        story.append(para(f"Section {n}", default_styles().h1))
        if n < 50:
            story.append(PageBreak())
    pdf = build_pdf(meta(), story)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 50
    texts = pages_text(pdf)
    assert len(texts) == 50
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} of 50" in text
        assert f"Section {n}" in text
        assert "OFFICIAL-SENSITIVE" in text
        assert "Generated 26 Nov 2026 14:05" in text
        assert "Example College" in text and "Referral pack" in text
    assert "Page 1 of 50" in pdftotext(pdf, page=1)  # per-page extraction agrees


@needs_poppler
def test_markup_injection_prints_literally() -> None:
    nasty = "<b>bold?</b> &amp; <font color=red>red?</font> </para> <br/> <a href='x'>link</a> <img src='/etc'/>"
    rows = [[nasty, Cell(nasty, RAG_COLOURS["red"])]]
    pdf = build_pdf(
        meta(title="<b>T</b> & </para>", organisation="<font size=40>Org</font>"),
        [para(nasty), table(["<i>h</i>", "&lt;"], rows, [200, 200])],
    )
    text = " ".join(pdftotext(pdf).split())
    assert "<b>bold?</b> &amp; <font color=red>red?</font> </para> <br/>" in text
    assert "<a href='x'>link</a>" in text
    assert "<i>h</i>" in text and "&lt;" in text
    assert "<b>T</b> & </para>" in text and "<font size=40>Org</font>" in text


@needs_poppler
def test_unicode_names_and_right_to_left_text() -> None:
    names = ["Zoë", "Łukasz", "Ahmed Al-Saʼdi"]
    story = [para(n) for n in names] + [para(ARABIC), para(HEBREW), para(f"Mixed: {HEBREW} (2026)")]
    story.append(table(["Name", "Notes"], [[ARABIC, HEBREW], ["Zoë", "ok"]], [150, 150]))
    pdf = build_pdf(meta(), story)
    text = pdftotext(pdf)
    for name in names:
        assert name in text
    for letter in "שלוםע":
        assert letter in text
    # Arabic is drawn as contextual presentation forms (U+FExx); NFKC folds them back to the letters.
    assert any("\ufe70" <= ch <= "\ufefc" for ch in text)
    folded = unicodedata.normalize("NFKC", text)
    for letter in set(ARABIC.replace(" ", "")):
        assert letter in folded
    assert_only_embedded_dejavu(pdf)


def assert_only_embedded_dejavu(pdf: bytes) -> None:
    """Every font on every page is a subset of bundled DejaVu Sans with its glyphs embedded."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        seen = 0
        for page in doc.pages:
            for font in page.Resources.Font.values():
                seen += 1
                assert str(font.Subtype) == "/TrueType"
                assert "+DejaVuSans" in str(font.BaseFont)  # subset tag, e.g. AAAAAA+DejaVuSans
                assert "/FontFile2" in font.FontDescriptor
        assert seen


def test_long_rtl_paragraph_wraps_before_reordering() -> None:
    words = [f"שלום{n}" for n in range(60)]
    flowable = para(" ".join(words))
    width, height = flowable.wrap(200, 10_000)
    assert width <= 200
    assert height > 5 * default_styles().body.leading
    first_line = flowable._build(200).text.split("<br/>")[0]  # visual order of the first *logical* words
    assert "0םולש" in first_line


@needs_poppler
def test_hundred_thousand_characters_flow_across_pages() -> None:
    text = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1800)[:100_000]
    pdf = build_pdf(meta(), [para(text + " THE-END")])
    pages = pages_text(pdf)
    assert len(pages) > 10
    assert "THE-END" in pages[-1]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@needs_poppler
def test_two_hundred_row_table_repeats_its_header() -> None:
    rows = [[f"Row {n}", "Amber" if n % 3 else Cell("Red", RAG_COLOURS["red"]), "x " * (n % 30)] for n in range(200)]
    m = meta()
    w = content_width(m)
    pdf = build_pdf(m, [table(["Reference", "RAG", "Notes"], rows, [w * 0.25, w * 0.15, w * 0.6])])
    pages = pages_text(pdf)
    assert len(pages) >= 4
    for text in pages:
        assert "Reference" in text and "RAG" in text and "Notes" in text
    joined = "\n".join(pages)
    assert "Row 0" in joined and "Row 199" in joined
    assert_only_embedded_dejavu(pdf)


@needs_poppler
def test_landscape_and_a5() -> None:
    pdf = build_pdf(meta(pagesize=A5, landscape=True, marking=""), [para("Contacts")])
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        box = [float(v) for v in doc.pages[0].MediaBox]
    assert box[2] > box[3]
    assert round(box[3]) == round(A5[0])
    text = pdftotext(pdf)
    assert "Contacts" in text and "OFFICIAL" not in text


# ------------------------------------------------------------------------------------------- metadata


def test_metadata_is_neutral_and_id_stable() -> None:
    a = build_pdf(meta(title=PERSONAL, organisation=PERSONAL), [para(PERSONAL)])
    b = build_pdf(meta(title="Other", organisation="Else"), [para("Different content")])
    info = PdfReader(io.BytesIO(a)).metadata
    assert info is not None
    assert info.get("/Producer") == "Prevent Desktop"
    assert info.get("/Creator") == "Prevent Desktop"
    assert info.get("/Title") == PDF_TITLE
    assert info.get("/Author", "") == ""
    assert info.get("/Subject", "") == ""
    assert info.get("/Keywords", "") == ""
    for raw in (a, b):
        assert b"ReportLab PDF Library" not in raw
        assert b"anonymous" not in raw
    with pikepdf.open(io.BytesIO(a)) as pa, pikepdf.open(io.BytesIO(b)) as pb:
        assert bytes(pa.trailer.ID[0]) == bytes(pb.trailer.ID[0])  # not derived from the content


# ------------------------------------------------------------------------------------------- encryption


@pytest.fixture(scope="module")
def encrypted() -> bytes:
    return encrypt_pdf(build_pdf(meta(), [para(PERSONAL)]), "correct horse ✓")


def test_encrypted_pdf_needs_the_password(encrypted: bytes) -> None:
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(encrypted))
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(encrypted), password="wrong")
    with pikepdf.open(io.BytesIO(encrypted), password="correct horse ✓") as doc:
        assert doc.is_encrypted
        enc = doc.encryption
        assert enc.R == 6
        assert enc.V == 5
        assert enc.bits == 256
        assert enc.stream_method == EncryptionMethod.aesv3
        assert enc.string_method == EncryptionMethod.aesv3
        assert enc.file_method == EncryptionMethod.aesv3
        assert str(doc.docinfo["/Producer"]) == "Prevent Desktop"
        assert str(doc.docinfo["/Creator"]) == "Prevent Desktop"
        assert "/Metadata" not in doc.Root  # no XMP packet for anyone to stamp
    assert PERSONAL.encode() not in encrypted
    assert b"pikepdf" not in encrypted


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_reports_aes256_r6(encrypted: bytes, tmp_path: Path) -> None:
    path = tmp_path / "enc.pdf"
    path.write_bytes(encrypted)
    out = subprocess.run(
        ["qpdf", "--show-encryption", "--password=correct horse ✓", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "R = 6" in out
    assert "stream encryption method: AESv3" in out
    assert "string encryption method: AESv3" in out


def test_encrypt_rejects_an_empty_password() -> None:
    with pytest.raises(ValueError, match="password"):
        encrypt_pdf(build_pdf(meta(), [para("x")]), "")


# ---------------------------------------------------------------------------------------------- watermark


def pdfium_pages_text(pdf: bytes) -> list[str]:
    """PDFium keeps the diagonal watermark's letters together (poppler splits rotated text)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        texts: list[str] = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def test_demo_watermark_on_every_page_only_when_demo() -> None:
    story = [para("One"), PageBreak(), para("Two"), PageBreak(), para("Three")]
    demo_pages = pdfium_pages_text(build_pdf(meta(demo=True), story))
    real_pages = pdfium_pages_text(build_pdf(meta(demo=False), story))
    assert len(demo_pages) == len(real_pages) == 3
    assert all("DEMO" in p for p in demo_pages)
    assert not any("DEMO" in p for p in real_pages)


# ---------------------------------------------------------------------------------------- atomic writing
