"""The national referral form (versioned): its sections and fields, and the Annex B2 points.

Each section carries its number on the national form (``nrf_section``, "1".."7"; "" for a section the
organisation adds that the national form does not have). That number is the form's order: a loaded profile holds
its sections in it (:meth:`ReferralForm.in_form_order`), so the wizard, the case page and the referral pack all
follow the national form, whatever order a file or an older vault lists them in.

A question the national form and Annex B2 both ask is asked once: the point names the field it takes its answer
from (``FormPoint.answer_from``), so the wizard asks the field, says where the answer is used, and the pack prints
it in both places (``domain.cases.point_text``). Which questions are shared is data, like the rest of the form.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from pydantic import AfterValidator
from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.fields import (
    MODEL_CONFIG,
    Flag,
    Id,
    NonEmptyText,
    OptionalId,
    Text,
    Whole,
    one_of,
    problem,
)

# The kinds of answer a form field takes (a vocabulary of the profile format, not a policy fact).
FIELD_KINDS = frozenset({"text", "longtext", "date", "int", "yesno_text", "choice"})


def _section_number(value: str) -> str:
    if value and not (value.isascii() and value.isdigit()):
        raise problem(f"{value!r} is not a section number of the national form (a whole number, or \"\" for none)")
    return value


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormField:
    id: Id
    label: NonEmptyText
    kind: Annotated[Text, one_of(FIELD_KINDS, ", ".join(sorted(FIELD_KINDS)))]
    required: Flag = False
    under18_only: Flag = False
    soldier_only: Flag = False
    # Applies only while the named field has no answer (e.g. an approximate age when the date of birth is unknown).
    applies_if_blank: OptionalId = ""
    # Applies only when the named yes/no field is answered yes (e.g. the date of a parallel MASH referral).
    applies_if_yes: OptionalId = ""
    choices: tuple[Text, ...] = ()  # a choice field has some, every other kind none: see checks
    help: Text = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormSection:
    id: Id
    title: NonEmptyText
    help: Text = ""
    nrf_section: Annotated[Text, AfterValidator(_section_number)] = ""
    fields: tuple[FormField, ...] = ()

    @property
    def form_position(self) -> int:
        """Where the section sits on the national form; a section the form does not have comes after them all."""
        return int(self.nrf_section) if self.nrf_section else 1_000


@dataclass(frozen=True, config=MODEL_CONFIG)
class FormPoint:
    no: Whole  # numbered 1, 2, 3... in order: see checks
    text: NonEmptyText
    under18_only: Flag = False
    # The field of the form whose answer is this point's answer too (the question is asked once, as that field).
    answer_from: OptionalId = ""


@dataclass(frozen=True, config=MODEL_CONFIG)
class ReferralForm:
    version: NonEmptyText
    sections: tuple[FormSection, ...]
    points: tuple[FormPoint, ...]
    marking: Text = ""
    emergency_warning: Text = ""
    note: Text = ""

    def in_form_order(self) -> ReferralForm:
        """This form with its sections in the national form's order (stable: sections sharing a number keep the
        order they are listed in); ``self`` when they already are."""
        ordered = tuple(sorted(self.sections, key=lambda s: s.form_position))
        return self if ordered == self.sections else dataclasses.replace(self, sections=ordered)

    def find_field(self, field_id: str) -> tuple[FormSection, FormField] | None:
        """The section holding the field ``field_id``, and the field; None when the form has no such field."""
        for section in self.sections:
            for f in section.fields:
                if f.id == field_id:
                    return section, f
        return None

    def points_answered_by(self, field_id: str) -> tuple[FormPoint, ...]:
        """The Annex B2 points that take their answer from the field ``field_id``."""
        return tuple(p for p in self.points if p.answer_from == field_id)
