"""Reference cycles are collected on the GUI thread only (ui/collector.py).

Regression: a worker laying out a PDF allocates enough to start CPython's cycle collector on the worker's thread;
it then freed a closed dialog's Qt objects there and the process segfaulted (seen in the export dialog tests).
"""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtWidgets import QDialog

from prevent_desktop.ui import collector


def churn() -> None:
    """Allocate like a busy worker: many short-lived container cycles (what starts a collection)."""
    for _ in range(200_000):
        a: list[Any] = []
        a.append(a)


def test_a_busy_worker_thread_never_runs_the_cycle_collector(qapp: Any, gui_thread_collector: Any) -> None:
    threads: list[str] = []

    def seen(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(seen)
    try:
        worker = threading.Thread(target=churn, name="pdf-worker")
        worker.start()
        worker.join()
    finally:
        gc.callbacks.remove(seen)
    assert "pdf-worker" not in threads, f"collections ran on: {sorted(set(threads))}"
    assert not gc.isenabled()


def test_cycles_holding_widgets_are_still_freed_on_the_gui_thread(qtbot: Any, gui_thread_collector: Any) -> None:
    freed_on: list[str] = []

    class Cyclic(QDialog):
        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    dialog = Cyclic()
    dialog.me = dialog  # type: ignore[attr-defined]  # a cycle: only the collector can free it
    gone = weakref.ref(dialog)
    del dialog
    churn()  # enough allocations to pass the thresholds; the timer then collects
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    assert freed_on == [threading.main_thread().name]
    assert gui_thread_collector.collections >= 1


def test_install_is_once_per_application(qapp: Any) -> None:
    assert collector.install(qapp) is collector.install(qapp)
    assert collector.install(None) is None
