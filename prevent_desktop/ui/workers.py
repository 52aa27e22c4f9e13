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


_running: set[_Task] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    receiver: QObject | None = None,
) -> _Task:
    """Run ``fn`` on the global thread pool; the callbacks run on the UI thread via queued signals."""
    task = _Task(fn)
    _running.add(task)

    def finish_ok(result: Any) -> None:
        _running.discard(task)
        on_done(result)

    def finish_err(exc: BaseException) -> None:
        _running.discard(task)
        on_error(exc)

    if receiver is not None:
        task.signals.setParent(None)
    task.signals.done.connect(finish_ok)
    task.signals.failed.connect(finish_err)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
