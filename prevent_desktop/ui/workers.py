"""Work off the UI thread, one mechanism for the whole GUI (after Picard's ``picard/util/thread.py`` run_task).

Two places background work runs (the rule is in ARCHITECTURE.md, "Threads"):

* ``run_task`` (here): the application's general thread pool, for work that needs **no vault connection**: key
  derivation, laying out a PDF from data already read, encrypting and writing a file.
* ``ui.jobs.VaultJobs``: the one serial queue for work that reads or writes the vault, each job on a connection
  of its own (the UI's ``Session`` connection refuses any other thread).

Both deliver the outcome on the UI thread by a queued signal. A ``receiver`` (the dialog or window that asked)
makes the delivery conditional: if it was deleted meanwhile (closed by a lock), the outcome is dropped instead of
reaching a dead widget.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance


class Relay(QObject):
    """Lives on the UI thread; a worker emits, Qt queues the call to the UI thread."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


def receiver_alive(ref: weakref.ref[QObject] | None) -> bool:
    if ref is None:
        return True
    obj = ref()
    return obj is not None and shiboken6.isValid(obj)


class Task(QRunnable):
    """One piece of work. Holds only the function and its relay: the callbacks are connected by key (see
    ``_running``), so there is no task <-> callback reference cycle for the garbage collector to break on a
    worker thread (deleting Qt objects off the GUI thread crashes)."""

    def __init__(self, fn: Callable[..., Any], *, reports: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.reports = reports  # fn takes one argument: a function to report progress with (from the worker)
        self.relay = Relay()
        self.ended = threading.Event()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(self.relay.progress.emit) if self.reports else self.fn()
        except BaseException as exc:  # delivered to the UI thread, which decides how to show it
            self.ended.set()
            self.relay.failed.emit(exc)
        else:
            self.ended.set()
            self.relay.done.emit(result)

    def wait(self, timeout_ms: int) -> bool:
        """Block until this task's work has ended (not the whole pool): for a dialog that must finish its own
        write before the vault locks."""
        return self.ended.wait(timeout_ms / 1000)


# Tasks in flight, by key, so they live until they report (released on the UI thread, never on a worker).
_running: dict[int, Task] = {}


def run_task(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    receiver: QObject | None = None,
    on_progress: Callable[[Any], None] | None = None,
) -> Task:
    """Run ``fn`` on the general thread pool; the callbacks run on the UI thread, and only while ``receiver``
    (if given) still exists. ``fn`` must not touch the vault's connection: vault work goes to ``ui.jobs``.

    With ``on_progress``, ``fn`` is called with one argument, ``report``: each ``report(value)`` made on the
    worker becomes an ``on_progress(value)`` on the UI thread (e.g. the pages of a PDF laid out so far)."""
    task = Task(fn, reports=on_progress is not None)
    key = id(task)
    _running[key] = task
    ref = weakref.ref(receiver) if receiver is not None else None

    def finish_ok(result: Any) -> None:
        _running.pop(key, None)
        if receiver_alive(ref):
            on_done(result)

    def finish_err(exc: BaseException) -> None:
        _running.pop(key, None)
        if receiver_alive(ref):
            on_error(exc)

    def progress(value: Any) -> None:
        if on_progress is not None and receiver_alive(ref) and key in _running:
            on_progress(value)

    task.relay.done.connect(finish_ok)
    task.relay.failed.connect(finish_err)
    task.relay.progress.connect(progress)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Wait for the general pool (not the vault queue: ``VaultJobs.wait``)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


# A pause of 1 ms between the steps of work spread over turns of the event loop (the unlock's, ui/warmup.py):
# a zero-delay call is a posted event, and Qt delivers posted events before timers and input, so a chain of them
# is one long stall; a 1 ms timer lets what is waiting (input, paints, other timers) run in between.
NEXT_TURN_MS = 1


T = TypeVar("T")


def reading_vault(damage: SignalInstance, compute: Callable[[], T]) -> T | None:
    """``compute()`` (UI-thread work that reads the vault after unlock: a page being built, Home's list, a count),
    or None when a page it reads fails its check: then ``damage`` is emitted, and the main window's owner locks
    and offers the restore (``MainWindow.vault_damaged``, ui/app.py). Any other error is a bug and propagates."""
    from prevent_desktop.services.background import damaged  # (not before the first paint)

    try:
        return compute()
    except Exception as exc:
        if not damaged(exc):
            raise
        damage.emit()
        return None
