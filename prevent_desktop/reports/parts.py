"""Pieces shared by the documents: "Not provided" wording, key/value blocks, the chronology table, UK dates.

Everything here takes plain text from the caller and escapes it through ``base.para``/``base.table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from prevent_desktop.domain.dates import uk_date
from prevent_desktop.reports.base import (
    FONT_BOLD,
    FONT_REGULAR,
    GRID_COLOUR,
    HEADER_FILL,
    Cell,
    Styles,
    default_styles,
    para,
    table,
)

NOT_PROVIDED: Final = "Not provided"
NOT_PROVIDED_FILL: Final = "#FFF3CD"  # a pale yellow behind "Not provided" cells (the words are the signal)


def not_provided(reason: str = "") -> str:
    """``Not provided — <reason>``; never blank, even when no reason was recorded."""
    reason = (reason or "").strip()
    return f"{NOT_PROVIDED} — {reason}" if reason else f"{NOT_PROVIDED} (no reason was recorded)"


def show(value: str | None, reason: str = "") -> str:
    """The value, or the "Not provided" wording when it is None or blank."""
    if value is None or not str(value).strip():
        return not_provided(reason)
    return str(value)


def show_date(value: str | date | datetime | None, reason: str = "") -> str:
    """An ISO date/datetime string (or date) shown the UK way; "Not provided" when empty."""
    if value is None or value == "":
        return not_provided(reason)
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{uk_date(moment)} {moment:%H:%M}"
    if isinstance(value, datetime):
        return f"{uk_date(value)} {value:%H:%M}"
    return uk_date(value)


def yes_no(answer: bool | None) -> str:
    return "Yes" if answer is True else "No" if answer is False else ""


def key_values(
    rows: Sequence[tuple[str, str, bool]],
    width: float,
    *,
    label_ratio: float = 0.34,
    styles: Styles | None = None,
) -> Table:
    """A two-column label/value grid; ``rows`` are (label, value, missing). Missing values get a tinted cell."""
    st = styles or default_styles()
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, st.cell.fontSize),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, (label, value, missing) in enumerate(rows):
        data.append([para(label, st.header_cell), para(value, st.cell)])
        if missing:
            commands.append(("BACKGROUND", (1, r), (1, r), NOT_PROVIDED_FILL))
    if not data:
        data.append([para("", st.cell), para("", st.cell)])
    label_w = width * label_ratio
    return Table(
        data, colWidths=[label_w, width - label_w], splitInRow=1, style=TableStyle(commands), hAlign="LEFT"
    )


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One chronology entry as printed. ``occurred``/``recorded`` are ISO strings; ``amends_id`` links an addendum."""

    id: int
    occurred: str
    recorded: str
    author: str
    kind: str
    text: str
    amends_id: int | None = None


def chronology_table(entries: Sequence[ChronologyEntry], width: float, *, empty: str) -> list[Flowable]:
    """The chronology as a grid (header repeats on every page); an explicit line when there is none."""
    st = default_styles()
    if not entries:
        return [para(empty, st.body)]
    header = ["#", "Occurred", "Recorded", "By", "Kind", "Entry"]
    fixed = [11 * mm, 23 * mm, 23 * mm, 25 * mm, 26 * mm]
    widths = [*fixed, width - sum(fixed)]
    rows: list[list[str | Cell | Flowable]] = []
    for e in entries:
        text = e.text if e.text.strip() else not_provided("the entry has no text")
        if e.amends_id is not None:
            text = f"Addendum to entry {e.amends_id}:\n{text}"
        pieces = split_text(text, _PIECE_CHARS)
        rows.append(
            [str(e.id), show_date(e.occurred), show_date(e.recorded), show(e.author), show(e.kind), pieces[0]]
        )
        for n, piece in enumerate(pieces[1:], start=2):
            rows.append([str(e.id), f"(part {n} of {len(pieces)})", "", "", "", piece])
    t = table(header, rows, widths)
    # Rows move to the next page whole (long entries were cut into parts above): ReportLab 5's split inside a
    # row with a repeated header can leave a stray header row at the foot of a page.
    t.splitInRow = 0
    return [t]


_PIECE_CHARS: Final = 1800  # about a third of a page in the Entry column; a row never outgrows a page


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at line ends or spaces where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def big_number_style(size: float = 14.0) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("pd-big-number", fontName=FONT_BOLD, fontSize=size, leading=size * 1.2)
