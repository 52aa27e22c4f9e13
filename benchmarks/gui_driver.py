"""The real GUI, driven headless in a process of its own, for the figures a user sees.

    python -m benchmarks.gui_driver unlock|lock|scroll|bare-scroll|search --data-dir DIR [--runs N] [--queries F]

Prints one JSON object on the last line of stdout. Only public parts of the app are used: ``AppController`` (the
product's controller: ``start``, ``show_unlock``, ``show_main``, ``lock``, ``jobs``, ``warmup.done``, the automatic
backup), the unlock window's passphrase field and Unlock button, ``services.background.open_session`` (a session
from the key, for the figures that need the vault open but do not measure the unlock), ``MainWindow.show_area``,
and the Cases page's search field and table view.

UI-thread stalls are the event loop's longest gap: how late a 5 ms precise timer fires (a gap of 5 ms is no
stall). Paint times are the first ``QEvent.Paint`` a window (or the case table's viewport) receives after the
moment of interest, seen by an event filter on that widget alone (an application-wide Python filter would cost
the UI thread several µs per event and slow what it measures).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget

from benchmarks import data
from benchmarks.gui import TYPING_S

CLICK_S = 0.01  # unlock: from the main window's first paint to Cases picked

TICK_MS = 5
SETTLE_S = 1.0  # after the case list paints, keep watching the event loop this long (late work counts too)
QUIET_S = 0.3  # after search results paint, the same


def rss_mib() -> dict[str, float]:
    """Resident memory now and at its peak (VmHWM), from /proc (Linux)."""
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return {"rss_mib": round(values.get("VmRSS", 0.0), 1), "peak_mib": round(values.get("VmHWM", 0.0), 1)}


class GapMonitor(QObject):
    """The UI thread's longest stall: how late a 5 ms precise timer fires."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        """The longest stall in ms since ``start`` (the gap beyond the timer's own interval)."""
        self._tick()
        self.timer.stop()
        return max(0.0, self.longest * 1000 - TICK_MS)


class FirstPaint(QObject):
    """Installed on one widget: the time (perf_counter) of its first paint after ``arm``, or None."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.at: float | None = None
        self.armed = False
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.at, self.armed = None, True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint:
            self.at, self.armed = time.perf_counter(), False
        return False

    def wait(self, what: str, timeout_s: float = 900) -> float:
        run_until(lambda: self.at is not None, timeout_s, what)
        assert self.at is not None
        return self.at


def run_until(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop (as the app's own loop would) until ``check()`` is true."""
    if check():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(1)

    def test() -> None:
        if check() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(test)
    poll.start()
    loop.exec()
    poll.stop()
    if not check():
        raise TimeoutError(f"{what}: not within {timeout_s:.0f} s")


def wait(seconds: float) -> None:
    end = time.perf_counter() + seconds
    run_until(lambda: time.perf_counter() >= end, seconds + 5, "wait")


class Driver:
    """The product's controller, with a paint watch on each window it shows (attached before the window can
    paint: right after ``show_unlock``/``show_main`` return, before control goes back to the event loop)."""

    def __init__(self, folder: Path) -> None:
        from prevent_desktop.paths import DataPaths
        from prevent_desktop.ui.app import AppController

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.gaps = GapMonitor()
        self.folder = folder
        self.controller = AppController(DataPaths(folder))
        self.window_paint: FirstPaint | None = None
        self.main_paint: FirstPaint | None = None
        self.cases_paint: FirstPaint | None = None
        controller = self.controller
        show_unlock, show_main = controller.show_unlock, controller.show_main

        def watched_unlock() -> QWidget:
            window = show_unlock()
            self.window_paint = FirstPaint(window)
            self.window_paint.arm()
            return window

        def watched_main(session: Any) -> QWidget:
            window = show_main(session)
            self.main_paint = FirstPaint(window)
            self.main_paint.arm()
            return window

        controller.show_unlock = watched_unlock  # type: ignore[method-assign]
        controller.show_main = watched_main  # type: ignore[method-assign]
        controller.start()
        self.wait_window("the unlock window")

    def wait_window(self, what: str) -> float:
        run_until(lambda: self.window_paint is not None, 60, what)
        assert self.window_paint is not None
        return self.window_paint.wait(what)

    def wait_main(self) -> float:
        run_until(lambda: self.main_paint is not None, 900, "the main window")
        assert self.main_paint is not None
        return self.main_paint.wait("the main window")

    def show_cases(self) -> QTableView:
        """Cases, as the user picks it; the table viewport's next paint with rows is watched from here."""
        page = self.controller.main_window.show_area("Cases")
        table = page.findChild(QTableView)
        if table is None:
            raise RuntimeError("the Cases page has no table view")
        self.cases_paint = FirstPaint(table.viewport())
        self.cases_paint.arm()
        return table

    def wait_cases(self, table: QTableView) -> float:
        """The first paint of the case table after ``show_cases`` with rows in it."""
        assert self.cases_paint is not None
        while True:
            at = self.cases_paint.wait("the case list")
            if table.model().rowCount() > 0:
                return at
            self.cases_paint.arm()

    def click_unlock(self) -> None:
        window = self.controller.window
        window.ui.passphraseEdit.setText(data.PASSPHRASE)
        window.ui.unlockButton.click()

    def open_with_key(self, key: bytes) -> float:
        """The main window on a session opened with the key (``services.background.open_session``), shown by the
        controller's ``show_main`` as after set-up: for figures that need the vault open but do not measure the
        unlock itself (that is ``unlock``, through the Unlock button). Returns when the main window has painted."""
        from prevent_desktop.paths import DataPaths
        from prevent_desktop.services.background import open_session

        self.main_paint = None
        self.controller.show_main(open_session(DataPaths(self.folder), key))
        return self.wait_main()

    def quit(self) -> None:
        self.controller.auto_backups = False  # the figures are taken; no backup of a throw-away copy at exit
        self.controller.quit()


def unlock(folder: Path) -> dict[str, Any]:
    """Click Unlock → main window painted → Cases shown → case list painted with rows, and the longest stall from
    the click until 1 s after that. Then the Argon2id derivation alone, in the same process (the baseline)."""
    d = Driver(folder)
    # The DSO types the passphrase first (four words: seconds); the app loads what the main window needs
    # meanwhile (ui/warmup.py). TYPING_S is well under a real typing time; the click then starts the clock.
    wait(TYPING_S)
    warm = bool(d.controller.warmup.done)
    d.gaps.start()
    t0 = time.perf_counter()
    d.click_unlock()
    main_painted = d.wait_main()
    wait(CLICK_S)  # the DSO picks Cases: never within the main window's own first paint
    table = d.show_cases()
    listed = d.wait_cases(table)
    wait(max(0.0, listed + SETTLE_S - time.perf_counter()))
    stall = d.gaps.stop()
    rows = table.model().rowCount()
    # The whole-vault check the unlock started (due again at every run: quit stops it) must not run beside the
    # baseline's derivation: stopped, and waited for.
    d.controller.jobs.cancel_all()
    run_until(lambda: not d.controller.jobs.busy, 120, "the whole-vault check to stop")
    started = time.perf_counter()
    data.argon2_alone(folder)
    argon2 = (time.perf_counter() - started) * 1000
    d.quit()
    return {"unlock_ms": (listed - t0) * 1000, "main_painted_ms": (main_painted - t0) * 1000, "stall_ms": stall,
            "argon2_ms": argon2, "rows": rows, "warm": warm}


def lock(folder: Path, runs: int) -> dict[str, Any]:
    """lock() → unlock window painted, alternately with the automatic backup on (the product's default) and off
    (the baseline); with it on, also how long the backup ran and the longest UI stall from the unlock window's
    paint until the backup finished."""
    d = Driver(folder)
    key = data.bare_key(folder)
    out: dict[str, list[float]] = {"with_backup_ms": [], "without_backup_ms": [], "backup_ms": [], "stall_ms": []}
    for i in range(2 * runs):
        backup = i % 2 == 0
        d.open_with_key(key)
        wait(0.3)  # the main window's own start-up work is not the lock's
        d.controller.auto_backups = backup
        d.window_paint = None
        t0 = time.perf_counter()
        d.controller.lock()
        shown = d.wait_window("the unlock window after lock")
        d.gaps.start()
        run_until(lambda: not d.controller.jobs.busy, 900, "the automatic backup")
        ended = time.perf_counter()
        stall = d.gaps.stop()
        out["with_backup_ms" if backup else "without_backup_ms"].append((shown - t0) * 1000)
        if backup:
            out["backup_ms"].append((ended - t0) * 1000)
            out["stall_ms"].append(stall)
    d.quit()
    return out


def scroll(folder: Path) -> dict[str, Any]:
    """Unlock, show Cases at 1366×768, scroll to the real end (the view asks the model to fetchMore as it
    reaches the bottom) until every case is loaded; then the process's resident memory."""
    d = Driver(folder)
    d.open_with_key(data.bare_key(folder))
    d.controller.main_window.resize(1366, 768)
    table = d.show_cases()
    model = table.model()
    d.wait_cases(table)
    t0 = time.perf_counter()
    stuck = 0
    while model.canFetchMore(QModelIndex()) and stuck < 50:
        before = model.rowCount()
        table.scrollToBottom()
        QApplication.processEvents()
        stuck = stuck + 1 if model.rowCount() == before else 0
    took = (time.perf_counter() - t0) * 1000
    result: dict[str, Any] = {"rows": model.rowCount(), "scroll_ms": took, "more": model.canFetchMore(QModelIndex())}
    result.update(rss_mib())
    d.quit()
    return result


def search(folder: Path, queries: list[str]) -> dict[str, Any]:
    """Type each query into the Cases page's search field (all at once, as a paste) → the table repainted after
    its model changed; the longest UI stall from the keystroke until 0.3 s after that paint."""
    d = Driver(folder)
    d.open_with_key(data.bare_key(folder))
    d.controller.main_window.resize(1366, 768)
    table = d.show_cases()
    d.wait_cases(table)
    page = d.controller.main_window.pages["Cases"]
    field = page.findChild(QLineEdit)
    if field is None:
        raise RuntimeError("the Cases page has no search field")
    model = table.model()
    changed: list[float] = []
    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged, model.dataChanged):
        signal.connect(lambda *_a: changed.append(time.perf_counter()))
    paint = FirstPaint(table.viewport())
    shown: list[float] = []
    stalls: list[float] = []
    for q in queries:
        wait(0.3)
        changed.clear()
        d.gaps.start()
        t0 = time.perf_counter()
        field.setText(q)
        run_until(lambda: bool(changed), 120, f"results for query {len(shown) + 1}")
        paint.arm()
        painted = paint.wait(f"results of query {len(shown) + 1}")
        wait(QUIET_S)
        stalls.append(d.gaps.stop())
        shown.append((painted - t0) * 1000)
    d.quit()
    return {"shown_ms": shown, "stall_ms": stalls}


def bare_scroll(folder: Path) -> dict[str, Any]:
    """The baseline: a bare PySide6 table over every case's list columns read with a bare sqlcipher3 connection,
    scrolled to the end."""
    from PySide6.QtCore import QAbstractTableModel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    conn = data.bare_connect(folder / "vault.db", data.bare_key(folder))
    rows = conn.execute(
        "SELECT c.ref, p.forenames || ' ' || p.surname, p.role, c.status, c.opened_at FROM cases c "
        "JOIN people p ON p.id = c.person_id ORDER BY c.opened_at DESC, c.id DESC"
    ).fetchall()

    class Model(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 5

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rows[index.row()][index.column()])
            return None

    view = QTableView()
    model = Model()
    view.setModel(model)
    view.resize(1366, 768)
    view.show()
    app.processEvents()
    view.scrollToBottom()
    app.processEvents()
    result: dict[str, Any] = {"rows": len(rows)}
    result.update(rss_mib())
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("unlock", "lock", "scroll", "bare-scroll", "search"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=Path, help="search: a JSON list of queries")
    args = parser.parse_args()
    folder = args.data_dir.resolve()
    try:
        if args.mode == "unlock":
            result = unlock(folder)
        elif args.mode == "lock":
            result = lock(folder, args.runs)
        elif args.mode == "scroll":
            result = scroll(folder)
        elif args.mode == "search":
            result = search(folder, json.loads(args.queries.read_text()))
        else:
            result = bare_scroll(folder)
    except Exception as exc:  # reported to the suite as the figure's note
        result = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no teardown of a throw-away session (Qt objects, thread pools): the figures are taken


if __name__ == "__main__":
    raise SystemExit(main())
