"""Database text made safe for a PDF: characters that must never reach one are dropped, and ReportLab
``Paragraph`` markup is escaped (``<b>``, ``&amp;``, ``</para>`` typed by a user print literally)."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["clean", "escape", "xml_escape"]

# C0/C1 controls (except newline and tab, handled separately), lone surrogates, non-characters, and the
# explicit bidi embeddings/overrides/isolates/marks: we do our own ordering, and overrides are a known way to
# make a name display as something else.
_STRIP_RE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)


def clean(text: str) -> str:
    """Normalise line ends, turn tabs into spaces and drop characters that must never reach a PDF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _STRIP_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """Make database text safe for ReportLab ``Paragraph`` markup.

    Control characters are dropped, ``& < >`` are escaped, and newlines become ``<br/>`` after escaping,
    so the only markup in the result is the line breaks we put there. No bidi reordering: use ``para()``
    for text that may contain Arabic or Hebrew.
    """
    return xml_escape(clean(text)).replace("\n", "<br/>")
