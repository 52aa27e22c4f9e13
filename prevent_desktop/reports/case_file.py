"""The case file: the whole chronology of one person across all their cases (e.g. for a transfer to another
setting). Plain typed data in (``CaseFileData``), PDF bytes out.

Mapping guide: one ``CaseSummary`` per case of the person (oldest first), each with its chronology entries in
order (``ChronologyEntry`` from ``reports.parts``: id, occurred, recorded, author, kind, text, amends_id; ISO
strings for dates) and the files kept with it (``AttachedFile``: listed, never embedded). ``person_lines`` are
the front-sheet facts as (label, value) pairs; a blank value prints as "Not provided".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable, PageBreak

from prevent_desktop.reports.flowables import para
from prevent_desktop.reports.page import DocumentMeta, build_pdf, content_width
from prevent_desktop.reports.parts import (
    ChronologyEntry,
    chronology_table,
    gap,
    key_values,
    show,
    show_date,
)
from prevent_desktop.reports.styles import default_styles

__all__ = ["AttachedFile", "CaseFileData", "CaseSummary", "ChronologyEntry", "build_case_file", "case_file_story"]

TITLE = "Prevent case file"


@dataclass(frozen=True, slots=True)
class AttachedFile:
    """A file kept with the case in the vault: listed in the case file, never embedded in it."""

    name: str
    size: str  # "1.2 MB"
    added_on: str  # ISO
    added_by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class CaseSummary:
    reference: str
    status: str
    opened_on: str  # ISO
    closed_on: str = ""  # ISO or ""
    summary: str = ""
    chronology: tuple[ChronologyEntry, ...] = ()
    attachments: tuple[AttachedFile, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseFileData:
    person_reference: str  # e.g. "Person 12" — what the file is known by
    prepared_on: str  # ISO date
    prepared_by: str
    prepared_for: str
    person_lines: tuple[tuple[str, str], ...] = ()  # ("Name", "..."), ("Date of birth", "..."), ...
    cases: tuple[CaseSummary, ...] = ()
    transfer_note: str = ""


def case_file_story(data: CaseFileData, meta: DocumentMeta) -> list[Flowable]:
    st = default_styles()
    width = content_width(meta)
    story: list[Flowable] = [gap(12), para(TITLE, st.title)]
    rows = [
        ("Protective marking", meta.marking or "None", False),
        ("File reference", show(data.person_reference), not data.person_reference.strip()),
        ("Date", show_date(data.prepared_on), not data.prepared_on),
        ("Prepared by", show(data.prepared_by), not data.prepared_by.strip()),
        ("Prepared for", show(data.prepared_for), not data.prepared_for.strip()),
        ("Organisation", meta.organisation, False),
        ("Cases in this file", str(len(data.cases)), False),
        ("Chronology entries", str(sum(len(c.chronology) for c in data.cases)), False),
    ]
    rows += [(label, show(value), not value.strip()) for label, value in data.person_lines]
    story += [key_values(rows, width, label_ratio=0.3), gap(4)]
    if data.transfer_note:
        story += [para("Transfer note", st.h2), para(data.transfer_note, st.body)]
    story.append(
        para(
            "This file contains personal data. Send it securely, ask for confirmation of receipt, and keep a record "
            "of what was sent, when and to whom.",
            st.small,
        )
    )
    if data.cases:
        story.append(para("Cases", st.h1))
        from prevent_desktop.reports.flowables import table

        story.append(
            table(
                ["Reference", "Status", "Opened", "Closed", "Entries"],
                [
                    [c.reference, show(c.status), show_date(c.opened_on), show_date(c.closed_on) if c.closed_on
                     else "Open", str(len(c.chronology))]
                    for c in data.cases
                ],
                [width * 0.3, width * 0.2, width * 0.18, width * 0.18, width * 0.14],
            )
        )
    else:
        story.append(para("This person has no cases recorded.", st.body))
    for case in data.cases:
        story += [PageBreak(), para(f"Case {case.reference}", st.h1)]
        story.append(
            para(
                f"Status: {show(case.status)}. Opened {show_date(case.opened_on)}"
                + (f", closed {show_date(case.closed_on)}." if case.closed_on else "."),
                st.body,
            )
        )
        if case.summary.strip():
            story.append(para(case.summary, st.body))
        story += chronology_table(case.chronology, width, empty="This case's chronology has no entries.")
        if case.attachments:
            from prevent_desktop.reports.flowables import table

            story += [
                para("Files kept with this case", st.h2),
                para("Listed only: the files themselves are not in this document. They stay encrypted in the "
                     "sender's vault; ask for any you need, to be sent securely.", st.small),
                table(
                    ["File", "Size", "Attached", "By", "Note"],
                    [[a.name, a.size, show_date(a.added_on), a.added_by, a.note] for a in case.attachments],
                    [width * 0.3, width * 0.1, width * 0.14, width * 0.14, width * 0.32],
                ),
            ]
    return story


def build_case_file(
    data: CaseFileData,
    *,
    organisation: str,
    generated_at: datetime,
    marking: str = "OFFICIAL-SENSITIVE",
    demo: bool = False,
) -> bytes:
    # The file reference (e.g. "Person 7", never a name) is in every page header.
    title = f"{TITLE} — {data.person_reference}" if data.person_reference.strip() else TITLE
    meta = DocumentMeta(
        title=title, organisation=organisation, generated_at=generated_at, marking=marking, demo=demo
    )
    return build_pdf(meta, case_file_story(data, meta))
