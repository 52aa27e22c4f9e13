"""Per-case tasks (services/cases/tasks.py) on a real vault: add, tick off, reopen, list, due; audited by id only;
bad input refused with a sentence; removed with their case by the retention purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from prevent_desktop.domain.due import DueStatus
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import audit_service
from prevent_desktop.services.cases import retention, tasks
from tests.factories import log_case, uk

pytestmark = pytest.mark.usefixtures("clock")


def test_add_complete_reopen_and_list(session: Any, clock: Any) -> None:
    case_id = log_case(session)
    first = tasks.add_task(session, case_id, "  Chase the MASH reference  ", uk(clock.today + timedelta(days=3)))
    second = tasks.add_task(session, case_id, "Send the file to the new college")
    listed = tasks.tasks_of_case(session, case_id)
    assert [(t.id, t.text, t.due_on, t.done) for t in listed] == [
        (first, "Chase the MASH reference", (clock.today + timedelta(days=3)).isoformat(), False),
        (second, "Send the file to the new college", "", False),
    ]
    assert listed[0].created_by == session.user and listed[0].created_at.startswith(clock.today.isoformat())
    assert listed[0].status(clock.today) is DueStatus.DUE_SOON
    assert listed[0].status(clock.today + timedelta(days=4)) is DueStatus.OVERDUE
    assert listed[1].status(clock.today) is DueStatus.NONE

    done = tasks.complete_task(session, first)
    assert done.done and done.done_by == session.user and done.done_at.startswith(clock.today.isoformat())
    assert done.status(clock.today + timedelta(days=10)) is DueStatus.NONE
    assert tasks.complete_task(session, first).done_at == done.done_at  # ticking again changes nothing
    reopened = tasks.reopen_task(session, first)
    assert not reopened.done and reopened.done_by == ""
    assert [t.id for t in tasks.due_tasks(session, clock.today + timedelta(days=14))] == [first]


def test_changes_are_audited_with_ids_only(session: Any) -> None:
    case_id = log_case(session)
    task_id = tasks.add_task(session, case_id, "Ring Mrs Example about the meeting", "2026-03-20")
    tasks.complete_task(session, task_id)
    tasks.reopen_task(session, task_id)
    tasks.reopen_task(session, task_id)  # already open: no entry
    entries = [e for e in audit_service.entries(session, 20) if e.action.startswith("case.task")]
    assert [(e.action, e.entity, e.entity_id, e.detail) for e in reversed(entries)] == [
        ("case.task_add", "case", str(case_id), f"task={task_id}"),
        ("case.task_done", "case", str(case_id), f"task={task_id}"),
        ("case.task_reopen", "case", str(case_id), f"task={task_id}"),
    ]
    assert not any("Example" in e.detail or "meeting" in e.detail for e in audit_service.entries(session))


@pytest.mark.parametrize(
    ("text", "due", "message"),
    [
        ("   ", "", "Task: this is required."),
        ("two\nlines", "", "Task: write it on one line"),
        ("x" * 301, "", "Task: 301 characters is too long"),
        ("Fine", "31/02/2026", "Due date: 31/02/2026 is not a real date"),
        ("Fine", "next week", "Due date: enter a real date"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_saved(session: Any, text: str, due: str,
                                                                message: str) -> None:
    case_id = log_case(session)
    with pytest.raises(ValidationError, match=message):
        tasks.add_task(session, case_id, text, due)
    assert tasks.tasks_of_case(session, case_id) == []


def test_unknown_case_or_task(session: Any) -> None:
    with pytest.raises(KnownError, match="no case with id 999"):
        tasks.add_task(session, 999, "Anything")
    with pytest.raises(KnownError, match="no task with id 42"):
        tasks.complete_task(session, 42)


def test_a_closed_case_keeps_taking_tasks_and_the_purge_removes_them(session: Any, clock: Any) -> None:
    case_id = log_case(session, decision="nfa", decided_on=uk(clock.today - timedelta(days=40)),
                       today=clock.today - timedelta(days=41))
    task_id = tasks.add_task(session, case_id, "Send the file to the new college", uk(clock.today))
    tasks.complete_task(session, task_id)
    assert tasks.tasks_of_case(session, case_id)[0].done
    assert retention.purge_closed_before(session, uk(clock.today), today=clock.today) == 1
    assert session.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0


def test_tasks_travel_with_their_case_through_export_and_import(session: Any, vault_factory: Any,
                                                               clock: Any) -> None:
    from prevent_desktop.services import cases_io

    case_id = log_case(session)
    open_id = tasks.add_task(session, case_id, "Chase the MASH reference", uk(clock.today))
    done_id = tasks.add_task(session, case_id, "Tell the tutor")
    tasks.complete_task(session, done_id)
    data = cases_io.export_data(session)
    assert [t["text"] for t in data["cases"][0]["tasks"]] == ["Chase the MASH reference", "Tell the tutor"]
    other = vault_factory("other")
    assert cases_io.import_data(other, data) == 1
    moved = tasks.tasks_of_case(other, other.conn.execute("SELECT id FROM cases").fetchone()[0])
    assert [(t.text, t.due_on, t.done, t.done_by) for t in moved] == [
        ("Chase the MASH reference", clock.today.isoformat(), False, ""),
        ("Tell the tutor", "", True, session.user),
    ]
    assert open_id and moved[1].done_at == tasks.tasks_of_case(session, case_id)[1].done_at
    older = vault_factory("older")  # a file written before tasks existed still imports
    for c in data["cases"]:
        c.pop("tasks")
    assert cases_io.import_data(older, data) == 1
