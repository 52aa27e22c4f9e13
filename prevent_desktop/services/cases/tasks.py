"""Per-case tasks: add, tick off, reopen, list a case's, and the open ones due (Home). Each change is one
transaction with its audit entry (ids only: the task's text never goes into the log).

Tasks are allowed on a closed case too: follow-ups often come after closing (sending the file to a new college
and chasing its receipt). They are workflow, not the record: the chronology is not written for them.
"""

from __future__ import annotations

from datetime import date

from prevent_desktop.domain.tasks import CaseTask, TaskDue, check_task_due, check_task_text
from prevent_desktop.errors import KnownError
from prevent_desktop.services.cases.changes import case_or_fail
from prevent_desktop.services.session import Session
from prevent_desktop.storage import tasks as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction


def task_or_fail(session: Session, task_id: int) -> CaseTask:
    task = store.get(session.conn, task_id)
    if task is None:
        raise KnownError(f"There is no task with id {task_id}.")
    return task


def add_task(session: Session, case_id: int, text: str, due: str = "") -> int:
    """A new open task on the case; ``due`` is DD/MM/YYYY, YYYY-MM-DD or "" (no due date). Returns its id."""
    what = check_task_text(text)
    due_on = check_task_due(due)
    case_or_fail(session, case_id)
    with transaction(session.conn):
        task_id = store.insert(session.conn, case_id, what, due_on, now_iso(), session.user)
        session.audit("case.task_add", "case", str(case_id), f"task={task_id}")
    return task_id


def complete_task(session: Session, task_id: int) -> CaseTask:
    """Tick the task off (by this session's user, now). Ticking a done task again changes nothing."""
    task = task_or_fail(session, task_id)
    with transaction(session.conn):
        if store.set_done(session.conn, task_id, now_iso(), session.user):
            session.audit("case.task_done", "case", str(task.case_id), f"task={task_id}")
    return task_or_fail(session, task_id)


def reopen_task(session: Session, task_id: int) -> CaseTask:
    """Undo a tick (it was ticked by mistake, or the work came back). Reopening an open task changes nothing."""
    task = task_or_fail(session, task_id)
    with transaction(session.conn):
        if store.set_open(session.conn, task_id):
            session.audit("case.task_reopen", "case", str(task.case_id), f"task={task_id}")
    return task_or_fail(session, task_id)


def tasks_of_case(session: Session, case_id: int) -> list[CaseTask]:
    """The case's tasks in the order they were added, done ones included."""
    case_or_fail(session, case_id)
    return store.of_case(session.conn, case_id)


def due_tasks(session: Session, until: date, limit: int = 500) -> list[TaskDue]:
    """Open tasks due on or before ``until``, earliest first (at most ``limit``)."""
    return store.due(session.conn, until.isoformat(), limit)


def count_due_tasks(session: Session, until: date, cap: int) -> int:
    return store.count_due(session.conn, until.isoformat(), cap)
