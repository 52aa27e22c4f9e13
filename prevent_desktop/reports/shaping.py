"""Right-to-left text: Arabic letters shaped to their presentation forms, lines put in visual order (UAX #9).

``bidi()`` is for one-line strings drawn directly on the canvas; paragraphs that may wrap go through
``flowables.para()``, which wraps in logical order first and reorders each line after.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Final

import arabic_reshaper  # type: ignore[import-untyped]
from bidi import get_base_level, get_display
from reportlab.pdfbase import pdfmetrics

from prevent_desktop.reports.escaping import clean
from prevent_desktop.reports.fonts import FONT_REGULAR, register_fonts

__all__ = ["bidi", "has_rtl", "is_rtl_base", "shape", "visual_line"]

_RTL_RE: Final = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_LAM_ALEF: Final = frozenset(
    {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
)


def has_rtl(text: str) -> bool:
    return _RTL_RE.search(text) is not None


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


def shape(text: str) -> str:
    """Arabic letters to their contextual presentation forms (DejaVu Sans has them); other text unchanged.

    A presentation form the font lacks (e.g. for some Urdu or Persian letters) falls back to its base
    letter, unjoined but legible, rather than an empty box.
    """
    if not has_rtl(text):
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


def visual_line(line: str, base_rtl: bool | None = None) -> str:
    """One already-shaped line in logical order -> visual (left-to-right drawing) order."""
    if not has_rtl(line):
        return line
    return str(get_display(line, base_dir=None if base_rtl is None else ("R" if base_rtl else "L")))


def is_rtl_base(text: str) -> bool:
    return bool(has_rtl(text) and get_base_level(text) == 1)


def bidi(text: str) -> str:
    """Cleaned, shaped, visually ordered text for drawing directly on a canvas (one line per ``\\n``).

    Not escaped. For paragraphs that may wrap, use ``para()``: reordering before wrapping would put the end
    of a long right-to-left sentence on the first line.
    """
    return "\n".join(visual_line(shape(line)) for line in clean(text).split("\n"))
