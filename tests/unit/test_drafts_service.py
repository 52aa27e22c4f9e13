"""The drafts service on a real vault: one row per editor's draft, ids-only audit, discard audited, the labels of
the resume list, and a purged case takes its drafts with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from prevent_desktop.services import drafts
from prevent_desktop.services.cases import queries, retention
from tests import factories

TEXT = "Said the attack was justified — «مرحبا» 👋 ZZ-SENTINEL"


def draft_audit(session: Any) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in session.conn.execute(
        "SELECT action, entity_id, detail FROM audit_log WHERE entity = 'draft' ORDER BY id")]


def test_save_updates_one_row_and_the_audit_says_ids_only(clock: Any, session: Any) -> None:
    case_id = factories.log_case(session)
    draft_id = drafts.save(session, None, "case.note", {"text": TEXT, "date": ""}, case_id=case_id)
    assert drafts.save(session, draft_id, "case.note", {"text": TEXT + " more", "date": ""}) == draft_id
    kept = drafts.get(session, draft_id)
    assert kept is not None and kept.values == {"text": TEXT + " more", "date": ""} and kept.case_id == case_id
    assert kept.updated_at.startswith(clock.today.isoformat())
    drafts.done(session, draft_id)
    assert drafts.get(session, draft_id) is None
    assert draft_audit(session) == [("draft.create", str(draft_id), f"draft={draft_id} kind=case.note case={case_id}")]
    everything = " ".join(str(v) for r in session.conn.execute("SELECT * FROM audit_log") for v in tuple(r))
    assert "SENTINEL" not in everything


def test_discard_is_audited_and_a_discarded_draft_is_written_anew(session: Any) -> None:
    first = drafts.save(session, None, "concern", {"what": TEXT})
    assert drafts.discard(session, first)
    assert not drafts.discard(session, first)  # already gone: nothing to record
    second = drafts.save(session, first, "concern", {"what": TEXT})  # the editor typed on meanwhile
    assert second != first and drafts.get(session, second) is not None
    assert [a for a, _i, _d in draft_audit(session)] == ["draft.create", "draft.discard", "draft.create"]


def test_an_unknown_kind_is_a_programming_error(session: Any) -> None:
    with pytest.raises(ValueError):
        drafts.save(session, None, "case.nonsense", {})


def test_the_resume_list_says_what_and_about_what(session: Any) -> None:
    case_id = factories.log_case(session, forenames="Kai", surname="Example")
    contact = factories.make_contact(session, name="Sam Example")
    row_id = factories.make_plan_row(session, area="Synthetic area")
    ref = queries.case_detail(session, case_id).ref
    ids = [
        drafts.save(session, None, "concern", {"forenames": "Ann", "surname": "Lee", "what": "x"}),
        drafts.save(session, None, "concern", {"what": "x"}),
        drafts.save(session, None, "case.addendum", {"text": "x"}, case_id=case_id, context={"entry_id": 1}),
        drafts.save(session, None, "contact", {"notes": "x"}, context={"contact_id": contact.id}),
        drafts.save(session, None, "contact", {"name": "New Person", "role": ""}, context={"contact_id": ""}),
        drafts.save(session, None, "plan.retire", {"reason": "x"}, context={"row_id": row_id}),
        drafts.save(session, None, "plan.review", {"notes": "x"}),
    ]
    listed = {s.draft.id: (s.what, s.about) for s in drafts.pending(session, exclude={ids[1]})}
    assert ids[1] not in listed
    assert listed[ids[0]] == ("A new concern (Log a concern)", "New concern about Ann Lee")
    assert listed[ids[2]] == ("An addendum (a correction)", f"{ref} — Kai Example")
    assert listed[ids[3]][1].startswith("Contact: ") and "Sam Example" in listed[ids[3]][1]
    assert listed[ids[4]][1] == "New contact: New Person"
    assert listed[ids[5]][1].startswith("Action plan row ") and listed[ids[5]][1].endswith(": Synthetic area")
    assert listed[ids[6]][1] == "The action plan"


def test_purging_a_case_deletes_its_drafts(clock: Any, session: Any) -> None:
    closed = factories.log_case(session, decision="nfa")
    kept = factories.log_case(session, forenames="Kai")
    gone = drafts.save(session, None, "case.note", {"text": TEXT}, case_id=closed)
    stays = drafts.save(session, None, "case.note", {"text": TEXT}, case_id=kept)
    clock.advance(days=2)
    assert retention.purge_closed_before(session, (clock.today - timedelta(days=1)).isoformat()) == 1
    assert drafts.get(session, gone) is None and drafts.get(session, stays) is not None
