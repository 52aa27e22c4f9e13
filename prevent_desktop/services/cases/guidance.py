"""What the vault's profile says for a case: who the concern can be about and who raised it, the routing, who to
call in immediate danger, and the referral form. One routing implementation: the contacts area's
:func:`~prevent_desktop.services.contacts.routing.vault_profile` (live contacts, retired ones out of every list)
feeds both "Who do I call for…" and the referral wizard."""

from __future__ import annotations

from prevent_desktop.domain.profile import Contact, ReferralForm
from prevent_desktop.domain.routing import RouteResult, UnknownRouteError, route_concern, route_situation
from prevent_desktop.services.contacts.routing import vault_profile
from prevent_desktop.services.session import Session


def referral_form(session: Session) -> ReferralForm:
    return vault_profile(session).referral_form


def emergency_contacts(session: Session) -> list[Contact]:
    """Who to call in immediate danger: the profile's "immediate-danger" situation (999), then the police
    numbers of its "police" situation (101, the anti-terrorist hotline)."""
    profile = vault_profile(session)
    found: dict[str, Contact] = {}
    for situation in ("immediate-danger", "police"):
        try:
            found.update((c.id, c) for c in route_situation(profile, situation).contacts if c.id not in found)
        except UnknownRouteError:
            continue
    if not found:
        return [c for c in profile.contacts if c.group == "emergency"]
    return [c for c in found.values() if c.phones]


def routing_for(session: Session, subject_role: str, raised_by_role: str, *, under_18: bool) -> RouteResult:
    return route_concern(vault_profile(session), subject_role, raised_by_role, under_18=under_18)


def subject_roles(session: Session) -> list[tuple[str, str]]:
    return [(r.id, r.label) for r in vault_profile(session).routing.subject_roles]


def raiser_roles(session: Session) -> list[tuple[str, str]]:
    return [(r.id, r.label) for r in vault_profile(session).routing.raiser_roles]


def contact_line(c: Contact) -> str:
    phones = "; ".join(f"{p.label}: {p.number}" if p.label else p.number for p in c.phones)
    who = c.display_name if not c.name or not c.role else f"{c.name} ({c.role})"
    extra = ", ".join(x for x in (phones, *c.emails) if x)
    if not extra and not c.web:  # a party the policy names with no number (Home asks for it)
        extra = "number not yet recorded — add it in Contacts"
    return f"{who}: {extra}" if extra else who
