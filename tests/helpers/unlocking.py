"""Waiting for the main window the controller shows after an unlock, in the state a DSO meets it: shown, Home's
list worked out (on the turn after the first paint, issue 11), and the whole-vault check that the first unlock of
the day starts in the background finished (so a test's own vault jobs are the only ones in flight)."""

from __future__ import annotations

from typing import Any

CHECK = "the vault check"  # the job's name (ui/app.py start_full_check)


def wait_for_main(qtbot: Any, controller: Any, timeout: int = 15000) -> Any:
    from prevent_desktop.ui.main_window import MainWindow

    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=timeout)
    main = controller.main_window
    assert isinstance(main, MainWindow)
    qtbot.waitUntil(lambda: main.pages["Home"].refreshes > 0, timeout=timeout)
    qtbot.waitUntil(lambda: CHECK not in [job.what for job in controller.jobs.in_flight()], timeout=timeout)
    return main
