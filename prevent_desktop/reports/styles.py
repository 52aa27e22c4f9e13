"""The house style: colours (RAG tints among them) and the paragraph styles, all in DejaVu Sans."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from prevent_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts

__all__ = [
    "GRID_COLOUR",
    "HEADER_FILL",
    "MUTED_COLOUR",
    "RAG_COLOURS",
    "RULE_COLOUR",
    "TEXT_COLOUR",
    "WATERMARK_COLOUR",
    "Styles",
    "default_styles",
]

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
