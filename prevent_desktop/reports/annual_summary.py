"""The annual Prevent summary: anonymised counts for the year (by type of concern, what was decided, outcomes of
referrals, who the concerns were about, by month, time to a decision) as tables and bar charts.

Plain data in: every number arrives as the words to print ("12", "fewer than 5", "not shown") with the length
of its bar, or no bar for a number that is hidden; the small-number rule is ``domain.annual_summary``'s, never
applied here. Each bar carries its number as text beside it, so colour is never the only signal. No name and no
case reference ever reaches this document: its data has none.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from prevent_desktop.reports.flowables import Cell, para, table
from prevent_desktop.reports.fonts import FONT_REGULAR
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import gap, key_values, show_date
from prevent_desktop.reports.shaping import bidi
from prevent_desktop.reports.styles import HEADER_FILL, MUTED_COLOUR, TEXT_COLOUR, default_styles

__all__ = ["AnnualSummaryData", "SummaryRow", "SummaryTable", "build_annual_summary"]

BAR_FILL = colors.HexColor("#5B6F8A")  # a dark slate that prints as a mid grey; the number beside it is the signal
_LABEL_CHARS = 42  # category labels wrap to this many characters beside the chart
_BAR_PITCH = 5.2 * mm


@dataclass(frozen=True, slots=True)
class SummaryRow:
    label: str
    text: str  # the number as printed: "12", "fewer than 5", "not shown"
    bar: int | None  # the bar's length; None: the number is hidden, so no bar is drawn
    level: int = 0  # 1: a sub-row of the row above (indented)


@dataclass(frozen=True, slots=True)
class SummaryTable:
    title: str
    intro: str
    rows: tuple[SummaryRow, ...]
    total_label: str
    total_text: str
    shown: bool = True  # False: the table's total is too small; a sentence replaces it
    chart: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class AnnualSummaryData:
    title: str  # "Annual Prevent summary"
    year_label: str  # "2025/26"
    period: str  # "1 September 2025 to 31 August 2026"
    as_of: str  # ISO date the decisions and outcomes were read for
    headline: tuple[tuple[str, str], ...]  # (label, the number as printed)
    tables: tuple[SummaryTable, ...]
    suppression_rule: str
    notes: tuple[str, ...] = ()


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(bidi(label), _LABEL_CHARS) or [""])


def bar_chart(rows: tuple[SummaryRow, ...], width: float) -> Drawing | None:
    """A horizontal bar chart of the rows, first row at the top, each bar with its number as text at its end; a
    hidden number gets no bar and its words ("fewer than 5") where the bar would start. None: nothing to draw."""
    if not rows or all(r.bar is None for r in rows):
        return None
    lines = max(_wrapped(r.label).count("\n") + 1 for r in rows)
    pitch = max(_BAR_PITCH, lines * 3.4 * mm + 1.6 * mm)  # the chart spaces its bars evenly
    label_w = 70 * mm
    drawing = Drawing(width, pitch * len(rows) + 6 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 3 * mm
    chart.width, chart.height = width - label_w - 30 * mm, pitch * len(rows)
    ordered = list(reversed(rows))  # the chart draws its first category at the bottom
    chart.data = [[float(r.bar) if r.bar is not None else 0.0 for r in ordered]]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[r.text for r in ordered]]
    chart.barLabels.fontName = FONT_REGULAR
    chart.barLabels.fontSize = 8
    chart.barLabels.fillColor = TEXT_COLOUR
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars[0].fillColor = BAR_FILL
    chart.bars[0].strokeColor = None
    chart.barWidth = 3.4 * mm
    chart.groupSpacing = 1.6 * mm
    top = max((r.bar or 0) for r in rows)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top, 1)
    chart.valueAxis.visible = False  # the numbers are printed on the bars
    chart.categoryAxis.categoryNames = [_wrapped(r.label) for r in ordered]
    chart.categoryAxis.labels.fontName = FONT_REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = TEXT_COLOUR
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.leading = 9.5
    chart.categoryAxis.strokeColor = MUTED_COLOUR
    chart.categoryAxis.tickLeft = 0
    drawing.add(chart)
    return drawing


def _table_part(t: SummaryTable, width: float) -> list[Flowable]:
    st = default_styles()
    part: list[Flowable] = [para(t.title, st.h1)]
    if t.intro:
        part.append(para(t.intro, st.small))
    if not t.shown:
        part.append(para(f"Not shown: the numbers ({t.total_label.lower()}: {t.total_text}) are too small to "
                         "break down without a risk of identifying people.", st.body))
        return part
    sub = ParagraphStyle("pd-summary-sub", parent=st.cell, leftIndent=5 * mm)
    rows: list[list[str | Cell | Flowable]] = [
        [para(r.label, sub) if r.level else r.label, r.text] for r in t.rows
    ]
    rows.append([Cell(t.total_label, HEADER_FILL, bold=True), Cell(t.total_text, HEADER_FILL, bold=True)])
    number_w = 34 * mm
    part.append(table(["", "Number"], rows, [width - number_w, number_w]))
    if t.chart:
        chart = bar_chart(t.rows, width)
        if chart is not None:
            part += [gap(2), chart]
    if t.note:
        part.append(para(t.note, st.small))
    return part


def annual_summary_story(data: AnnualSummaryData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    story: list[Flowable] = [
        para(f"{data.title} {data.year_label}", st.title),
        para(f"Concerns logged from {data.period}. Decisions and outcomes as recorded on "
             f"{show_date(data.as_of)}.", st.body),
        para("Anonymised: this summary holds counts only — no names, no case references, nothing about any one "
             "person.", st.body),
        para("How small numbers are shown", st.h2),
        para(data.suppression_rule, st.body),
        para("The year at a glance", st.h1),
        key_values([(label, text, False) for label, text in data.headline], width, label_ratio=0.6),
    ]
    for t in data.tables:
        part = _table_part(t, width)
        story.append(KeepTogether(part) if len(t.rows) <= 14 else part[0])
        if len(t.rows) > 14:
            story.extend(part[1:])
    if data.notes:
        story.append(para("Notes", st.h1))
        note = ParagraphStyle("pd-summary-note", parent=st.small, spaceAfter=3)
        story.extend(para(n, note) for n in data.notes)
    return story


def build_annual_summary(
    data: AnnualSummaryData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL",
    demo: bool = False,
) -> bytes:
    meta = DocumentMeta(
        title=data.title or "Annual Prevent summary", organisation=organisation, generated_at=generated_at,
        marking=marking, demo=demo,
    )
    return build_pdf(meta, annual_summary_story(data, meta))
