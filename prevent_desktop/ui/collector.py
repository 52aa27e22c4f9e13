"""Python's cycle collector, run on the GUI thread only.

CPython starts a collection in whichever thread happens to allocate past the threshold. A window and its pages,
a dialog and the lambdas connected to its signals, form reference cycles; collected on a worker thread (a PDF being
laid out allocates a great deal), their Qt objects are deleted off the GUI thread, which Qt does not survive: the
process segfaults (seen as "Fatal Python error: Segmentation fault … Garbage-collecting" with a worker in
ReportLab). So, as PyQt's own advice and several PyQt applications do, the automatic collector is turned off and
a timer on the GUI thread runs the collection the thresholds ask for (``gc.get_count`` against
``gc.get_threshold``), generation by generation, every ``INTERVAL_MS``. Reference counting still frees everything
not in a cycle at once, on the thread that drops it.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns the timer; lives on the GUI thread (a child of the application)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("guiThreadCollector")
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.collections = 0

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold (as the automatic collector would);
        returns the generation collected, or -1."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                self.collections += 1
                return generation
        return -1


def install(app: QObject | None) -> GuiThreadCollector | None:
    """Start it once for the application (later calls return the same one); None without an application."""
    if app is None:
        return None
    existing = app.findChild(GuiThreadCollector, "guiThreadCollector")
    if isinstance(existing, GuiThreadCollector):
        gc.disable()  # a test may have turned the automatic collector back on
        return existing
    collector = GuiThreadCollector(app)
    collector.start()
    log.debug("cycle collection moved to the GUI thread")
    return collector
