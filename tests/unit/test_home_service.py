"""Home's one list (services/home.py): cases first, every case kind, bounded lists and counts, routing parties with
no number, backups. Real vaults on disk, records made through the real services, ``today`` fixed by the clock."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from prevent_desktop.domain.attention import AREAS, KINDS, MORE, group_counts
from prevent_desktop.errors import KnownError
from prevent_desktop.services import backup_service, home
from prevent_desktop.services.cases import attention as case_attention
from prevent_desktop.services.cases import tasks
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import editing as contact_editing
from tests.factories import log_case, uk

pytestmark = pytest.mark.usefixtures("clock")


def _cases(items: list[Any]) -> list[tuple[str, Any]]:
    return [(i.kind, i.target) for i in items if i.area == "Cases"]


def test_a_fresh_vault_with_one_undecided_concern_lists_it_first(session: Any, clock: Any) -> None:
    """Issue 15: a fresh vault with one undecided concern said "46 things need attention (Action plan: 16,
    Policies: 17, Contacts: 13)" with no case line."""
    case_id = log_case(session, today=clock.today - timedelta(days=3))
    items = home.attention_items(session, clock.today)
    first = items[0]
    assert (first.area, first.kind, first.target, first.severity) == ("Cases", "concern_undecided", case_id, "due")
    assert first.date == (clock.today - timedelta(days=3)).isoformat()
    assert first.reference.startswith("PV-")
    assert "has no decision yet" in first.text and "(3 days ago)" in first.text
    groups = [g.area for g in group_counts(items)]
    assert groups == ["Cases", "Action plan", "Policies", "Contacts", "Backups"]
    assert group_counts(items)[0].count == 1


def test_every_case_kind_in_home_order(session: Any, clock: Any) -> None:
    """Issue 15: in the demo vault, undecided concerns and referrals marked ready but never sent were missing."""
    today = clock.today
    old = today - timedelta(days=90)
    concern_new = log_case(session, today=today - timedelta(days=2))
    concern_old = log_case(session, today=old)
    draft = log_case(session, referral=True, today=old)
    ready = log_case(session, referral=True, ready=True, today=old)
    chase = log_case(session, decision="channel", decided_on=uk(today - timedelta(days=30)), today=old)
    answered = log_case(session, decision="police_prevent", decided_on=uk(today - timedelta(days=30)),
                        outcome="exit", outcome_on=(today - timedelta(days=182)).isoformat(), today=old)
    task_case = log_case(session, decision="internal_support", today=old)
    tasks.add_task(session, task_case, "Ring the tutor back", uk(today))
    tasks.add_task(session, task_case, "Undated task")  # no due date: never on Home
    tasks.add_task(session, task_case, "Far off", uk(today + timedelta(days=60)))
    items = home.attention_items(session, today)
    assert _cases(items) == [
        ("concern_undecided", concern_old),  # oldest first
        ("concern_undecided", concern_new),
        ("draft_unfinished", draft),
        ("referral_ready", ready),
        ("answer_to_chase", chase),
        ("review_due", answered),  # the 6-month review after the exit, due in the next 14 days
        ("task_due", task_case),
    ]
    assert [i.area for i in items] == sorted((i.area for i in items), key=AREAS.index)
    for area in AREAS:
        kinds = [i.kind for i in items if i.area == area and i.kind != MORE]
        assert kinds == sorted(kinds, key=KINDS[area].index)


def test_each_case_kind_is_bounded_with_a_count_of_the_rest(session: Any, clock: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(case_attention, "LIMIT", 3)
    monkeypatch.setattr(case_attention, "COUNT_CAP", 5)
    ids = [log_case(session, today=clock.today - timedelta(days=10 - n)) for n in range(4)]
    items = [i for i in home.attention_items(session, clock.today) if i.area == "Cases"]
    assert [i.target for i in items[:3]] == ids[:3]
    more = items[3]
    assert (more.kind, more.reference, more.more, more.capped, more.target) == (
        MORE, "concern_undecided", 1, False, "concern")
    assert "…and 1 more concerns with no decision" in more.text
    assert group_counts(items)[0].count == 4
    ids += [log_case(session, today=clock.today) for _ in range(2)]  # 6 now: the count stops at 5
    items = [i for i in home.attention_items(session, clock.today) if i.area == "Cases"]
    assert (items[3].more, items[3].capped) == (2, True)
    assert group_counts(items)[0].shown == "5+"


def test_a_routing_party_with_no_number_is_flagged_until_it_has_one(session: Any, clock: Any) -> None:
    items = [i for i in home.attention_items(session, clock.today) if i.kind == "contact_no_number"]
    assert [i.target for i in items] == [
        "kent-police-prevent-team", "hr-advisor", "programme-leader", "senior-leadership-team"]
    assert items[0].text.startswith("Kent Police Prevent Team: number not yet recorded — add it")
    assert all(i.severity == "overdue" for i in items)
    hr = contact_directory.get_contact(session, "hr-advisor")
    contact_editing.update_contact(session, "hr-advisor", dataclasses.replace(hr, phones=(("Desk", "020 7946 0123"),)))
    targets = [i.target for i in home.attention_items(session, clock.today) if i.kind == "contact_no_number"]
    assert "hr-advisor" not in targets
    contact_editing.retire_contact(session, "kent-police-prevent-team", today=clock.today)
    retired = next(i for i in home.attention_items(session, clock.today) if i.kind == "contact_no_number")
    assert retired.target is None and "retired" in retired.text


def test_backups_none_old_and_failed(session: Any, clock: Any) -> None:
    def backup_kinds(day: Any) -> list[str]:
        return [i.kind for i in home.attention_items(session, day) if i.area == "Backups"]

    assert backup_kinds(clock.today) == ["backup_none"]
    backup_service.backup_now(session)
    assert backup_kinds(clock.today) == []
    assert backup_kinds(clock.today + timedelta(days=7)) == []
    assert backup_kinds(clock.today + timedelta(days=8)) == ["backup_old"]

    def stop(stage: str) -> None:
        if stage == "logged":
            raise KnownError("Stopped.")

    clock.advance(days=1)
    with pytest.raises(KnownError):
        backup_service.automatic_backup(session, step=stop)
    items = [i for i in home.attention_items(session, clock.today) if i.area == "Backups"]
    assert [(i.kind, i.severity, i.date) for i in items] == [("backup_failed", "overdue", clock.today.isoformat())]
    backup_service.automatic_backup(session)  # the next one works: nothing to say
    assert backup_kinds(clock.today) == []


def test_items_carry_no_free_text_outside_the_sentence(session: Any, clock: Any) -> None:
    """What the CLI prints (everything but ``text``) holds ids, kinds, dates and references only."""
    case_id = log_case(session, surname="Unusualname", today=clock.today - timedelta(days=1))
    tasks.add_task(session, case_id, "Secret-ish task text", uk(clock.today))
    for i in home.attention_items(session, clock.today):
        fields = (i.area, i.kind, i.severity, i.date, i.reference, str(i.target))
        assert not any("Unusualname" in f or "Secret-ish" in f or "Dynes" in f for f in fields), i


def test_the_wizard_and_case_view_say_a_party_number_is_still_to_be_added(session: Any) -> None:
    from prevent_desktop.services.cases import guidance
    from prevent_desktop.services.contacts import routing as contact_routing

    profile = contact_routing.vault_profile(session)
    assert guidance.contact_line(profile.contact("kent-police-prevent-team")) == (
        "Kent Police Prevent Team: number not yet recorded — add it in Contacts")
    assert guidance.contact_line(profile.contact("online-material-report")).startswith("Report online material")
    assert "not yet recorded" not in guidance.contact_line(profile.contact("online-material-report"))
