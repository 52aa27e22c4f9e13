"""Load what the main window needs while the DSO types the passphrase (issue 11: the UI thread is never blocked
for more than 50 ms during unlock, and the case list paints within 150 ms of the key derivation).

After the unlock (or set-up) window's first paint — never before it: start-up imports nothing heavy — a worker
imports the Qt-free modules (``CORE_MODULES``: the services the main window calls, the organisation profile's
pydantic models, SQLCipher), ~0.3 s of Python that would otherwise run on the UI thread at the first unlock.
When it is done, the UI modules (``UI_MODULES``, each a few ms now that what they import is loaded) are imported
on the UI thread, one per turn of the event loop, so no single turn is long. Qt classes are only ever defined
and made on the UI thread. A module both the worker and the UI thread need is waited for, never loaded twice
(Python's import lock), so an Unlock clicked before the warm-up ends is only slower, never wrong.

``tests/ui/test_warmup.py`` keeps the two lists complete: after the warm-up, unlocking imports nothing more on
the UI thread. Then the Qt types (``qt_type_steps``), a slice per turn; the same tests hold that unlocking makes
no Qt type (enum class) of its own after the warm-up."""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from prevent_desktop.ui.workers import NEXT_TURN_MS, run_task

log = logging.getLogger(__name__)

# Qt-free: safe to import on a worker. Each pulls in the domain and storage modules it uses.
CORE_MODULES: tuple[str, ...] = (
    "prevent_desktop.services.vault_service",
    "prevent_desktop.services.background",
    "prevent_desktop.services.backup_service",
    "prevent_desktop.services.home",
    "prevent_desktop.services.audit_service",
    "prevent_desktop.services.cases.queries",
    "prevent_desktop.services.cases.guidance",
    "prevent_desktop.services.cases.referral_draft",
    "prevent_desktop.services.cases.tasks",
    "prevent_desktop.services.contacts.directory",
    "prevent_desktop.services.contacts.editing",
    "prevent_desktop.services.contacts.transfer",
    "prevent_desktop.services.drafts",
    "prevent_desktop.services.files",
    "prevent_desktop.services.plan",
    "prevent_desktop.services.policies",
    "prevent_desktop.domain.case_records",
    "prevent_desktop.domain.spreadsheet",
)
# Qt: imported on the UI thread, one per event-loop turn, leaves first.
UI_MODULES: tuple[str, ...] = (
    "prevent_desktop.ui.forms.ui_main_window",
    "prevent_desktop.ui.pages.home",
    "prevent_desktop.ui.case_models",
    "prevent_desktop.ui.pages.cases",
    "prevent_desktop.ui.contact_editor",
    "prevent_desktop.ui.pages.contacts",
    "prevent_desktop.ui.plan_dialogs",
    "prevent_desktop.ui.pages.plan",
    "prevent_desktop.ui.pages.policies",
    "prevent_desktop.ui.main_window",
    "prevent_desktop.ui.drafts_dialog",
    "prevent_desktop.ui.lock_warning",  # the controller makes its warner at the first unlock
)
# PySide6 makes a Qt class's Python type, with its enum classes, the first time it is needed: building the main
# window made 124 enum classes (~14 ms of its one turn) for classes it never uses itself (shiboken looks a widget's
# class up among its relatives). The warm-up makes them all, a slice of names per turn of the event loop.
QT_TYPE_MODULES: tuple[str, ...] = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
QT_TYPES_PER_TURN = 25  # at most ~15 ms a slice on the 2-core test machine (115 ms in all)


def qt_type_steps() -> list[Callable[[], None]]:
    """One step per slice of the Qt modules' names: each looks its names up (which makes their types)."""
    steps: list[Callable[[], None]] = []
    for module_name in QT_TYPE_MODULES:
        module = importlib.import_module(module_name)
        names = [n for n in dir(module) if n[:1] == "Q"]
        for start in range(0, len(names), QT_TYPES_PER_TURN):
            steps.append(functools.partial(_make_types, module, tuple(names[start:start + QT_TYPES_PER_TURN])))
    return steps


def _make_types(module: object, names: tuple[str, ...]) -> None:
    for name in names:
        getattr(module, name, None)


def import_core() -> None:
    """On a worker: the Qt-free modules."""
    for name in CORE_MODULES:
        importlib.import_module(name)
    # phonenumbers loads a region's metadata (more modules) at its first number: a drama-range number and a
    # short one load what the contacts' checks use.
    from prevent_desktop.domain.contacts import parse_phone
    from prevent_desktop.errors import ValidationError

    for number in ("020 7946 0000", "101"):
        try:
            parse_phone(number)
        except ValidationError:
            pass


class Warmup(QObject):
    """One per application (the controller's): ``start_after_paint(window)`` begins after that window's first
    paint; later calls do nothing. ``finished`` once everything is loaded (or the warm-up gave up: then the
    unlock imports what it needs itself, as before)."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.started = False
        self.done = False
        self._pending: list[Callable[[], object]] = []
        self._watched: QWidget | None = None

    def start_after_paint(self, window: QWidget) -> None:
        if self.started or self._watched is not None:
            return
        self._watched = window
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._watched and event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self._watched = None
            QTimer.singleShot(0, self, self.start)  # after this paint has reached the screen
        return False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        run_task(import_core, self._core_loaded, self._failed, receiver=self)

    def _core_loaded(self, _result: object) -> None:
        self._pending = [functools.partial(importlib.import_module, name) for name in UI_MODULES]
        self._pending += qt_type_steps()
        self._next()

    def _next(self) -> None:
        if not self._pending:
            self.done = True
            self.finished.emit()
            return
        step = self._pending.pop(0)
        try:
            step()
        except Exception as exc:  # never fatal: the unlock imports what it needs itself
            self._failed(exc)
            return
        QTimer.singleShot(NEXT_TURN_MS, self, self._next)

    def _failed(self, exc: BaseException) -> None:
        log.warning("warm-up stopped: %s", type(exc).__name__)
        self._pending = []
        self.done = True
        self.finished.emit()
