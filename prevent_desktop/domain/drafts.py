"""Unsaved work: what an editor holds before it is saved, kept in the vault (the ``drafts`` table) as it is typed.

A draft names its editor (``kind``, one of :data:`DRAFT_KINDS`), the case it belongs to (if any), the ids the
editor needs to reopen (``context``: a chronology entry, a review, a contact, an action-plan row) and the values
typed, by field name. The vault encrypts it like every record; audit entries about drafts carry ids only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Every editor that keeps a draft, with the words the resume list shows for it: the one list.
DRAFT_KINDS: dict[str, str] = {
    "concern": "A new concern (Log a concern)",
    "referral": "Referral answers not yet saved to the case",
    "case.note": "A note on a case",
    "case.addendum": "An addendum (a correction)",
    "case.decision": "A decision",
    "case.outcome": "An outcome",
    "case.review": "A review of a case",
    "case.close": "Closing a case",
    "case.reopen": "Reopening a case",
    "case.attachment": "A file to attach to a case",
    "contact": "A contact",
    "plan.evidence_note": "An evidence note (action plan)",
    "plan.evidence_remove": "Why evidence is removed (action plan)",
    "plan.rag_reason": "Why a RAG rating changes (action plan)",
    "plan.retire": "Why a row is retired (action plan)",
    "plan.review": "A review of the action plan",
}


def draft_label(kind: str) -> str:
    return DRAFT_KINDS.get(kind) or kind.replace(".", " ").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Draft:
    id: int
    kind: str
    case_id: int | None  # the case it belongs to (purging the case deletes it)
    context: dict[str, Any]  # ids the editor needs to reopen: entry_id, review_id, contact_id, row_id …
    values: dict[str, Any]  # what was typed, by field name
    created_at: str
    updated_at: str  # when it was last typed (ISO, with the offset)


@dataclass(frozen=True)
class DraftSummary:
    """One line of the resume list: what it is, which case / contact / row it is about, when last typed."""

    draft: Draft
    what: str
    about: str

    @property
    def last_typed(self) -> str:
        return self.draft.updated_at
