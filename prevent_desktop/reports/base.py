"""The PDF foundation every Prevent Desktop document is built on.

Qt-free: a document is a list of ReportLab flowables in, ``bytes`` out. Nothing here touches the disk except
``storage.atomic.write_atomically`` (called by services), and reading the bundled fonts; there is never a temporary PDF.

Rules for callers:

* Text from the database reaches a ``Paragraph`` only through ``para()`` (or ``escape()`` for the rare
  hand-made markup): ``<b>``, ``&amp;``, ``</para>`` typed by a user print literally.
* ``para()`` handles right-to-left text (Arabic, Hebrew) itself: it wraps in logical order and reorders
  each line. ``bidi()`` is for one-line strings drawn directly on the canvas.
* The PDF's Info dictionary never carries personal data: Title is a fixed generic string,
  Author/Subject/Keywords are empty, Creator/Producer are "Prevent Desktop", dates are fixed and the /ID
  does not depend on the content.
"""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import arabic_reshaper  # type: ignore[import-untyped]
from bidi import get_base_level, get_display
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

__all__ = [
    "A4",
    "A5",
    "APP_PDF_NAME",
    "PDF_TITLE",
    "RAG_COLOURS",
    "Cell",
    "DocumentMeta",
    "Styles",
    "bidi",
    "build_pdf",
    "content_width",
    "default_styles",
    "escape",
    "format_uk_date",
    "format_uk_datetime",
    "para",
    "register_fonts",
    "resources_dir",
    "table",
]

APP_PDF_NAME: Final = "Prevent Desktop"
# Shown in a viewer's title bar and in file properties: the document type, never a person's name.
PDF_TITLE: Final = "Prevent Desktop document"

FONT_REGULAR: Final = "DejaVuSans"
FONT_BOLD: Final = "DejaVuSans-Bold"
FONT_ITALIC: Final = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC: Final = "DejaVuSans-BoldOblique"

TEXT_COLOUR: Final = colors.HexColor("#1A1A1A")
MUTED_COLOUR: Final = colors.HexColor("#555555")
RULE_COLOUR: Final = colors.HexColor("#9A9A9A")
GRID_COLOUR: Final = colors.HexColor("#B4B4B4")
HEADER_FILL: Final = colors.HexColor("#E6E6E6")
WATERMARK_COLOUR: Final = colors.HexColor("#E0E0E0")

# Light tints so black text stays readable; the caller always prints the word (Red/Amber/Green) as well,
# because colour must never be the only signal.
RAG_COLOURS: Final[dict[str, Any]] = {
    "red": colors.HexColor("#F4C7C3"),
    "amber": colors.HexColor("#FCE8B2"),
    "green": colors.HexColor("#C8E6C9"),
}

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def resources_dir() -> Path:
    """The shipped data files (``prevent_desktop/resources``: fonts, profiles), found through importlib.resources."""
    from prevent_desktop.resources import resource_path

    return resource_path()


# --------------------------------------------------------------------------------------------------- text


# C0/C1 controls (except newline and tab, handled separately), lone surrogates, non-characters, and the
# explicit bidi embeddings/overrides/isolates/marks: we do our own ordering, and overrides are a known way to
# make a name display as something else.
_STRIP_RE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
_RTL_RE: Final = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _clean(text: str) -> str:
    """Normalise line ends, turn tabs into spaces and drop characters that must never reach a PDF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _STRIP_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """Make database text safe for ReportLab ``Paragraph`` markup.

    Control characters are dropped, ``& < >`` are escaped, and newlines become ``<br/>`` after escaping,
    so the only markup in the result is the line breaks we put there. No bidi reordering: use ``para()``
    for text that may contain Arabic or Hebrew.
    """
    return _xml_escape(_clean(text)).replace("\n", "<br/>")


def _has_rtl(text: str) -> bool:
    return _RTL_RE.search(text) is not None


_LAM_ALEF: Final = frozenset(
    {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
)


@functools.cache
def _reshaper() -> Any:
    # Explicit configuration so a PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE in the environment cannot change
    # output. Ligatures: only lam-alef, the ones DejaVu Sans has glyphs for (it lacks e.g. U+FDF2 ALLAH).
    from arabic_reshaper.reshaper_config import default_config  # type: ignore[import-untyped]

    config: dict[str, Any] = {
        key: key in _LAM_ALEF for key in default_config if key.startswith("ARABIC LIGATURE ")
    }
    config.update(
        language="Arabic",
        support_ligatures=True,
        delete_harakat=False,  # keep the user's vowel marks: never silently change a name
        shift_harakat_position=False,
        delete_tatweel=False,
        support_zwj=True,
        use_unshaped_instead_of_isolated=False,
    )
    return arabic_reshaper.ArabicReshaper(configuration=config)


@functools.cache
def _font_chars() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT_REGULAR).face.charToGlyph)


def _shape(text: str) -> str:
    """Arabic letters to their contextual presentation forms (DejaVu Sans has them); other text unchanged.

    A presentation form the font lacks (e.g. for some Urdu or Persian letters) falls back to its base
    letter, unjoined but legible, rather than an empty box.
    """
    if not _has_rtl(text):
        return text
    shaped = str(_reshaper().reshape(text))
    chars = _font_chars()
    if all(ord(ch) in chars for ch in shaped):
        return shaped
    out: list[str] = []
    for ch in shaped:
        if ord(ch) not in chars and "\ufb50" <= ch <= "\ufeff":
            base = unicodedata.normalize("NFKC", ch)
            if all(ord(b) in chars for b in base):
                ch = base
        out.append(ch)
    return "".join(out)


def _visual_line(line: str, base_rtl: bool | None = None) -> str:
    """One already-shaped line in logical order -> visual (left-to-right drawing) order."""
    if not _has_rtl(line):
        return line
    return str(get_display(line, base_dir=None if base_rtl is None else ("R" if base_rtl else "L")))


def _is_rtl_base(text: str) -> bool:
    return bool(_has_rtl(text) and get_base_level(text) == 1)


def bidi(text: str) -> str:
    """Cleaned, shaped, visually ordered text for drawing directly on a canvas (one line per ``\\n``).

    Not escaped. For paragraphs that may wrap, use ``para()``: reordering before wrapping would put the end
    of a long right-to-left sentence on the first line.
    """
    return "\n".join(_visual_line(_shape(line)) for line in _clean(text).split("\n"))


# -------------------------------------------------------------------------------------------------- fonts


@functools.cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans family with ReportLab (once; safe to call from anywhere)."""
    fonts_dir = resources_dir() / "fonts"
    for name, filename in (
        (FONT_REGULAR, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
    ):
        # shapable=False: ReportLab's optional HarfBuzz path is not used; shaping is done by _shape().
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir / filename), shapable=False))
    pdfmetrics.registerFontFamily(
        FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


# ------------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class Styles:
    """The house paragraph styles (DejaVu Sans). Build with ``Styles.build()`` or use ``default_styles()``."""

    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle

    @classmethod
    def build(cls, base_size: float = 10.0) -> Styles:
        register_fonts()
        s = base_size

        def style(name: str, size: float, font: str = FONT_REGULAR, **kw: Any) -> ParagraphStyle:
            kw.setdefault("leading", round(size * 1.3, 1))
            kw.setdefault("textColor", TEXT_COLOUR)
            return ParagraphStyle(f"pd-{name}", fontName=font, fontSize=size, **kw)

        return cls(
            title=style("title", s * 1.8, FONT_BOLD, spaceAfter=s * 0.8, leading=s * 2.2),
            h1=style("h1", s * 1.4, FONT_BOLD, spaceBefore=s * 1.0, spaceAfter=s * 0.5, keepWithNext=1),
            h2=style("h2", s * 1.15, FONT_BOLD, spaceBefore=s * 0.8, spaceAfter=s * 0.3, keepWithNext=1),
            body=style("body", s, spaceAfter=s * 0.5, leading=s * 1.38),
            small=style("small", s * 0.8, textColor=MUTED_COLOUR),
            cell=style("cell", s * 0.9, leading=s * 1.15),
            header_cell=style("header-cell", s * 0.9, FONT_BOLD, leading=s * 1.15),
        )


@functools.cache
def default_styles() -> Styles:
    return Styles.build()


class _BidiParagraph(Flowable):  # type: ignore[misc]
    """A paragraph containing right-to-left text.

    UAX #9 reorders *per line, after line breaking*. ReportLab cannot do that without its optional rlbidi
    extension, so we break the logical (shaped) text into lines for the width we are given, reorder each line
    with python-bidi, and hand the visual lines to an ordinary ``Paragraph`` joined by ``<br/>``.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text  # cleaned, logical order
        self.style = style
        self._para: Any = None
        self._para_width: float = -1.0

    def _build(self, avail_width: float) -> Any:
        if self._para is not None and self._para_width == avail_width:
            return self._para
        style = self.style
        width = max(avail_width - style.leftIndent - style.rightIndent - 0.5, 1.0)
        visual: list[str] = []
        any_rtl_base = False
        for hard_line in self.text.split("\n"):
            shaped = _shape(hard_line)
            rtl_base = _is_rtl_base(shaped)
            any_rtl_base |= rtl_base
            for line in _wrap_logical(shaped, style.fontName, style.fontSize, width):
                visual.append(_xml_escape(_visual_line(line, rtl_base)))
        alignment = style.alignment
        if any_rtl_base and alignment == TA_LEFT:
            alignment = TA_RIGHT
        p_style = ParagraphStyle(f"{style.name}-bidi", parent=style, alignment=alignment)
        self._para = Paragraph("<br/>".join(visual), p_style)
        self._para_width = avail_width
        return self._para

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self._build(availWidth).wrap(availWidth, availHeight)
        self.width, self.height = w, h
        return float(w), float(h)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return list(self._build(availWidth).split(availWidth, availHeight))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self._build(self.width if self._para is None else self._para_width).drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def minWidth(self) -> float:
        return float(self.style.fontSize * 2)


def _wrap_logical(line: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of one logical line; over-long words are cut by character."""
    words = line.split(" ")
    measure = functools.partial(pdfmetrics.stringWidth, fontName=font, fontSize=size)
    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    current_w = 0.0
    for word in words:
        w = measure(word)
        if w > width:  # a single unbreakable run: cut it into pieces that fit
            if current:
                lines.append(" ".join(current))
                current, current_w = [], 0.0
            piece = ""
            for ch in word:
                if piece and measure(piece + ch) > width:
                    lines.append(piece)
                    piece = ""
                piece += ch
            current, current_w = [piece], measure(piece)
            continue
        needed = w if not current else current_w + space + w
        if current and needed > width:
            lines.append(" ".join(current))
            current, current_w = [word], w
        else:
            current.append(word)
            current_w = needed
    lines.append(" ".join(current))
    return lines


def para(text: str, style: ParagraphStyle | None = None) -> Flowable:
    """A paragraph of *plain* text (escaped; newlines kept; right-to-left text ordered correctly).

    Returns a ``Paragraph``, or for text containing Arabic/Hebrew a flowable that lays out like one.
    """
    style = style or default_styles().body
    cleaned = _clean(text)
    if _has_rtl(cleaned):
        return _BidiParagraph(cleaned, style)
    return Paragraph(_xml_escape(cleaned).replace("\n", "<br/>"), style)


# -------------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell with a background, e.g. ``Cell("Amber", RAG_COLOURS["amber"])``. Text is escaped."""

    text: str
    background: Any = None  # a reportlab Color, a "#RRGGBB" string, or None
    bold: bool = False


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Cell | Flowable]],
    col_widths: Sequence[float],
    *,
    styles: Styles | None = None,
    zebra: bool = False,
) -> Table:
    """A grid table whose header row repeats on every page; strings are escaped and wrap inside their cell.

    ``col_widths`` are in points; ``content_width(meta)`` gives the width available on the page.
    """
    if len(col_widths) != len(header):
        raise ValueError(f"{len(header)} header cells but {len(col_widths)} column widths")
    st = styles or default_styles()
    data: list[list[Any]] = [[para(h, st.header_cell) for h in header]]
    size = st.cell.fontSize
    commands: list[tuple[Any, ...]] = [
        # Cells hold Paragraphs, but Table still selects its default font (Helvetica) per cell, which would
        # add an unembedded base-14 font to the page: select ours instead.
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, size),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, size),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {r} has {len(row)} cells, expected {len(header)}")
        out: list[Any] = []
        if zebra and r % 2 == 0:
            commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F5F5F5")))
        for c, value in enumerate(row):
            if isinstance(value, Cell):
                out.append(para(value.text, st.header_cell if value.bold else st.cell))
                if value.background is not None:
                    bg = (
                        colors.HexColor(value.background)
                        if isinstance(value.background, str)
                        else value.background
                    )
                    commands.append(("BACKGROUND", (c, r), (c, r), bg))
            elif isinstance(value, str):
                out.append(para(value, st.cell))
            else:
                out.append(value)
        data.append(out)
    return Table(data, colWidths=list(col_widths), repeatRows=1, splitInRow=1, style=TableStyle(commands))


# ---------------------------------------------------------------------------------------------- documents


def format_uk_date(d: date) -> str:
    """``26 Nov 2026`` (locale-independent)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def format_uk_datetime(dt: datetime) -> str:
    """``26 Nov 2026 14:05`` (locale-independent; shown as given, no time-zone conversion)."""
    return f"{format_uk_date(dt)} {dt:%H:%M}"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the page furniture shows. None of it goes into the PDF's Info dictionary.

    ``marking`` is the protective marking printed top and bottom of every page; pass ``""`` for a document
    that carries none (e.g. a public contacts card). The default is deliberately the protective one.
    """

    title: str
    organisation: str
    generated_at: datetime
    marking: str = "OFFICIAL-SENSITIVE"
    landscape: bool = False
    demo: bool = False
    pagesize: tuple[float, float] = A4

    @property
    def page_size(self) -> tuple[float, float]:
        w, h = self.pagesize
        size: tuple[float, float] = to_landscape((w, h)) if self.landscape else (min(w, h), max(w, h))
        return size

    @property
    def margin(self) -> float:
        return float(12 * mm if min(self.page_size) < 430 else 18 * mm)  # A5 and smaller: narrower margins


_HEADER_H: Final = 20 * mm
_FOOTER_H: Final = 16 * mm


def content_width(meta: DocumentMeta) -> float:
    """Width of the text frame in points (for table column widths)."""
    return float(meta.page_size[0] - 2 * meta.margin)


def _fit(text: str, font: str, size: float, max_width: float) -> str:
    """Shorten with an ellipsis so page furniture never overlaps."""
    if pdfmetrics.stringWidth(text, font, size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True, slots=True)
class _Furniture:
    meta: DocumentMeta
    organisation: str  # cleaned + bidi'd once, not per page
    title: str
    marking: str
    generated: str

    @classmethod
    def of(cls, meta: DocumentMeta) -> _Furniture:
        def one_line(text: str) -> str:
            return bidi(text.replace("\n", " ")).strip()

        return cls(
            meta,
            one_line(meta.organisation),
            one_line(meta.title),
            one_line(meta.marking),
            f"Generated {format_uk_datetime(meta.generated_at)}",
        )

    def draw_static(self, canv: Any, _doc: Any = None) -> None:
        """Everything but "Page x of y"; drawn before the page content, so the watermark sits underneath."""
        w, h = self.meta.page_size
        m = self.meta.margin
        canv.saveState()
        if self.meta.demo:
            self._watermark(canv, w, h)
        canv.setFillColor(TEXT_COLOUR)
        if self.marking:
            canv.setFont(FONT_BOLD, 10)
            canv.drawCentredString(w / 2, h - 9 * mm, _fit(self.marking, FONT_BOLD, 10, w - 2 * m))
        canv.setFont(FONT_REGULAR, 8)
        half = (w - 2 * m) / 2 - 3 * mm
        canv.setFillColor(MUTED_COLOUR)
        canv.drawString(m, h - 15.5 * mm, _fit(self.organisation, FONT_REGULAR, 8, half))
        canv.setFillColor(TEXT_COLOUR)
        canv.setFont(FONT_BOLD, 8)
        canv.drawRightString(w - m, h - 15.5 * mm, _fit(self.title, FONT_BOLD, 8, half))
        canv.setStrokeColor(RULE_COLOUR)
        canv.setLineWidth(0.5)
        canv.line(m, h - 17.5 * mm, w - m, h - 17.5 * mm)
        canv.line(m, 13 * mm, w - m, 13 * mm)
        canv.setFont(FONT_REGULAR, 7.5)
        canv.setFillColor(MUTED_COLOUR)
        canv.drawString(m, 8.5 * mm, self.generated)
        if self.marking:
            canv.setFillColor(TEXT_COLOUR)
            canv.setFont(FONT_BOLD, 9)
            room = w - 2 * m - 2 * pdfmetrics.stringWidth(self.generated, FONT_REGULAR, 7.5) - 6 * mm
            canv.drawCentredString(w / 2, 8.5 * mm, _fit(self.marking, FONT_BOLD, 9, max(room, 20 * mm)))
        canv.restoreState()

    def draw_page_number(self, canv: Any, page: int, total: int) -> None:
        w, _h = self.meta.page_size
        canv.saveState()
        canv.setFont(FONT_REGULAR, 7.5)
        canv.setFillColor(MUTED_COLOUR)
        canv.drawRightString(w - self.meta.margin, 8.5 * mm, f"Page {page} of {total}")
        canv.restoreState()

    @staticmethod
    def _watermark(canv: Any, w: float, h: float) -> None:
        text = "DEMO"
        diagonal = math.hypot(w, h)
        size = diagonal * 0.55 / pdfmetrics.stringWidth(text, FONT_BOLD, 1)
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOUR)
        canv.setFont(FONT_BOLD, size)
        canv.translate(w / 2, h / 2)
        canv.rotate(math.degrees(math.atan2(h, w)))
        canv.drawCentredString(0, -size * 0.35, text)
        canv.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until the end so each footer can say "Page x of y" with the real total."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self._furniture.draw_page_number(self, number, total)
            super().showPage()
        super().save()


def build_pdf(meta: DocumentMeta, story: Sequence[Flowable]) -> bytes:
    """Lay out ``story`` with the house page furniture and return the PDF bytes (nothing touches the disk)."""
    register_fonts()
    furniture = _Furniture.of(meta)
    margin = meta.margin
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=meta.page_size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=_HEADER_H + 2 * mm,
        bottomMargin=_FOOTER_H + 1 * mm,
        title=PDF_TITLE,
        author="",
        subject="",
        keywords="",
        creator=APP_PDF_NAME,
        producer=APP_PDF_NAME,
        # Fixed dates and an /ID computed only from the (generic) Info strings, never from the content.
        invariant=1,
        initialFontName=FONT_REGULAR,
        lang="en-GB",
    )
    make_canvas: Callable[..., Canvas] = functools.partial(_NumberedCanvas, furniture=furniture)
    doc.build(
        list(story) or [para("")],
        onFirstPage=furniture.draw_static,
        onLaterPages=furniture.draw_static,
        canvasmaker=make_canvas,
    )
    return buffer.getvalue()


