"""ReportLab documents: flowables in, PDF bytes out (Qt-free; see ``base`` for the rules)."""

from __future__ import annotations

from prevent_desktop.reports.base import (
    A4,
    A5,
    PDF_TITLE,
    RAG_COLOURS,
    Cell,
    DocumentMeta,
    Styles,
    bidi,
    build_pdf,
    content_width,
    default_styles,
    escape,
    format_uk_date,
    format_uk_datetime,
    para,
    register_fonts,
    resources_dir,
    table,
)
from prevent_desktop.reports.encryption import encrypt_pdf

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
