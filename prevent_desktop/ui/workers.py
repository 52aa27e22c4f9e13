"""One helper to run slow work (key derivation, PDF build, backup) off the UI thread (after Picard's run_task)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the UI thread, which decides how to show it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


# Tasks in flight, by key, so they live until they report. The callbacks hold only the key, never the task:
# a task <-> callback reference cycle could let the garbage collector, running on a worker thread, delete Qt
# objects off the GUI thread.
_running: dict[int, _Task] = {}


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> _Task:
    """Run ``fn`` on the global thread pool; the callbacks run on the UI thread via queued signals."""
    task = _Task(fn)
    key = id(task)
    _running[key] = task

    def finish_ok(result: Any) -> None:
        _running.pop(key, None)
        on_done(result)

    def finish_err(exc: BaseException) -> None:
        _running.pop(key, None)
        on_error(exc)

    task.signals.done.connect(finish_ok)
    task.signals.failed.connect(finish_err)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
