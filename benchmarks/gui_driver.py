"""The real GUI, driven headless in a process of its own, for the figures a user sees: unlock, lock, scrolling.

    python -m benchmarks.gui_driver unlock|lock|scroll|bare-scroll --data-dir DIR [--runs N] [--cases N]

Prints one JSON object on the last line of stdout. Only public parts of the app are used: ``AppController`` (the
product's controller: unlock window, main window, lock, automatic backup), the unlock window's passphrase field and
Unlock button, its ``unlocked(key, kind)`` signal, ``MainWindow.show_area`` and the Cases page's table view.

UI-thread stalls are measured as the event loop's longest gap: a 5 ms precise timer's lateness (a gap of 5 ms is
no stall). Paint times are the first ``QEvent.Paint`` seen by an application-wide event filter.
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

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from benchmarks import data

TICK_MS = 5
SETTLE_S = 1.0  # after the case list paints, keep watching the event loop this long (late work counts too)


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


class PaintWatch(QObject):
    """Notes the first paint after ``arm(name, matches)`` of a widget that ``matches`` (checked on paint events
    only, so watching costs the UI thread next to nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.armed: dict[str, Callable[[QWidget], bool]] = {}
        self.hits: dict[str, float] = {}

    def arm(self, name: str, matches: Callable[[QWidget], bool]) -> None:
        self.hits.pop(name, None)
        self.armed[name] = matches

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            now = time.perf_counter()
            for name, matches in list(self.armed.items()):
                if matches(obj):
                    self.hits[name] = now
                    del self.armed[name]
        return False

    def wait(self, name: str, what: str, timeout_s: float = 900) -> float:
        run_until(lambda: name in self.hits, timeout_s, what)
        return self.hits[name]


def same(a: QObject | None, b: QObject | None) -> bool:
    return a is not None and b is not None and shiboken6.getCppPointer(a)[0] == shiboken6.getCppPointer(b)[0]


def in_window(widget: Callable[[], QWidget | None]) -> Callable[[QWidget], bool]:
    """Matches any widget of the window ``widget()`` returns at paint time."""
    return lambda w: same(w.window(), widget())


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
    def __init__(self, folder: Path) -> None:
        from prevent_desktop.paths import DataPaths
        from prevent_desktop.ui.app import AppController

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.watch = PaintWatch()
        self.app.installEventFilter(self.watch)
        self.gaps = GapMonitor()
        self.folder = folder
        self.controller = AppController(DataPaths(folder))
        self.watch.arm("window", in_window(lambda: self.controller.window))
        self.controller.start()
        self.watch.wait("window", "the unlock window")

    def show_cases(self) -> QTableView:
        """Cases, as the user picks it; the table's first paint with rows is watched from here."""
        page = self.controller.main_window.show_area("Cases")
        table = page.findChild(QTableView)
        if table is None:
            raise RuntimeError("the Cases page has no table view")
        viewport = table.viewport()
        self.watch.arm("cases", lambda w: same(w, viewport) and table.model().rowCount() > 0)
        return table

    def click_unlock(self) -> None:
        window = self.controller.window
        window.ui.passphraseEdit.setText(data.PASSPHRASE)
        window.ui.unlockButton.click()

    def open_with_key(self, key: bytes) -> float:
        """Unlock as the unlock window does once the key is unwrapped (its ``unlocked`` signal); returns when the
        main window has painted (perf_counter seconds)."""
        self.watch.arm("main", in_window(lambda: self.controller.main_window))
        self.controller.window.unlocked.emit(key, "passphrase")
        return self.watch.wait("main", "the main window")

    def quit(self) -> None:
        self.controller.auto_backups = False  # the figures are taken; no backup of a throw-away copy at exit
        self.controller.quit()


def unlock(folder: Path) -> dict[str, Any]:
    """Click Unlock → main window painted → Cases shown → case list painted with rows, and the longest stall from
    the click until 1 s after that. Then the Argon2id derivation alone, in the same process (the baseline)."""
    d = Driver(folder)
    d.watch.arm("main", in_window(lambda: d.controller.main_window))
    d.gaps.start()
    t0 = time.perf_counter()
    d.click_unlock()
    main_painted = d.watch.wait("main", "the main window")
    table = d.show_cases()
    listed = d.watch.wait("cases", "the case list")
    wait(max(0.0, listed + SETTLE_S - time.perf_counter()))
    stall = d.gaps.stop()
    rows = table.model().rowCount()
    started = time.perf_counter()
    data.argon2_alone(folder)
    argon2 = (time.perf_counter() - started) * 1000
    d.quit()
    return {"unlock_ms": (listed - t0) * 1000, "main_painted_ms": (main_painted - t0) * 1000, "stall_ms": stall,
            "argon2_ms": argon2, "rows": rows}


def lock(folder: Path, runs: int) -> dict[str, Any]:
    """lock() → unlock window painted, alternately with the automatic backup on (the product's default) and off
    (the baseline); with it on, also how long the backup ran and the longest stall meanwhile."""
    d = Driver(folder)
    key = data.bare_key(folder)
    out: dict[str, list[float]] = {"with_backup_ms": [], "without_backup_ms": [], "backup_ms": [], "stall_ms": []}
    for i in range(2 * runs):
        backup = i % 2 == 0
        d.open_with_key(key)
        wait(0.3)  # the main window's own start-up work is not the lock's
        d.controller.auto_backups = backup
        d.watch.arm("locked", in_window(lambda: d.controller.window))
        d.gaps.start()
        t0 = time.perf_counter()
        d.controller.lock()
        shown = d.watch.wait("locked", "the unlock window after lock")
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
    d.watch.wait("cases", "the case list")
    d.gaps.start()
    t0 = time.perf_counter()
    stuck = 0
    while model.canFetchMore(QModelIndex()) and stuck < 50:
        before = model.rowCount()
        table.scrollToBottom()
        QApplication.processEvents()
        stuck = stuck + 1 if model.rowCount() == before else 0
    took = (time.perf_counter() - t0) * 1000
    stall = d.gaps.stop()
    result = {"rows": model.rowCount(), "scroll_ms": took, "stall_ms": stall, "more": model.canFetchMore(QModelIndex())}
    result.update(rss_mib())
    d.quit()
    return result


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
    result = {"rows": len(rows)}
    result.update(rss_mib())
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("unlock", "lock", "scroll", "bare-scroll"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = args.data_dir.resolve()
    try:
        if args.mode == "unlock":
            result = unlock(folder)
        elif args.mode == "lock":
            result = lock(folder, args.runs)
        elif args.mode == "scroll":
            result = scroll(folder)
        else:
            result = bare_scroll(folder)
    except Exception as exc:  # reported to the suite as the figure's note
        result = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no teardown of a throw-away session (Qt objects, thread pools): the figures are taken


if __name__ == "__main__":
    raise SystemExit(main())
