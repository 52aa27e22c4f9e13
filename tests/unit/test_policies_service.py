"""Policy versions (never overwritten), summary of changes and the associated-policy register with overdue flags."""

from __future__ import annotations

from datetime import date

import pytest

from prevent_desktop.errors import ValidationError
from prevent_desktop.services import home, policies
from prevent_desktop.storage import audit


def test_seeded_version_and_register(session) -> None:  # type: ignore[no-untyped-def]
    v = policies.current_version(session)
    assert (v.title, v.version, v.effective_date, v.review_date, v.next_review) == (
        "Prevent Strategy and Policy", "3", "2019-03", "2023-12", "2024-12",
    )
    reg = policies.register(session)
    assert len(reg) == 16
    assert sum(p.group == "military" for p in reg) == 3
    assert all(p.review_interval_months == 12 for p in reg)
    assert reg[0].name == "Safeguarding policy" and reg[0].next_review == "2022-02"
    assert [c.summary[:20] for c in policies.changes(session)] == ["Addition of this sum"]


def test_new_version_is_a_new_row_and_history_is_kept(session) -> None:  # type: ignore[no-untyped-def]
    first = policies.current_version(session)
    policies.record_version(session, "4", "2019-03", "26/11/2026", "26/11/2027", note="Annual review",
                            change_summary="Updated contacts and action plan.")
    now = policies.current_version(session)
    assert (now.version, now.review_date, now.next_review, now.recorded_by) == ("4", "2026-11-26", "2027-11-26",
                                                                                "Test DSO")
    assert [v.version for v in policies.versions(session)] == ["4", "3"]
    assert policies.versions(session)[1] == first
    assert [c.issue for c in policies.changes(session)] == ["3", "4"]
    with pytest.raises(ValidationError):
        policies.record_version(session, "", "", "", "")
    assert [e.action for e in audit.entries(session.conn, 2)] == ["policy.change.add", "policy.version.add"]


def test_policy_past_its_interval_is_flagged_here_and_on_home(session) -> None:  # type: ignore[no-untyped-def]
    today = date(2026, 11, 26)
    pid = policies.add_policy(session, "Lone Working policy", owner="HR", last_review="2025-11-25")
    p = next(p for p in policies.register(session, today=today) if p.id == pid)
    assert p.overdue and p.next_review == "2026-11-25"
    policies.update_policy(session, pid, interval_months=13)
    p = next(p for p in policies.register(session, today=today) if p.id == pid)
    assert p.status == "due" and not p.overdue  # due within 30 days, not yet overdue
    policies.update_policy(session, pid, interval_months=12)
    texts = [i.text for i in home.attention_items(session, today) if i.area == "Policies"]
    assert any(t.startswith("Lone Working policy was last reviewed 25 Nov 2025: review overdue") for t in texts)
    assert "Code of practice for trainers: never reviewed (no review date recorded): review overdue." in texts
    policies.mark_reviewed(session, pid, "2026-11-26")
    assert not next(p for p in policies.register(session, today=today) if p.id == pid).overdue
    policies.retire_policy(session, pid)
    assert pid not in [p.id for p in policies.register(session)]
    assert pid in [p.id for p in policies.register(session, include_retired=True)]


def test_register_validation(session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        policies.add_policy(session, "")
    with pytest.raises(ValidationError):
        policies.add_policy(session, "X", interval_months=0)
    with pytest.raises(ValidationError):
        policies.add_policy(session, "X", last_review="last year")
    pid = policies.add_policy(session, "X")
    assert policies.update_policy(session, pid, name="X") == 0
    cid = policies.add_change(session, "4", "2026-11", "Typo fixed")
    policies.update_change(session, cid, "4", "2026-11", "Typos fixed")
    assert policies.changes(session)[-1].summary == "Typos fixed"
