"""Routing over the vault's contacts: the organisation profile as this vault holds it now (live contacts, retired
ones out of every routing list) and "Who do I call for…". One routing implementation (``domain/routing.py``)
serves this page and the referral wizard."""

from __future__ import annotations

import dataclasses
from typing import Any

from prevent_desktop.domain.contact_records import ContactRow, WhoToCall
from prevent_desktop.domain.profile import Profile, Situation, profile_from_dict
from prevent_desktop.domain.routing import route_situation
from prevent_desktop.services.contacts.directory import directory
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts as store
from prevent_desktop.storage import profile_store


def _profile_contact(c: ContactRow) -> dict[str, Any]:
    """A contact as the profile loader reads it (the profile's own Contact type is built from this)."""
    return {
        "id": c.id,
        "group": c.group_id,
        "role": c.role,
        "name": c.name,
        "organisation": c.organisation,
        "phones": [{"label": label, "number": number} for label, number in c.phones],
        "emails": list(c.emails),
        "web": c.web,
        "when_to_use": c.when_to_use,
        "notes": c.notes,
        "out_of_hours": c.out_of_hours,
        "public_line": c.public_line,
        "last_verified": c.last_verified,
    }


def vault_profile(session: Session) -> Profile:
    """The organisation profile as this vault holds it now: the stored routing, organisation, policy, duties and
    referral form, with the contacts and groups from the contacts tables (so edits apply). Retired contacts are
    taken out of every routing list, so :func:`route_situation` and :func:`route_concern` never offer them.

    The action plan and associated policies are not part of it (they live in their own tables; routing does not
    use them).

    Built once per session and kept while the profile's revision holds (``profile_store.revision``: triggers move
    it on with any change to the profile documents, groups or contacts, from any connection), so an autosave or a
    routing lookup does not rebuild and revalidate the whole profile. The profile is frozen, so sharing it is
    safe. Nothing built inside an open transaction is kept: a rollback would give its revision number back.
    """
    revision = profile_store.revision(session.conn)
    kept = session.derived.get("vault_profile")
    if kept is not None and kept[0] == revision:
        return kept[1]  # type: ignore[no-any-return]
    profile = _build_vault_profile(session)
    if not session.conn.in_transaction:
        session.derived["vault_profile"] = (revision, profile)
    return profile


def _build_vault_profile(session: Session) -> Profile:
    conn = session.conn
    all_contacts = store.list_contacts(conn, include_retired=True)
    org = profile_store.organisation(conn)
    data: dict[str, Any] = {
        "schema": profile_store.get(conn, "schema", 1),
        "organisation": org,
        "policy": profile_store.get(conn, "policy"),
        "duties": profile_store.get(conn, "duties", []),
        "routing": profile_store.get(conn, "routing"),
        "referral_form": profile_store.get(conn, "referral_form"),
        "contact_groups": [{"id": g.id, "title": g.title} for g in store.list_groups(conn)],
        "contacts": [_profile_contact(c) for c in all_contacts],
        "action_plan": {
            "organisation": str(org.get("name", "")) or "-",
            "safeguarding_contact": "",
            "date_last_updated": "",
            "date_actions_to_be_reviewed": "",
            "next_review_due": "",
            "rows": [],
        },
        "associated_policies": [],
    }
    profile = profile_from_dict(data, "the vault's profile")
    retired = {c.id for c in all_contacts if c.retired}
    if not retired:
        return profile

    def keep(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(i for i in ids if i not in retired)

    routing = profile.routing
    routing = dataclasses.replace(
        routing,
        situations=tuple(
            dataclasses.replace(s, contacts=keep(s.contacts), out_of_hours_contacts=keep(s.out_of_hours_contacts))
            for s in routing.situations
        ),
        rules=tuple(dataclasses.replace(r, contacts=keep(r.contacts)) for r in routing.rules),
        always=dataclasses.replace(routing.always, contacts=keep(routing.always.contacts)),
        parties=tuple(dataclasses.replace(p, contacts=keep(p.contacts)) for p in routing.parties),
    )
    return dataclasses.replace(
        profile, routing=routing, contacts=tuple(c for c in profile.contacts if c.id not in retired)
    )


def situations(session: Session) -> list[Situation]:
    return list(vault_profile(session).routing.situations)


def who_to_call(session: Session, situation_id: str, *, out_of_hours: bool = False) -> WhoToCall:
    profile = vault_profile(session)
    route = route_situation(profile, situation_id, out_of_hours=out_of_hours)
    situation = next(s for s in profile.routing.situations if s.id == situation_id)
    by_id = {c.id: c for c in directory(session)}
    return WhoToCall(situation, out_of_hours, route, [by_id[c.id] for c in route.contacts if c.id in by_id])
