"""Paragraphs and tables of plain database text: escaped, right-to-left text ordered line by line.

Text from the database reaches a ``Paragraph`` only through ``para()`` (or ``escaping.escape()`` for the rare
hand-made markup).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from prevent_desktop.reports.escaping import clean, xml_escape
from prevent_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR
from prevent_desktop.reports.shaping import has_rtl, is_rtl_base, shape, visual_line
from prevent_desktop.reports.styles import GRID_COLOUR, HEADER_FILL, Styles, default_styles

__all__ = ["Cell", "para", "table"]


class _Para(Paragraph):  # type: ignore[misc]
    """A ``Paragraph`` that breaks its lines once per width.

    A table cell is wrapped three times for the same width (the table measures each row while finding where a
    page ends, again for the piece that goes on the page, and once more when it draws the cell), and every wrap
    re-runs ``breakLines``, the costliest step of a PDF (issue 11: 16,362 calls for 5,305 paragraphs). Line
    breaking depends only on the width (the frags and style never change), so the result is kept per width.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept = getattr(self, "_pd_wrapped", None)
        if kept is not None and kept[0] == availWidth:
            _w, self._wrapWidths, self.blPara, self.height = kept
            self.width = availWidth
            return availWidth, self.height
        w, h = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):  # not set when the width is too small to hold anything
            self._pd_wrapped = (availWidth, self._wrapWidths, self.blPara, self.height)
        return w, h


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
            shaped = shape(hard_line)
            rtl_base = is_rtl_base(shaped)
            any_rtl_base |= rtl_base
            for line in _wrap_logical(shaped, style.fontName, style.fontSize, width):
                visual.append(xml_escape(visual_line(line, rtl_base)))
        alignment = style.alignment
        if any_rtl_base and alignment == TA_LEFT:
            alignment = TA_RIGHT
        p_style = ParagraphStyle(f"{style.name}-bidi", parent=style, alignment=alignment)
        self._para = _Para("<br/>".join(visual), p_style)
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
            piece, piece_w = "", 0.0
            for ch in word:  # glyph widths add up (no kerning here): one measurement per character
                ch_w = measure(ch)
                if piece and piece_w + ch_w > width:
                    lines.append(piece)
                    piece, piece_w = "", 0.0
                piece += ch
                piece_w += ch_w
            current, current_w = [piece], piece_w
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
    cleaned = clean(text)
    if has_rtl(cleaned):
        return _BidiParagraph(cleaned, style)
    return _Para(xml_escape(cleaned).replace("\n", "<br/>"), style)


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

    ``col_widths`` are in points; ``page.content_width(meta)`` gives the width available on the page.
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
