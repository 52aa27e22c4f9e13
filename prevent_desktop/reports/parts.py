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
from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR
from prevent_desktop.reports.styles import GRID_COLOUR, HEADER_FILL, Styles, default_styles

NOT_PROVIDED: Final = "Not provided"
NOT_PROVIDED_FILL: Final = "#FFF3CD"  # a pale yellow behind "Not provided" cells (the words are the signal)


def not_provided(reason: str = "") -> str:
    """``Not provided — <reason>``, or plainly ``Not provided`` when no reason was given; never blank."""
    reason = (reason or "").strip()
    return f"{NOT_PROVIDED} — {reason}" if reason else NOT_PROVIDED


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
    header = ["#", "Occurred / recorded", "By", "Kind", "Entry"]
    fixed = [10 * mm, 32 * mm, 20 * mm, 25 * mm]
    widths = [*fixed, width - sum(fixed)]
    # rough characters per line in the Entry column (DejaVu Sans at the cell size averages ~0.55 em)
    per_line = max(int((widths[-1] - 8) / (default_styles().cell.fontSize * 0.55)), 20)
    rows: list[list[str | Cell | Flowable]] = []
    for e in entries:
        text = e.text if e.text.strip() else not_provided("the entry has no text")
        if e.amends_id is not None:
            text = f"Addendum to entry {e.amends_id}:\n{text}"
        pieces = split_text(text, per_line, _PIECE_LINES)
        when = f"{show_date(e.occurred)}\n{_recorded(e.occurred, e.recorded)}"
        rows.append([str(e.id), when, show(e.author), show(e.kind), pieces[0]])
        for n, piece in enumerate(pieces[1:], start=2):
            rows.append([str(e.id), f"(part {n} of {len(pieces)})", "", "", piece])
    t = table(header, rows, widths)
    # Rows move to the next page whole (long entries were cut into parts above): ReportLab 5's split inside a
    # row with a repeated header can leave a stray header row at the foot of a page.
    t.splitInRow = 0
    return [t]


def _recorded(occurred: str, recorded: str) -> str:
    """ "rec. 17:30" when recorded the same day it occurred, else "rec. 6 Jan 2026 07:30"."""
    if not recorded:
        return "rec. (not recorded)"
    if occurred[:10] == recorded[:10] and "T" in recorded:
        return f"rec. {recorded[11:16]}"
    return f"rec. {show_date(recorded)}"


_PIECE_LINES: Final = 30  # a row never outgrows a page (about 40% of an A4 portrait frame)


def split_text(text: str, per_line: int, max_lines: int) -> list[str]:
    """Cut ``text`` into pieces of at most about ``max_lines`` wrapped lines of ``per_line`` characters.

    Cuts at line ends, then at spaces; an unbroken run is cut by character. Nothing is dropped.
    """
    lines: list[tuple[str, str]] = []  # (estimated wrapped line, the separator that followed it)
    hard_lines = text.split("\n")
    for i, hard in enumerate(hard_lines):
        while len(hard) > per_line:
            cut = hard.rfind(" ", 0, per_line + 1)
            if cut <= 0:
                lines.append((hard[:per_line], ""))
                hard = hard[per_line:]
            else:
                lines.append((hard[:cut], " "))
                hard = hard[cut + 1 :]
        lines.append((hard, "\n" if i < len(hard_lines) - 1 else ""))
    pieces: list[str] = []
    for start in range(0, len(lines), max_lines):
        chunk = lines[start : start + max_lines]
        pieces.append("".join(t + sep for t, sep in chunk[:-1]) + chunk[-1][0])
    return pieces


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def big_number_style(size: float = 14.0) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("pd-big-number", fontName=FONT_BOLD, fontSize=size, leading=size * 1.2)
