"""The organisation profile: every fact of the organisation's Prevent policy as editable, validated data.

The default profile ships as ``prevent_desktop/resources/profiles/mkc-training.toml``. It holds the policy metadata, the
section-4 duties, the key contacts (grouped as the policy groups them), the routing data used by
:mod:`prevent_desktop.domain.routing`, the national referral form (versioned), the Annex A action plan and the
associated-policy register, the concern categories (type of concern) and the annual summary's reporting year.

The modules of this package, by concern:

- ``organisation``, ``contacts``, ``routing``, ``referral_form``, ``action_plan``, ``categories``, ``model``: one
  frozen pydantic dataclass per section (unknown keys refused, values never coerced), each field with its rule from
  ``fields`` (ids, dates, non-empty texts, vocabularies; phone numbers and emails by the contact editor's own rules);
- ``checks``: what looks across fields and sections (unique ids, references between sections, form consistency);
- ``loading``: TOML text or the vault's JSON form -> :class:`Profile`, pydantic's errors put into words;
- ``errors`` and ``toml_lines``: each problem by path (``contacts[3].phones[0].number``) and, for TOML text, the
  line where that path is written.

Loading is strict and raises :class:`ProfileError` only. No Qt and no I/O other than reading the profile file.
"""

from __future__ import annotations

from prevent_desktop.domain.dates import is_profile_date, parse_profile_date
from prevent_desktop.domain.profile.action_plan import (
    ACTION_PLAN_WHEN_KEYWORDS,
    POLICY_GROUPS,
    RAG_VALUES,
    ActionPlan,
    ActionPlanColumns,
    ActionPlanRow,
    AssociatedPolicy,
)
from prevent_desktop.domain.profile.categories import (
    MAX_CATEGORY_LABEL,
    AnnualSummarySettings,
    ConcernCategories,
    ConcernCategory,
)
from prevent_desktop.domain.profile.contacts import Contact, ContactGroup, Phone
from prevent_desktop.domain.profile.errors import Problem, ProfileError
from prevent_desktop.domain.profile.loading import (
    DEFAULT_PROFILE_NAME,
    default_profile_path,
    load_profile,
    load_profile_text,
    profile_from_dict,
    profile_to_dict,
)
from prevent_desktop.domain.profile.model import SCHEMA_VERSION, Profile
from prevent_desktop.domain.profile.organisation import Duty, Organisation, Policy, PolicyChange
from prevent_desktop.domain.profile.referral_form import FIELD_KINDS, FormField, FormPoint, FormSection, ReferralForm
from prevent_desktop.domain.profile.routing import (
    Party,
    RoleOption,
    Routing,
    RoutingAlways,
    RoutingRule,
    Situation,
    named_parties,
)

__all__ = [
    "ACTION_PLAN_WHEN_KEYWORDS",
    "DEFAULT_PROFILE_NAME",
    "FIELD_KINDS",
    "MAX_CATEGORY_LABEL",
    "POLICY_GROUPS",
    "RAG_VALUES",
    "SCHEMA_VERSION",
    "ActionPlan",
    "ActionPlanColumns",
    "ActionPlanRow",
    "AnnualSummarySettings",
    "AssociatedPolicy",
    "ConcernCategories",
    "ConcernCategory",
    "Contact",
    "ContactGroup",
    "Duty",
    "FormField",
    "FormPoint",
    "FormSection",
    "Organisation",
    "Party",
    "Phone",
    "Policy",
    "PolicyChange",
    "Problem",
    "Profile",
    "ProfileError",
    "ReferralForm",
    "RoleOption",
    "Routing",
    "RoutingAlways",
    "RoutingRule",
    "Situation",
    "default_profile_path",
    "is_profile_date",
    "load_profile",
    "load_profile_text",
    "named_parties",
    "parse_profile_date",
    "profile_from_dict",
    "profile_to_dict",
]
