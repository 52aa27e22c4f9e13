"""The whole profile: one frozen value built from its sections."""

from __future__ import annotations

from dataclasses import field

from pydantic.dataclasses import dataclass

from prevent_desktop.domain.profile.action_plan import ActionPlan, AssociatedPolicy
from prevent_desktop.domain.profile.categories import AnnualSummarySettings, ConcernCategories
from prevent_desktop.domain.profile.contacts import Contact, ContactGroup
from prevent_desktop.domain.profile.fields import MODEL_CONFIG, Whole
from prevent_desktop.domain.profile.organisation import Duty, Organisation, Policy
from prevent_desktop.domain.profile.referral_form import ReferralForm
from prevent_desktop.domain.profile.routing import Routing

SCHEMA_VERSION = 1


@dataclass(frozen=True, config=MODEL_CONFIG)
class Profile:
    organisation: Organisation
    policy: Policy
    duties: tuple[Duty, ...]
    contact_groups: tuple[ContactGroup, ...]
    contacts: tuple[Contact, ...]
    routing: Routing
    referral_form: ReferralForm
    action_plan: ActionPlan
    associated_policies: tuple[AssociatedPolicy, ...]
    schema: Whole = SCHEMA_VERSION
    # Optional sections (a profile written before they existed still loads; the vault then uses the defaults'):
    concern_categories: ConcernCategories = field(default_factory=ConcernCategories)
    annual_summary: AnnualSummarySettings = field(default_factory=AnnualSummarySettings)

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id; ``KeyError`` if there is none."""
        for c in self.contacts:
            if c.id == contact_id:
                return c
        raise KeyError(contact_id)

    def contacts_in_group(self, group_id: str) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.group == group_id)

    def duty(self, duty_id: str) -> Duty:
        for d in self.duties:
            if d.id == duty_id:
                return d
        raise KeyError(duty_id)
