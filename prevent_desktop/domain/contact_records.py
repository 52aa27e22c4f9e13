"""Contact records, one shape each for every layer: storage maps its rows to them, services return them, the GUI
and the CLI show them.

* ``ContactDraft``: a contact's own fields, as the editor or an import row gives them (validated by
  :func:`prevent_desktop.domain.contacts.validate`, which returns the same type, normalised, with ``phones_e164``).
* ``ContactRow``: a stored contact: its fields plus id, group title, retired date and bookkeeping. A row *is* a
  draft, so an edit starts from the row itself (``dataclasses.replace``) with no copying.
* ``ContactGroupRow``, ``HistoryRow``: a contact group; one field's change in a contact's history.
* ``ImportRow`` / ``ImportPreview``: a row of an import file (CSV row or vCard), and what importing would do.
* ``WhoToCall``: the answer to "Who do I call for…".

Plain frozen dataclasses, no I/O.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the profile's field rules use this module's records: no import cycle at run time
    from prevent_desktop.domain.profile import Situation
    from prevent_desktop.domain.routing import RouteResult

# The fields whose changes are kept in contact_history, in the order the history shows them.
TRACKED_FIELDS = (
    "group_id",
    "name",
    "role",
    "organisation",
    "phones",
    "emails",
    "web",
    "when_to_use",
    "notes",
    "out_of_hours",
    "public_line",
    "last_verified",
    "retired_at",
)


@dataclass(frozen=True)
class ContactDraft:
    """What a user (or an imported row) wants a contact to be; validation returns it normalised."""

    group_id: str
    role: str
    name: str = ""
    organisation: str = ""
    phones: tuple[tuple[str, str], ...] = ()  # (label, number as typed)
    emails: tuple[str, ...] = ()
    web: str = ""
    when_to_use: str = ""
    notes: str = ""
    out_of_hours: bool = False
    public_line: bool = False
    last_verified: str = ""
    # One per phone, same order, filled in by validation; "" if it could not be normalised.
    phones_e164: tuple[str, ...] = ()


_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(ContactDraft))


@dataclass(frozen=True)
class ContactRow(ContactDraft):
    id: str = ""  # "" only in an import row that will be given a new id
    group_title: str = ""
    retired_at: str | None = None
    position: int = 0
    updated_at: str = ""
    updated_by: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.role

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @classmethod
    def from_draft(
        cls, draft: ContactDraft, *, id: str, retired_at: str | None, position: int = 0
    ) -> ContactRow:
        """The row a draft becomes under ``id`` (only the draft's own fields are taken)."""
        return cls(id=id, retired_at=retired_at, position=position,
                   **{name: getattr(draft, name) for name in _DRAFT_FIELDS})


def history_values(c: ContactRow) -> dict[str, str]:
    """Each tracked field as the text the history keeps (phones as "Label: number" lines)."""
    return {
        "group_id": c.group_id,
        "name": c.name,
        "role": c.role,
        "organisation": c.organisation,
        "phones": "\n".join(f"{lb}: {n}" if lb else n for lb, n in c.phones),
        "emails": "\n".join(c.emails),
        "web": c.web,
        "when_to_use": c.when_to_use,
        "notes": c.notes,
        "out_of_hours": "yes" if c.out_of_hours else "no",
        "public_line": "yes" if c.public_line else "no",
        "last_verified": c.last_verified,
        "retired_at": c.retired_at or "",
    }


def changed_fields(old: ContactRow, new: ContactRow) -> list[str]:
    """The tracked fields that differ, in history order."""
    before, after = history_values(old), history_values(new)
    return [name for name in TRACKED_FIELDS if before[name] != after[name]]


@dataclass(frozen=True)
class ContactGroupRow:
    id: str
    title: str
    position: int


@dataclass(frozen=True)
class HistoryRow:
    id: int
    contact_id: str
    changed_at: str
    changed_by: str
    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class ImportRow:
    row: int  # the spreadsheet row (header = 1) or the card's number (first = 1)
    contact: ContactRow  # id "" = a new contact, id to be made
    kind: str = "Row"  # "Row" (CSV) or "Card" (vCard), for messages


@dataclass(frozen=True)
class ImportPreview:
    added: list[str] = field(default_factory=list)  # contact ids (new ones as they will be made)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed field names
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # kept as they are (an import never deletes)

    @property
    def summary(self) -> str:
        return f"{len(self.added)} to add, {len(self.changed)} to change, {len(self.unchanged)} unchanged" + (
            f"; {len(self.not_in_file)} in the vault but not in the file (kept)" if self.not_in_file else ""
        )


@dataclass(frozen=True)
class WhoToCall:
    situation: Situation
    out_of_hours: bool
    route: RouteResult
    contacts: list[ContactRow]  # in the routing's order, from the vault (current numbers)
