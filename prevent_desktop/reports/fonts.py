"""The bundled fonts (DejaVu Sans, embedded in every PDF) and where they live."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FONT_BOLD", "FONT_BOLD_ITALIC", "FONT_ITALIC", "FONT_REGULAR", "register_fonts", "resources_dir"]

FONT_REGULAR: Final = "DejaVuSans"
FONT_BOLD: Final = "DejaVuSans-Bold"
FONT_ITALIC: Final = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC: Final = "DejaVuSans-BoldOblique"


def resources_dir() -> Path:
    """The shipped data files (``prevent_desktop/resources``: fonts, profiles), found through importlib.resources."""
    from prevent_desktop.resources import resource_path

    return resource_path()


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
        # shapable=False: ReportLab's optional HarfBuzz path is not used; shaping is done by reports.shaping.
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir / filename), shapable=False))
    pdfmetrics.registerFontFamily(
        FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
