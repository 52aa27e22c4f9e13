"""Cases services on a real encrypted vault: logging, drafts, completeness, decisions, outcomes, chronology,
search, repeat concerns, concurrency, bad input, export/import, demo data and Home items."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.domain import case_records
from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import cases_io, demo, home
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import guidance, intake, referral_draft, retention
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.storage import audit
from prevent_desktop.storage.db import DatabaseError
from tests import factories
from tests.helpers.clock import TODAY

# Every test here runs on the clock's day (tests/helpers/clock.py): dates built from TODAY mean the same to the app
# whatever the real date is.
pytestmark = pytest.mark.usefixtures("clock")


def concern(**over: Any) -> case_records.ConcernInput:
    values: dict[str, Any] = {"surname": "Al-Saʼdi", "what_happened": "Shared extremist video in group chat.", **over}
    return factories.concern_input(age=16, **values)


def test_log_concern_creates_case_chronology_and_audit(session: Any) -> None:
    case_id = intake.log_concern(session, concern(immediate_danger=True))
    d = case_queries.case_detail(session, case_id)
    assert d.status == "concern"
    assert d.person.under_18 and d.person.age_at_concern == 16
    assert d.immediate_danger
    assert [e.kind for e in d.chronology] == ["concern", "note"]
    assert d.form_version == "NRF-2024"
    actions = [e.action for e in audit.entries(session.conn)]
    assert "case.create" in actions and "person.create" in actions
    # audit details carry ids only, never names or text
    assert all("Zoë" not in e.detail and "video" not in e.detail for e in audit.entries(session.conn))
    assert audit.verify(session.conn) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dob", (TODAY + timedelta(days=2)).strftime("%d/%m/%Y"), "future"),
        ("dob", "01/01/1880", "120 years"),
        ("dob", "31/02/2001", "real date"),
        ("concern_date", (TODAY + timedelta(days=1)).isoformat(), "future"),
        ("what_happened", "   ", "required"),
        ("surname", "", "required"),
        ("what_happened", "x" * 100_001, "too long"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(session: Any, field: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        intake.log_concern(session, concern(**{field: value}))
    assert session.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_markup_rtl_emoji_and_100k_text_stored_exactly(session: Any) -> None:
    text = "<b>bold</b> &amp; <script>alert(1)</script> مرحبا 👋 \u202eRTL" + "y" * 99_900
    case_id = intake.log_concern(session, concern(what_happened=text, forenames="<i>Ann</i>"))
    d = case_queries.case_detail(session, case_id)
    assert d.concern_text == text
    assert d.person.forenames == "<i>Ann</i>"


def test_routing_differs_by_role(session: Any) -> None:
    learner = guidance.routing_for(session, "learner", "staff", under_18=True)
    soldier = guidance.routing_for(session, "soldier", "staff", under_18=False)
    staff = guidance.routing_for(session, "staff", "staff", under_18=False)
    assert "Designated Safeguarding Officer" in learner.refer_to
    assert any(c.id == "medway-mash" for c in learner.contacts)
    assert "Military chain of command" in soldier.refer_to and soldier.precedence_note
    assert any(c.id == "duty-supervisory-care-nco" for c in soldier.contacts)
    assert "HR Advisor" in staff.refer_to and "HR Advisor" in staff.reviewers


def test_routing_contacts_come_from_the_contacts_table(session: Any) -> None:
    session.conn.execute("UPDATE contacts SET name = 'Edited Name' WHERE id = 'dpo'")
    route = guidance.routing_for(session, "learner", "staff", under_18=False)
    assert any(c.name == "Edited Name" for c in route.contacts)
    assert any("999" in guidance.contact_line(c) for c in guidance.emergency_contacts(session))


def test_draft_gaps_ready_decision_outcome_reviews(session: Any) -> None:
    case_id = intake.log_concern(session, concern())
    d = case_queries.case_detail(session, case_id)
    gap_items = {g.item for g in d.gaps}
    assert {"parent_carer_details", "addresses"} <= gap_items  # under 18: parental questions
    assert 10 in {g.point for g in d.gaps}  # asked once, as the parent/carer question: the gap leads there
    assert "service_number" not in gap_items and "chain_of_command_informed" not in gap_items
    v = referral_draft.save_draft(session, case_id, d.version, {**d.answers, "addresses": "1 Test Street (current)"},
                           {"1": "Tutor saw it."})
    assert "addresses" not in {g.item for g in referral_draft.gaps(session, case_id)}
    with pytest.raises(ValidationError, match="reason"):
        referral_draft.mark_ready(session, case_id, v, "")
    v = referral_draft.mark_ready(session, case_id, v, "Parent details not known yet")
    assert case_queries.case_detail(session, case_id).ready_reason == "Parent details not known yet"
    with pytest.raises(ValidationError, match="required"):
        case_actions.record_decision(session, case_id, v, "police_prevent", "  ")
    v = case_actions.record_decision(session, case_id, v, "police_prevent", "Discussed with police")
    v = case_actions.record_outcome(session, case_id, v, "gateway_accepted", TODAY.isoformat())
    assert case_queries.case_detail(session, case_id).status == "assessment"
    v = case_actions.record_outcome(session, case_id, v, "exit", TODAY.isoformat(), "Support ended")
    d = case_queries.case_detail(session, case_id)
    assert d.status == "monitoring" and not d.read_only  # the 6- and 12-month reviews are still to do
    assert [r.due_on for r in d.reviews] == [
        rules_add(TODAY, 6), rules_add(TODAY, 12)
    ]
    for review in d.reviews:
        case_actions.complete_review(session, case_id, review.id, "No further concerns.")
    d = case_queries.case_detail(session, case_id)
    assert d.status == "closed" and d.read_only and d.closed_at == TODAY.isoformat()
    with pytest.raises(rules.ClosedCaseError):
        referral_draft.save_draft(session, case_id, d.version, {}, {})
    with pytest.raises(rules.ClosedCaseError):
        case_actions.record_decision(session, case_id, d.version, "channel", "late")
    case_actions.add_note(session, case_id, "Late information: moved college")  # kept on a closed case


def rules_add(day: date, months: int) -> str:
    from prevent_desktop.domain.dates import add_months

    return add_months(day, months).isoformat()


def test_soldier_gets_military_fields_and_no_under18(session: Any) -> None:
    case_id = intake.log_concern(session, concern(subject_role="soldier", dob="01/01/1990"))
    items = {g.item for g in referral_draft.gaps(session, case_id)}
    assert "chain_of_command_informed" in items
    assert "parent_carer_details" not in items and "point-10" not in items
    assert 10 not in {g.point for g in referral_draft.gaps(session, case_id)}


def test_chronology_is_append_only_and_addenda_point_back(session: Any) -> None:
    case_id = intake.log_concern(session, concern())
    entry = case_actions.add_note(session, case_id, "Spoke to tutor", (TODAY - timedelta(days=3)).strftime("%d/%m/%Y"))
    case_actions.add_addendum(session, case_id, entry, "Correction: it was the programme leader")
    with pytest.raises(DatabaseError):
        session.conn.execute("UPDATE chronology SET text = 'x' WHERE id = ?", (entry,))
    with pytest.raises(DatabaseError):
        session.conn.execute("DELETE FROM chronology WHERE id = ?", (entry,))
    entries = case_queries.chronology(session, case_id)
    note = next(e for e in entries if e.id == entry)
    assert note.backdated
    assert [a.text for a in note.addenda] == ["Correction: it was the programme leader"]


def test_search_finds_people_concerns_and_notes_and_nfa_is_kept(session: Any) -> None:
    case_id = intake.log_concern(session, concern())
    case_actions.add_note(session, case_id, "Parent mentioned a zeppelin hobby")
    other = intake.log_concern(session, concern(forenames="Łukasz", surname="Nowak", what_happened="Quoted a film"))
    v = case_queries.case_detail(session, other).version
    case_actions.record_decision(session, other, v, "nfa", "False alarm: quoting a film")
    assert [r.id for r in case_queries.search(session, "zeppelin")] == [case_id]
    assert [r.id for r in case_queries.search(session, "Zoe")] == [case_id]  # accents folded
    assert [r.id for r in case_queries.search(session, "łukasz nowak")] == [other]
    assert [r.id for r in case_queries.search(session, "extremist")] == [case_id]
    assert [r.id for r in case_queries.search(session, 'film" OR *')] == []  # FTS syntax neutralised: no error
    assert [r.id for r in case_queries.search(session, 'FILM"')] == [other]
    closed = case_queries.list_page(session, CaseFilter(status="closed"))
    assert [r.id for r in closed] == [other]


def test_repeat_concern_matching_and_history(session: Any) -> None:
    first = intake.log_concern(session, concern())
    dob = (TODAY - timedelta(days=16 * 365)).strftime("%d/%m/%Y")
    matches = intake.find_matches(session, "Zoe", "Al-Sa'di", dob)
    assert matches and matches[0].why.startswith("s")
    close = intake.find_matches(session, "Zoey", "Al-Sadi")
    assert close and "similar" in close[0].why
    second = intake.log_concern(session, concern(link_person_id=matches[0].person_id))
    history = case_queries.person_history(session, matches[0].person_id)
    assert [c.id for c in history.cases] == [first, second]
    assert case_queries.case_detail(session, second).other_cases


def test_optimistic_concurrency_refuses_a_stale_save(session: Any) -> None:
    case_id = intake.log_concern(session, concern())
    v = case_queries.case_detail(session, case_id).version
    referral_draft.save_draft(session, case_id, v, {"addresses": "window one"}, {})
    with pytest.raises(rules.ConcurrencyError, match="another window"):
        referral_draft.save_draft(session, case_id, v, {"addresses": "window two"}, {})
    assert case_queries.case_detail(session, case_id).answers["addresses"] == "window one"


def test_home_items_for_reviews_and_chasing(session: Any) -> None:
    case_id = intake.log_concern(session, concern(concern_date=(TODAY - timedelta(days=60)).isoformat()))
    v = case_queries.case_detail(session, case_id).version
    decided = (TODAY - timedelta(days=30)).isoformat()
    case_actions.record_decision(session, case_id, v, "channel", "Police advised", decided)
    items = [i for i in home.attention_items(session) if i.area == "Cases"]
    assert any("chase" in i.text for i in items)
    later = TODAY + timedelta(days=400)
    v = case_queries.case_detail(session, case_id).version
    case_actions.record_outcome(session, case_id, v, "police_nfa", TODAY.isoformat())
    texts = [i.text for i in home.attention_items(session, later) if i.area == "Cases"]
    assert any("6-month review" in t for t in texts) and any("12-month review" in t for t in texts)


def test_export_import_round_trip_and_bad_files(session: Any, tmp_path: Path, vault_factory: Any) -> None:
    case_id = intake.log_concern(session, concern(what_happened="<b>x</b> 👋"))
    e = case_actions.add_note(session, case_id, "note")
    case_actions.add_addendum(session, case_id, e, "fix")
    target = tmp_path / "out.json"
    cases_io.export_to_file(session, target)
    data = json.loads(target.read_text("utf-8"))
    other = vault_factory("fresh")
    try:
        bad = json.loads(json.dumps(data))
        bad["cases"][0]["chronology"][2]["amends_id"] = 999
        with pytest.raises(ValidationError, match=r"cases\[0\]\.chronology\[2\]\.amends_id"):
            cases_io.import_data(other, bad)
        bad = json.loads(json.dumps(data))
        bad["cases"][0]["decisions"] = [{"kind": "nfa"}]
        with pytest.raises(ValidationError, match="reason: required"):
            cases_io.import_data(other, bad)
        assert other.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
        assert cases_io.import_data(other, data) == 1
        again = cases_io.export_data(other)
        data.pop("exported_at")
        again.pop("exported_at")
        assert again == data
        with pytest.raises(ValidationError, match="already in this vault"):
            cases_io.import_data(other, data | {"exported_at": "2026-01-01"})
    finally:
        other.close()


def test_schema_document_is_fresh() -> None:
    root = Path(__file__).resolve().parents[2]
    doc = json.loads((root / "docs" / "cases-export.schema.json").read_text("utf-8"))
    assert doc == json.loads(json.dumps(cases_io.SCHEMA))


def test_demo_fill_refuses_real_vault_and_fills_demo(session: Any, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="DEMO"):
        demo.fill_demo(session, 5)


def test_demo_fill(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 300, seed=1)
    statuses = {r[0] for r in demo_session.conn.execute("SELECT DISTINCT status FROM cases")}
    assert statuses == set(rules.STATUSES)
    assert case_queries.count(demo_session, CaseFilter()) == 300
    assert case_queries.search(demo_session, "Zoe")
    # every case can be read back in full
    for case_id in (1, 150, 300):
        case_queries.case_detail(demo_session, case_id)
    data = cases_io.export_data(demo_session)
    cases_io.validate(data)


def test_under_18_is_judged_at_the_date_of_concern() -> None:
    assert rules.is_under_18("2008-06-15", "2026-06-14")
    assert not rules.is_under_18("2008-06-15", "2026-06-15")  # 18th birthday
    assert rules.is_under_18("", "2026-01-01", "16") and not rules.is_under_18("", "2026-01-01", "")
    assert rules.parse_date("05/03/2026", "x") == date(2026, 3, 5) == rules.parse_date("2026-03-05", "x")


def test_import_schema_names_unknown_fields_and_wrong_types(session: Any) -> None:
    data = cases_io.export_data(session)
    with pytest.raises(ValidationError, match=r"people\[0\]\.nickname: unknown field"):
        cases_io.validate({**data, "people": [{"id": 1, "forenames": "A", "surname": "B", "dob": "", "role": "x",
                                               "created_at": "2026-01-01", "nickname": "C"}]})
    with pytest.raises(ValidationError, match="cases: expected array"):
        cases_io.validate({**data, "cases": {}})


def test_names_corrected_in_the_referral_update_the_person(session: Any) -> None:
    case_id = intake.log_concern(session, concern())
    d = case_queries.case_detail(session, case_id)
    referral_draft.save_draft(session, case_id, d.version, {**d.answers, "surname": "Quixotic"}, {})
    assert case_queries.case_detail(session, case_id).person.surname == "Quixotic"
    assert [r.id for r in case_queries.search(session, "quixotic")] == [case_id]


def test_retention_purge_is_explicit_complete_and_audited(session: Any) -> None:
    old = intake.log_concern(session, concern(concern_date="01/01/2015"))
    e = case_actions.add_note(session, old, "note")
    case_actions.add_addendum(session, old, e, "fix")
    v = case_queries.case_detail(session, old).version
    case_actions.record_decision(session, old, v, "nfa", "False alarm", "02/01/2015")
    keep = intake.log_concern(session, concern(forenames="Kept"))
    assert retention.purge_closed_before(session, "2020-01-01") == 1
    assert [r.id for r in case_queries.list_page(session, CaseFilter())] == [keep]
    assert case_queries.search(session, "note") == []
    assert any(a.action == "cases.purge" and "count=1" in a.detail for a in audit.entries(session.conn))
    with pytest.raises(DatabaseError):  # the append-only trigger is back
        session.conn.execute("DELETE FROM chronology")
    assert session.vault.check() == []
