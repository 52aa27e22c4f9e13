"""The organisation profile is built once per session and rebuilt exactly when what it is built from changes
(issue 11: every autosave rebuilt and revalidated it). Changes made through the real services, by another
connection, and changes rolled back are all seen; and every table the profile is read from moves the revision on."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from prevent_desktop.domain.contact_records import ContactDraft
from prevent_desktop.services.cases import guidance, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.contacts import editing as contact_editing
from prevent_desktop.services.contacts import routing as contact_routing
from prevent_desktop.services.contacts.directory import get_contact
from prevent_desktop.storage import profile_store
from prevent_desktop.storage.db import open_connection, transaction
from tests import factories


def _name(session: Any, contact_id: str) -> str:
    return next(c.name for c in contact_routing.vault_profile(session).contacts if c.id == contact_id)


def test_autosaves_reuse_one_profile_until_a_contact_changes(session: Any) -> None:
    case_id = factories.log_case(session)
    profile = contact_routing.vault_profile(session)
    version = case_queries.case_detail(session, case_id).version
    for n in range(3):
        version = referral_draft.save_draft(session, case_id, version, {"addresses": f"{n} Synthetic Road"}, {})
        assert contact_routing.vault_profile(session) is profile  # not rebuilt by an autosave
    assert guidance.referral_form(session) is profile.referral_form
    before = get_contact(session, "dpo")
    draft = ContactDraft(**{f.name: getattr(before, f.name) for f in dataclasses.fields(ContactDraft)})
    contact_editing.update_contact(session, "dpo", dataclasses.replace(draft, name="Dr Renamed Example"))
    assert _name(session, "dpo") == "Dr Renamed Example"
    rebuilt = contact_routing.vault_profile(session)
    assert rebuilt is not profile and contact_routing.vault_profile(session) is rebuilt
    contact_editing.retire_contact(session, "dpo")
    assert "dpo" not in {c.id for c in contact_routing.vault_profile(session).contacts}
    contact_editing.restore_contact(session, "dpo")
    assert "dpo" in {c.id for c in contact_routing.vault_profile(session).contacts}
    added = factories.make_contact(session, name="Sam Newcontact")
    assert _name(session, added.id) == "Sam Newcontact"


def test_a_change_made_by_another_connection_is_seen(session: Any) -> None:
    profile = contact_routing.vault_profile(session)
    other = open_connection(session.vault.paths.database, session.vault.key)  # as a vault job would
    try:
        with transaction(other):
            org = profile_store.organisation(other)
            profile_store.put(other, "organisation", {**org, "name": "Renamed Synthetic College"})
            other.execute("UPDATE contact_groups SET title = 'Renamed group' WHERE id = 'other-learners'")
    finally:
        other.close()
    fresh = contact_routing.vault_profile(session)
    assert fresh is not profile
    assert fresh.organisation.name == "Renamed Synthetic College"
    assert "Renamed group" in {g.title for g in fresh.contact_groups}


def test_a_profile_read_inside_a_rolled_back_change_is_not_kept(session: Any) -> None:
    contact_routing.vault_profile(session)
    try:
        with transaction(session.conn):
            session.conn.execute("UPDATE contacts SET name = 'Never Saved' WHERE id = 'dpo'")
            assert _name(session, "dpo") == "Never Saved"  # what the open transaction sees
            raise RuntimeError("the save fails")
    except RuntimeError:
        pass
    # The revision number the rolled-back change used comes round again with the next real change: a profile
    # kept from inside the rolled-back transaction would now pass for current.
    with transaction(session.conn):
        session.conn.execute("UPDATE contacts SET name = 'Saved Later' WHERE id = 'dpo'")
    assert _name(session, "dpo") == "Saved Later"
    with transaction(session.conn):
        session.conn.execute("UPDATE contacts SET name = 'Saved Again' WHERE id = 'dpo'")
    try:
        with transaction(session.conn):
            session.conn.execute("DELETE FROM contacts WHERE id = 'dpo'")
            raise RuntimeError("the save fails")
    except RuntimeError:
        pass
    assert _name(session, "dpo") == "Saved Again"


def test_every_table_the_profile_is_read_from_moves_the_revision_on(session: Any) -> None:
    read: list[str] = []
    session.derived.clear()
    session.conn.set_trace_callback(read.append)
    try:
        contact_routing.vault_profile(session)
    finally:
        session.conn.set_trace_callback(None)
    tables = {t for sql in read for t in re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", sql)} - {"profile_revision"}
    assert {"profile_doc", "contacts", "contact_groups"} <= tables
    triggers = {
        (str(r[0]), str(r[1]).split()[0].upper())
        for r in session.conn.execute(
            "SELECT tbl_name, substr(sql, instr(upper(sql), 'AFTER ') + 6) FROM sqlite_master "
            "WHERE type = 'trigger' AND sql LIKE '%profile_revision SET rev = rev + 1%'"
        )
    }
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            assert (table, event) in triggers, f"{table} has no {event} trigger moving the profile revision on"
