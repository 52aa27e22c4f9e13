"""The national referral form (versioned): its sections and fields, and the Annex B2 points."""

from __future__ import annotations

from typing import Annotated

from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.fields import MODEL_CONFIG, Flag, Id, NonEmptyText, Text, Whole, one_of

# The kinds of answer a form field takes (a vocabulary of the profile format, not a policy fact).
FIELD_KINDS = frozenset({"text", "longtext", "date", "int", "yesno_text", "choice"})


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormField:
    id: Id
    label: NonEmptyText
    kind: Annotated[Text, one_of(FIELD_KINDS, ", ".join(sorted(FIELD_KINDS)))]
    required: Flag = False
    under18_only: Flag = False
    soldier_only: Flag = False
    choices: tuple[Text, ...] = ()  # a choice field has some, every other kind none: see checks
    help: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormSection:
    id: Id
    title: NonEmptyText
    help: Text = ""
    nrf_section: Text = ""
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormPoint:
    no: Whole  # numbered 1, 2, 3... in order: see checks
    text: NonEmptyText
    under18_only: Flag = False


@dataclass(frozen=True, config=MODEL_CONFIG)
class ReferralForm:
    version: NonEmptyText
    sections: tuple[FormSection, ...]
    points: tuple[FormPoint, ...]
    marking: Text = ""
    emergency_warning: Text = ""
    note: Text = ""
