"""Pages: size and margins (``DocumentMeta``), the furniture on every page (protective marking top and bottom,
organisation, title, generated date, "Page x of y", the DEMO watermark and a draft mark) and ``build_pdf``.

The PDF's Info dictionary never carries personal data: Title is a fixed generic string, Author/Subject/Keywords
are empty, Creator/Producer are "Prevent Desktop", dates are fixed and the /ID does not depend on the content.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from prevent_desktop.domain.dates import uk_datetime
from prevent_desktop.reports.flowables import para
from prevent_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from prevent_desktop.reports.shaping import bidi
from prevent_desktop.reports.styles import MUTED_COLOUR, RULE_COLOUR, TEXT_COLOUR, WATERMARK_COLOUR

__all__ = [
    "APP_PDF_NAME", "FURNITURE_MAX_CHARS", "PDF_TITLE", "DocumentMeta", "build_pdf", "content_width", "fit",
    "reporting_pages",
]

APP_PDF_NAME: Final = "Prevent Desktop"
# Shown in a viewer's title bar and in file properties: the document type, never a person's name.
PDF_TITLE: Final = "Prevent Desktop document"
# The most of any one text (organisation, title, marking) the page furniture considers: half an A4 line at
# 8 pt holds about 60 characters, so this is never what limits a real name, and it bounds the work whatever
# was typed (a 20,000-character organisation name costs what a short one does).
FURNITURE_MAX_CHARS: Final = 200

_HEADER_H: Final = 20 * mm
_DRAFT_SIZE: Final = 9.0
_FOOTER_H: Final = 16 * mm
ELLIPSIS: Final = "…"


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the page furniture shows. None of it goes into the PDF's Info dictionary.

    ``marking`` is the protective marking printed top and bottom of every page; pass ``""`` for a document
    that carries none (e.g. a public contacts card). The default is deliberately the protective one.
    ``draft`` (e.g. "DRAFT — incomplete") marks every page: light and diagonal behind the text, and boxed in
    bold at the top left of the header, so it survives black-and-white printing and photocopying.
    """

    title: str
    organisation: str
    generated_at: datetime
    marking: str = "OFFICIAL-SENSITIVE"
    landscape: bool = False
    demo: bool = False
    pagesize: tuple[float, float] = A4
    draft: str = ""

    @property
    def page_size(self) -> tuple[float, float]:
        w, h = self.pagesize
        size: tuple[float, float] = to_landscape((w, h)) if self.landscape else (min(w, h), max(w, h))
        return size

    @property
    def margin(self) -> float:
        return float(12 * mm if min(self.page_size) < 430 else 18 * mm)  # A5 and smaller: narrower margins


def content_width(meta: DocumentMeta) -> float:
    """Width of the text frame in points (for table column widths)."""
    return float(meta.page_size[0] - 2 * meta.margin)


def fit(text: str, font: str, size: float, max_width: float) -> str:
    """``text`` shortened with an ellipsis so it fits ``max_width``: page furniture never overlaps.

    At most ``FURNITURE_MAX_CHARS`` characters are considered, and the cut is found by bisection, so the
    work is O(log n) measurements of short strings, not one per character dropped."""
    cut = len(text) > FURNITURE_MAX_CHARS
    text = text[:FURNITURE_MAX_CHARS]
    if not cut and stringWidth(text, font, size) <= max_width:
        return text

    def fits(n: int) -> bool:  # wider as n grows, so the largest n that fits can be bisected
        return bool(stringWidth(text[:n].rstrip() + ELLIPSIS, font, size) <= max_width)

    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


@dataclass(frozen=True, slots=True)
class _Furniture:
    meta: DocumentMeta
    organisation: str  # cleaned, capped, bidi'd and fitted once, not per page
    title: str
    marking_top: str
    marking_bottom: str
    generated: str
    draft: str = ""

    @classmethod
    def of(cls, meta: DocumentMeta) -> _Furniture:
        def one_line(text: str) -> str:
            return bidi(text[:FURNITURE_MAX_CHARS].replace("\n", " ")).strip()

        w, _h = meta.page_size
        m = meta.margin
        half = (w - 2 * m) / 2 - 3 * mm
        generated = f"Generated {uk_datetime(meta.generated_at)}"
        marking = one_line(meta.marking)
        room = w - 2 * m - 2 * stringWidth(generated, FONT_REGULAR, 7.5) - 6 * mm
        draft = fit(one_line(meta.draft), FONT_BOLD, _DRAFT_SIZE, half - 4 * mm) if meta.draft.strip() else ""
        top_room = w - 2 * m - (2 * (stringWidth(draft, FONT_BOLD, _DRAFT_SIZE) + 6 * mm) if draft else 0)
        return cls(
            meta,
            fit(one_line(meta.organisation), FONT_REGULAR, 8, half),
            fit(one_line(meta.title), FONT_BOLD, 8, half),
            fit(marking, FONT_BOLD, 10, max(top_room, 20 * mm)) if marking else "",
            fit(marking, FONT_BOLD, 9, max(room, 20 * mm)) if marking else "",
            generated,
            draft,
        )

    def draw_static(self, canv: Any, _doc: Any = None) -> None:
        """Everything but "Page x of y"; drawn before the page content, so the watermark sits underneath."""
        w, h = self.meta.page_size
        m = self.meta.margin
        canv.saveState()
        if self.meta.demo:
            self._watermark(canv, w, h)
        if self.draft:
            self._draft_mark(canv, w, h, m)
        canv.setFillColor(TEXT_COLOUR)
        if self.marking_top:
            canv.setFont(FONT_BOLD, 10)
            canv.drawCentredString(w / 2, h - 9 * mm, self.marking_top)
        canv.setFont(FONT_REGULAR, 8)
        canv.setFillColor(MUTED_COLOUR)
        canv.drawString(m, h - 15.5 * mm, self.organisation)
        canv.setFillColor(TEXT_COLOUR)
        canv.setFont(FONT_BOLD, 8)
        canv.drawRightString(w - m, h - 15.5 * mm, self.title)
        canv.setStrokeColor(RULE_COLOUR)
        canv.setLineWidth(0.5)
        canv.line(m, h - 17.5 * mm, w - m, h - 17.5 * mm)
        canv.line(m, 13 * mm, w - m, 13 * mm)
        canv.setFont(FONT_REGULAR, 7.5)
        canv.setFillColor(MUTED_COLOUR)
        canv.drawString(m, 8.5 * mm, self.generated)
        if self.marking_bottom:
            canv.setFillColor(TEXT_COLOUR)
            canv.setFont(FONT_BOLD, 9)
            canv.drawCentredString(w / 2, 8.5 * mm, self.marking_bottom)
        canv.restoreState()

    def draw_page_number(self, canv: Any, page: int, total: int) -> None:
        w, _h = self.meta.page_size
        canv.saveState()
        canv.setFont(FONT_REGULAR, 7.5)
        canv.setFillColor(MUTED_COLOUR)
        canv.drawRightString(w - self.meta.margin, 8.5 * mm, f"Page {page} of {total}")
        canv.restoreState()

    def _draft_mark(self, canv: Any, w: float, h: float, m: float) -> None:
        """The draft mark: diagonal and light (below DEMO when both), then boxed in the header."""
        diagonal = math.hypot(w, h)
        size = min(diagonal * 0.6 / stringWidth(self.draft, FONT_BOLD, 1), 96.0)
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOUR)
        canv.setFont(FONT_BOLD, size)
        canv.translate(w / 2, h / 2)
        canv.rotate(math.degrees(math.atan2(h, w)))
        canv.drawCentredString(0, -size * 0.35 - (diagonal * 0.12 if self.meta.demo else 0), self.draft)
        canv.restoreState()
        width = stringWidth(self.draft, FONT_BOLD, _DRAFT_SIZE)
        canv.saveState()
        canv.setStrokeColor(TEXT_COLOUR)
        canv.setLineWidth(1)
        canv.rect(m, h - 10.5 * mm, width + 4 * mm, 5.2 * mm, stroke=1, fill=0)
        canv.setFillColor(TEXT_COLOUR)
        canv.setFont(FONT_BOLD, _DRAFT_SIZE)
        canv.drawString(m + 2 * mm, h - 9 * mm, self.draft)
        canv.restoreState()

    @staticmethod
    def _watermark(canv: Any, w: float, h: float) -> None:
        text = "DEMO"
        diagonal = math.hypot(w, h)
        size = diagonal * 0.55 / stringWidth(text, FONT_BOLD, 1)
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOUR)
        canv.setFont(FONT_BOLD, size)
        canv.translate(w / 2, h / 2)
        canv.rotate(math.degrees(math.atan2(h, w)))
        canv.drawCentredString(0, -size * 0.35, text)
        canv.restoreState()


# Who hears of each page laid out by a build_pdf in this context (this thread): see reporting_pages.
_on_page: ContextVar[Callable[[int], None] | None] = ContextVar("prevent_desktop_pdf_on_page", default=None)


@contextmanager
def reporting_pages(on_page: Callable[[int], None]) -> Iterator[None]:
    """Every PDF built in this block calls ``on_page(pages laid out so far)`` as it finishes each page, so a long
    document built off the UI thread can show its progress. Context-local: other threads' builds are not heard."""
    token = _on_page.set(on_page)
    try:
        yield
    finally:
        _on_page.reset(token)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until the end so each footer can say "Page x of y" with the real total."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()
        on_page = _on_page.get()
        if on_page is not None:
            on_page(len(self._page_states))

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
