"""ReportLab documents: plain data in, PDF bytes out (Qt-free).

The foundation, one concern per module:

* ``fonts``: the bundled DejaVu Sans, registered once and embedded in every PDF;
* ``escaping``: characters that must never reach a PDF dropped, ``Paragraph`` markup escaped;
* ``shaping``: Arabic shaping and bidi ordering (``bidi()`` for one line drawn on the canvas);
* ``styles``: colours and paragraph styles; ``flowables``: ``para()`` (the only way database text reaches a
  ``Paragraph``), ``table()``, ``Cell``;
* ``page``: ``DocumentMeta``, the page furniture, "Page x of y" and ``build_pdf``; ``encryption``: AES-256.

Dates are shown by ``domain.dates`` (``uk_date``), the rule the screens use too.
Documents: ``referral_pack``, ``case_file``, ``action_plan``, ``contacts_card``, ``policy_register``.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, A5

from prevent_desktop.domain.dates import uk_date as format_uk_date
from prevent_desktop.domain.dates import uk_datetime as format_uk_datetime
from prevent_desktop.reports.encryption import encrypt_pdf
from prevent_desktop.reports.escaping import escape
from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.fonts import register_fonts, resources_dir
from prevent_desktop.reports.page import PDF_TITLE, DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.shaping import bidi
from prevent_desktop.reports.styles import RAG_COLOURS, Styles, default_styles

__all__ = [
    "A4",
    "A5",
    "PDF_TITLE",
    "RAG_COLOURS",
    "Cell",
    "DocumentMeta",
    "Styles",
    "bidi",
    "build_pdf",
    "content_width",
    "default_styles",
    "encrypt_pdf",
    "escape",
    "format_uk_date",
    "format_uk_datetime",
    "para",
    "register_fonts",
    "resources_dir",
    "table",
]
