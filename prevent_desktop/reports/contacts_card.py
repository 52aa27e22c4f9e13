"""The key contacts card: one page, the groups as the policy groups them, large clear numbers. No case data.

Variants:

* ``"a4"``: one A4 portrait page.
* ``"fold"``: one A4 landscape page laid out as two A5 panels with a dashed fold line: fold it in half, then
  in half again, to carry it in a pocket.

Whatever the number of contacts, the content is scaled to fit the single page (``KeepInFrame`` shrink).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Table, TableStyle

from prevent_desktop.reports.flowables import para
from prevent_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import show_date
from prevent_desktop.reports.styles import GRID_COLOUR, HEADER_FILL, MUTED_COLOUR, TEXT_COLOUR

__all__ = ["VARIANTS", "CardContact", "CardGroup", "ContactsCardData", "build_contacts_card"]

TITLE = "Key contacts"
VARIANTS: Final = ("a4", "fold")
_HEADER_H: Final = 20 * mm  # as in base.build_pdf
_FOOTER_H: Final = 16 * mm


@dataclass(frozen=True, slots=True)
class CardContact:
    role: str
    name: str = ""
    organisation: str = ""
    phones: tuple[tuple[str, str], ...] = ()  # (label, number as typed)
    emails: tuple[str, ...] = ()
    web: str = ""
    when_to_use: str = ""
    out_of_hours: bool = False


@dataclass(frozen=True, slots=True)
class CardGroup:
    title: str
    contacts: tuple[CardContact, ...]


@dataclass(frozen=True, slots=True)
class ContactsCardData:
    groups: tuple[CardGroup, ...]
    emergency_line: str = "Immediate danger: call 999"
    last_verified: str = ""  # ISO; the oldest "last verified" date among the contacts


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    register_fonts()

    def s(name: str, size: float, font: str = FONT_REGULAR, **kw: Any) -> ParagraphStyle:
        size *= scale
        kw.setdefault("leading", size * 1.22)
        kw.setdefault("textColor", TEXT_COLOUR)
        return ParagraphStyle(f"pd-card-{name}", fontName=font, fontSize=size, **kw)

    return {
        "title": s("title", 17, FONT_BOLD, spaceAfter=2 * mm),
        "emergency": s("emergency", 15, FONT_BOLD, spaceAfter=2 * mm),
        "group": s("group", 11.5, FONT_BOLD),
        "who": s("who", 9.5, FONT_BOLD),
        "detail": s("detail", 8, textColor=MUTED_COLOUR),
        "number": s("number", 15, FONT_BOLD, leading=15 * scale * 1.15),
        "label": s("label", 7.5, textColor=MUTED_COLOUR),
        "email": s("email", 8.5),
    }


def _contact_cells(c: CardContact, st: dict[str, ParagraphStyle]) -> list[Any]:
    who = c.role or c.name or c.organisation or "Contact"
    left: list[Flowable] = [para(who + ("  (out of hours)" if c.out_of_hours else ""), st["who"])]
    detail = ", ".join(x for x in (c.name if c.name != who else "", c.organisation) if x)
    if detail:
        left.append(para(detail, st["detail"]))
    if c.when_to_use:
        left.append(para(c.when_to_use, st["detail"]))
    right: list[Flowable] = []
    for label, number in c.phones:
        if label:
            right.append(para(label, st["label"]))
        right.append(para(number, st["number"]))
    for email in c.emails:
        right.append(para(email, st["email"]))
    if c.web:
        right.append(para(c.web, st["email"]))
    if not right:
        right.append(para("—", st["email"]))
    return [left, right]


def _group_table(groups: Sequence[CardGroup], width: float, st: dict[str, ParagraphStyle]) -> Table:
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8),
    ]
    for g in groups:
        r = len(data)
        data.append([para(g.title, st["group"]), ""])
        commands += [("SPAN", (0, r), (1, r)), ("BACKGROUND", (0, r), (1, r), HEADER_FILL),
                     ("LINEABOVE", (0, r), (1, r), 0.6, GRID_COLOUR)]
        for c in g.contacts:
            data.append(_contact_cells(c, st))
            commands.append(("LINEBELOW", (0, len(data) - 1), (1, len(data) - 1), 0.3, GRID_COLOUR))
    if not data:
        data.append([para("No contacts are recorded.", st["who"]), ""])
    left_w = width * 0.56
    return Table(data, colWidths=[left_w, width - left_w], style=TableStyle(commands), hAlign="LEFT")


def _split_groups(groups: Sequence[CardGroup]) -> tuple[list[CardGroup], list[CardGroup]]:
    """Two columns of about equal length, groups kept whole and in order."""
    weights = [1 + len(g.contacts) for g in groups]
    total = sum(weights)
    running, cut = 0, len(groups)
    for i, w in enumerate(weights):
        if running + w / 2 > total / 2:
            cut = i
            break
        running += w
    cut = max(1, cut) if len(groups) > 1 else len(groups)
    return list(groups[:cut]), list(groups[cut:])


def contacts_card_story(data: ContactsCardData, meta: DocumentMeta, variant: str) -> list[Flowable]:
    width = content_width(meta)
    height = meta.page_size[1] - (_HEADER_H + 2 * mm) - (_FOOTER_H + 1 * mm) - 14  # frame paddings
    st = _styles(1.0)
    intro: list[Flowable] = [para(TITLE, st["title"])]
    if data.emergency_line:
        intro.append(para(data.emergency_line, st["emergency"]))
    foot = para(
        "Numbers as recorded"
        + (f"; oldest last checked {show_date(data.last_verified)}" if data.last_verified else "")
        + ". This card holds no case information.",
        st["detail"],
    )
    if variant == "fold":
        gutter = 12 * mm
        col_w = (width - gutter) / 2
        left, right = _split_groups(data.groups)
        body = Table(
            [[[*intro, _group_table(left, col_w - 4, st)], [_group_table(right, col_w - 4, st), foot]]],
            colWidths=[col_w + gutter / 2, col_w + gutter / 2],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), gutter / 2),
                    ("LEFTPADDING", (1, 0), (1, 0), gutter / 2),
                    # the fold line between the two A5 panels
                    ("LINEAFTER", (0, 0), (0, 0), 0.5, MUTED_COLOUR, None, (3, 3)),
                ]
            ),
        )
        content: list[Flowable] = [body]
    else:
        content = [*intro, _group_table(data.groups, width, st), foot]
    return [KeepInFrame(width, height, content, mode="shrink", hAlign="LEFT", vAlign="TOP")]


def build_contacts_card(
    data: ContactsCardData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL",
    demo: bool = False,
    variant: str = "a4",
) -> bytes:
    if variant not in VARIANTS:
        raise ValueError(f"unknown contacts card variant {variant!r}")
    meta = DocumentMeta(
        title=TITLE,
        organisation=organisation,
        generated_at=generated_at,
        marking=marking,
        demo=demo,
        landscape=variant == "fold",
    )
    return build_pdf(meta, contacts_card_story(data, meta, variant))
