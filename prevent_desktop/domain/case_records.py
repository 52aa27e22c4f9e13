"""Case records, one shape each for every layer: storage maps its rows to them, services return them, the GUI and
the CLI show them.

* ``CaseRow`` / ``CaseFilter``: one line of the case list, and what the list is filtered by.
* ``CasePage`` / ``SearchCursor``: one page of the list or of search results, and where the next one starts.
* ``PersonRecord`` / ``CaseRecord``: a person and a case as stored (the referral draft's answers decoded).
* ``ChronologyEntry``, ``Decision``, ``Outcome``, ``Review``, ``Attachment``: what happened on a case.
* ``ConcernInput`` / ``PersonMatch``: a concern as typed, and a person it may be about.
* ``CaseDetail`` (with ``PersonInfo``, ``Referrer``, ``FormAnswer``, ``PointAnswer``) and ``PersonHistory``: the
  whole case (or a person's cases) for the case view, ``cases show`` and the PDFs.
* ``ReviewDue`` / ``ReferralAwaiting`` / ``CaseWaiting``: what Home reminds the DSO of.
* ``CaseOverview`` (with ``DocumentLine``, ``OtherCase``): the case page's read model.
* ``ReferralDraft``: the referral wizard's model (answers and points as typed, with the problems to fix).

Plain frozen dataclasses, no I/O. Labels and the "back-dated" flag are derived here (one home for each), so a
repository only passes columns in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prevent_desktop.domain.case_status import CaseState, NextStep
from prevent_desktop.domain.cases import DECISIONS, OUTCOMES, FieldProblem, Gap
from prevent_desktop.domain.profile import Contact
from prevent_desktop.domain.routing import RouteResult


@dataclass(frozen=True)
class CaseRow:
    id: int
    ref: str
    person: str
    role: str
    status: str
    opened_at: str
    next_review: str = ""
    category: str = ""  # concern category id, "" not recorded


@dataclass(frozen=True)
class CaseFilter:
    query: str = ""
    status: str = ""
    role: str = ""
    overdue_review: bool = False
    date_from: str = ""
    date_to: str = ""
    today: str = ""  # ISO date used by overdue_review
    person_id: int | None = None
    category: str | None = None  # a concern category id; "" = not recorded yet; None = any


@dataclass(frozen=True, eq=False)
class SearchCursor:
    """Where the next page of search results starts: the search index position read up to, and the cases already
    listed (a case is listed once, where its newest matching text is). Used once: reading the next page adds the
    cases it lists to ``shown`` and hands on a new cursor."""

    position: int
    shown: set[int]


@dataclass(frozen=True)
class CasePage:
    """One page of the case list (or of search results) and where the next page starts: the last row's
    ``(opened_at, id)`` for the list, a ``SearchCursor`` for a search, None when this was the last page."""

    rows: tuple[CaseRow, ...]
    next: tuple[str, int] | SearchCursor | None


@dataclass(frozen=True)
class PersonRecord:
    id: int
    forenames: str
    surname: str
    dob: str  # ISO date or "" (unknown)
    role: str
    name_key: str


@dataclass(frozen=True)
class CaseRecord:
    id: int
    ref: str
    person_id: int
    status: str
    opened_at: str  # the date of concern
    summary: str
    concern_text: str
    raised_by_role: str
    raiser_name: str
    immediate_danger: bool
    form_version: str
    answers: dict[str, Any]  # the referral draft's answers by field id
    points: dict[str, str]  # Annex B2 point answers by point number
    ready_reason: str
    ready_at: str
    exit_date: str
    closed_at: str
    version: int
    category: str = ""  # concern category id (``domain.categories``); "" not recorded


def is_backdated(occurred: str, recorded: str) -> bool:
    """An entry that happened on an earlier day than it was recorded: both dates are shown."""
    return occurred[:10] < recorded[:10]


@dataclass(frozen=True)
class ChronologyEntry:
    id: int
    occurred_at: str
    recorded_at: str
    author: str
    kind: str
    text: str
    amends_id: int | None
    backdated: bool = field(init=False)
    addenda: tuple[ChronologyEntry, ...] = ()
    event: str = ""  # the status event it records ("decision:nfa", "reopened"; domain/case_status.py), or ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "backdated", is_backdated(self.occurred_at, self.recorded_at))


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    label: str = field(init=False)
    reason: str
    decided_on: str
    decided_by: str
    recorded_at: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", DECISIONS.get(self.kind, self.kind))


@dataclass(frozen=True)
class Outcome:
    id: int
    kind: str
    label: str = field(init=False)
    outcome_on: str
    notes: str
    recorded_by: str
    recorded_at: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", OUTCOMES.get(self.kind, self.kind))


@dataclass(frozen=True)
class Review:
    id: int
    label: str
    due_on: str
    done_on: str
    notes: str
    done_by: str


@dataclass(frozen=True)
class Attachment:
    """A file kept with a case (its bytes are read separately, when it is viewed)."""

    id: int
    case_id: int
    entry_id: int  # the chronology entry that records it
    filename: str
    mime: str
    size: int
    sha256: str
    note: str
    added_at: str
    added_by: str


@dataclass(frozen=True)
class ConcernInput:
    forenames: str
    surname: str
    dob: str  # as typed: "" / DD/MM/YYYY / YYYY-MM-DD
    subject_role: str
    raised_by_role: str
    raiser_name: str
    concern_date: str
    what_happened: str
    immediate_danger: bool = False
    link_person_id: int | None = None
    category: str = ""  # concern category id, "" not recorded yet (``domain.categories``)


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    name: str
    dob: str
    role: str
    why: str  # "same name and date of birth" / "similar name"
    case_refs: tuple[str, ...]


@dataclass(frozen=True)
class PersonInfo:
    id: int
    forenames: str
    surname: str
    dob: str
    role: str
    role_label: str
    age_at_concern: int | None
    under_18: bool


@dataclass(frozen=True)
class Referrer:
    name: str
    role: str
    role_label: str
    answers: dict[str, str]  # the referrer section's answers (NRF section 5)


@dataclass(frozen=True)
class FormAnswer:
    section_id: str
    section_title: str
    nrf_section: str
    field_id: str
    label: str
    kind: str
    value: Any  # str, or {"answer": "yes"|"no", "text": str} for yes/no questions
    text: str  # the value as one line


@dataclass(frozen=True)
class PointAnswer:
    no: int
    text: str  # the point's question
    answer: str
    # For a point that takes its answer from a field of the form: where that question is asked
    # ("section 3, Complex needs: Complex needs"); "" for a point answered on its own.
    answered_as: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: int
    ref: str
    status: str
    status_label: str
    version: int
    opened_at: str
    summary: str
    concern_text: str
    immediate_danger: bool
    person: PersonInfo
    referrer: Referrer
    form_version: str
    answers: dict[str, Any]  # raw answers by field id
    form_answers: tuple[FormAnswer, ...]  # the applicable fields in form order
    points: tuple[PointAnswer, ...]  # the applicable Annex B2 points
    gaps: tuple[Gap, ...]
    ready_reason: str  # printed as the "Not provided" reason for each gap
    ready_at: str
    routing: RouteResult | None
    decisions: tuple[Decision, ...]
    outcomes: tuple[Outcome, ...]
    reviews: tuple[Review, ...]
    chronology: tuple[ChronologyEntry, ...]  # top-level entries, each with its addenda
    contacts_used: tuple[Contact, ...]
    exit_date: str
    closed_at: str
    read_only: bool
    other_cases: tuple[str, ...] = field(default_factory=tuple)  # refs of the person's other cases
    attachments: tuple[Attachment, ...] = ()  # files kept with the case (listed, never embedded, in documents)
    category: str = ""  # concern category id, "" not recorded
    category_label: str = ""  # the words shown for it (``domain.categories.category_label``)


@dataclass(frozen=True)
class DocumentLine:
    """One line of the case page's documents: a file attached, or a document exported, printed or saved out (as
    the chronology records it)."""

    kind: str  # "File", "Export", "Print", "Saved out"
    title: str  # "statement.pdf (1.2 MB)", "Referral pack exported (encrypted)."
    when: str  # ISO timestamp it was recorded
    by: str
    note: str = ""
    attachment_id: int | None = None  # a file that can be viewed
    mime: str = ""


@dataclass(frozen=True)
class OtherCase:
    """Another case about the same person (the case page's History)."""

    id: int
    ref: str
    opened_at: str
    status_label: str
    summary: str
    steps: tuple[str, ...]  # "Decision 3 Mar 2026: Referred to Channel", "Outcome …"


@dataclass(frozen=True)
class CaseOverview:
    """What the case page shows: the case, where it stands by the status rule, the next step, its documents and
    the person's other cases."""

    detail: CaseDetail
    state: CaseState
    next_step: NextStep
    documents: tuple[DocumentLine, ...]
    history: tuple[OtherCase, ...]  # every case about the person, oldest first, this one included


@dataclass(frozen=True)
class PersonHistory:
    person: PersonInfo
    cases: tuple[CaseDetail, ...]  # oldest first


@dataclass(frozen=True)
class ReviewDue:
    case_id: int
    ref: str
    label: str
    due_on: str


@dataclass(frozen=True)
class CaseWaiting:
    """A case waiting at a status for the DSO's next step (Home: no decision yet, draft not finished, ready)."""

    case_id: int
    ref: str
    opened_at: str
    ready_at: str = ""


@dataclass(frozen=True)
class ReferralAwaiting:
    case_id: int
    ref: str
    decided_on: str  # the last referral decision, with no outcome since


@dataclass(frozen=True)
class ReferralDraft:
    """The referral as typed so far: what the wizard loads and what each save returns. ``problems``: answers kept
    as typed that must be fixed before the referral can be marked ready (an impossible date, a text too long)."""

    case_id: int
    version: int
    answers: dict[str, Any]  # by field id; a date is ISO when valid, else exactly as typed
    points: dict[str, str]  # Annex B2 point answers by point number
    problems: tuple[FieldProblem, ...]
    read_only: bool
    immediate_danger: bool = False  # the answer to "Is anyone in immediate danger right now?" (asked once)
    prefilled: tuple[str, ...] = ()  # fields filled from the DSO's profile at this load, not saved yet
