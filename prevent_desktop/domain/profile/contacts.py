"""The key contacts, grouped as the policy groups them.

A contact is held to the contact editor's rules (:mod:`prevent_desktop.domain.contacts`): each number and
address field by field, then the whole contact as the editor would check it, so a contact seeded from the
profile can always be saved again after an edit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import model_validator
from pydantic.dataclasses import dataclass

from prevent_desktop.domain import contacts as contact_rules
from prevent_desktop.domain.profile.fields import (
    MODEL_CONFIG,
    ContactId,
    Email,
    Flag,
    Id,
    NonEmptyText,
    OnlineRoute,
    OptionalDate,
    PhoneNumber,
    Text,
    problem,
)
from prevent_desktop.errors import ValidationError

if TYPE_CHECKING:
    from prevent_desktop.domain.contact_records import ContactDraft


@dataclass(frozen=True, config=MODEL_CONFIG)
class ContactGroup:
    id: Id
    title: NonEmptyText
    description: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class Phone:
    label: Text
    number: PhoneNumber


@dataclass(frozen=True, config=MODEL_CONFIG)
class Contact:
    id: ContactId
    group: Text  # a contact group's id (checked against the groups with the other references)
    role: NonEmptyText
    name: Text = ""
    organisation: Text = ""
    phones: tuple[Phone, ...] = ()  # none at all is valid: an online route, or a role the policy gives no number
    emails: tuple[Email, ...] = ()
    web: OnlineRoute = ""
    when_to_use: Text = ""
    notes: Text = ""
    out_of_hours: Flag = False
    public_line: Flag = False
    last_verified: OptionalDate = ""

    @property
    def display_name(self) -> str:
        """The person's name, or the role where the policy names only a role."""
        return self.name or self.role

    def draft(self) -> ContactDraft:
        """This contact as the contact editor would be given it."""
        from prevent_desktop.domain.contact_records import ContactDraft  # contact_records imports the profile

        return ContactDraft(
            group_id=self.group,
            role=self.role,
            name=self.name,
            organisation=self.organisation,
            phones=tuple((p.label, p.number) for p in self.phones),
            emails=self.emails,
            web=self.web,
            when_to_use=self.when_to_use,
            notes=self.notes,
            out_of_hours=self.out_of_hours,
            public_line=self.public_line,
            last_verified=self.last_verified,
        )

    @model_validator(mode="after")
    def _editor_accepts_it(self) -> Contact:
        reason = _editor_refusal(self.draft())
        if reason:
            raise problem(f"the contact editor would refuse this contact: {reason}")
        return self


@lru_cache(maxsize=4096)
def _editor_refusal(draft: ContactDraft) -> str:
    """"" if the contact editor accepts ``draft`` as it is, else why not (cached: pure, and the vault's profile is
    rebuilt with the same contacts on every autosave)."""
    try:
        contact_rules.validate(draft, (draft.group_id,))
    except ValidationError as exc:
        return str(exc)
    return ""
