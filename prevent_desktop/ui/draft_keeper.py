"""Unsaved work is ours: every editor that holds typed case text keeps it as a draft in the vault as it is typed.

An editor plugs in with a :class:`DraftKeeper` made after its fields are filled, naming its fields (the values
typed are read and written by field name) and what the draft is about::

    self.keeper = DraftKeeper(self, session, "case.note", {"text": self.text}, case_id=case_id)

    def reject(self) -> None:               # Esc, Cancel and the window's close button
        if self.keeper.allow_close():
            super().reject()

and calls ``self.keeper.finish()`` once its record is saved. Then:

* typing saves the draft (``services.drafts``) 800 ms after the last change, and at most 1 s after the first unsaved
  change while typing goes on, in one short transaction on the UI thread's connection (never from a worker);
* Esc / Cancel / close with typed text asks "Discard what you typed?", Keep being the default (Enter keeps);
  nothing typed closes silently; Discard deletes the draft (audited);
* lock and quit call :func:`keep_all_for_lock` before the vault's windows close: each open editor writes its draft
  and then closes without asking. After unlock ``ui/drafts_dialog.py`` offers each draft back, and resuming
  reopens the same editor with :meth:`DraftKeeper.restore`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from prevent_desktop.domain.drafts import Draft
from prevent_desktop.errors import KnownError
from prevent_desktop.services import drafts
from prevent_desktop.services.session import Session

log = logging.getLogger(__name__)

DEBOUNCE_MS = 800  # after the last keystroke
MAX_WAIT_MS = 1000  # while typing goes on without a pause: never longer than this since the first unsaved change


class SaveTimer(QObject):
    """Debounced saving with a ceiling: ``callback`` runs ``DEBOUNCE_MS`` after the last :meth:`touch`, and at
    most ``MAX_WAIT_MS`` after the first touch since the last save, so a crash loses at most a second of typing."""

    def __init__(self, callback: Callable[[], object], parent: QObject,
                 debounce_ms: int = DEBOUNCE_MS, max_wait_ms: int = MAX_WAIT_MS) -> None:
        super().__init__(parent)
        self.callback = callback
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.setInterval(debounce_ms)
        self.ceiling = QTimer(self)
        self.ceiling.setSingleShot(True)
        self.ceiling.setInterval(max_wait_ms)
        self.quiet.timeout.connect(self.fire)
        self.ceiling.timeout.connect(self.fire)

    def touch(self) -> None:
        self.quiet.start()
        if not self.ceiling.isActive():
            self.ceiling.start()

    @property
    def pending(self) -> bool:
        return self.quiet.isActive() or self.ceiling.isActive()

    def stop(self) -> None:
        self.quiet.stop()
        self.ceiling.stop()

    def fire(self) -> None:
        self.stop()
        self.callback()


# -- field values by widget type ----------------------------------------------------------------------------
def read_widget(w: QWidget) -> Any:
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QDateEdit):
        return w.date().toString(Qt.DateFormat.ISODate)
    if isinstance(w, QAbstractButton):
        return w.isChecked()
    raise TypeError(f"a draft cannot keep a {type(w).__name__}")


def write_widget(w: QWidget, value: Any) -> None:
    if isinstance(w, QLineEdit):
        w.setText(str(value or ""))
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(str(value or ""))
    elif isinstance(w, QComboBox):
        for i in range(w.count()):
            if w.itemData(i) == value:
                w.setCurrentIndex(i)
                break
    elif isinstance(w, QDateEdit):
        day = QDate.fromString(str(value or ""), Qt.DateFormat.ISODate)
        if day.isValid():
            w.setDate(day)
    elif isinstance(w, QAbstractButton):
        group = w.group()
        exclusive = w.autoExclusive() or (group is not None and group.exclusive())
        if value or not exclusive:  # an exclusive radio button is chosen by checking its partner instead
            w.setChecked(bool(value))


def _on_change(w: QWidget, slot: Callable[[], None]) -> None:
    if isinstance(w, QLineEdit | QPlainTextEdit):
        w.textChanged.connect(slot)
    elif isinstance(w, QComboBox):
        w.currentIndexChanged.connect(slot)
    elif isinstance(w, QDateEdit):
        w.dateChanged.connect(slot)
    elif isinstance(w, QAbstractButton):
        w.toggled.connect(slot)


def discard_question(parent: QWidget, text: str = "Discard what you typed?") -> tuple[QMessageBox, QAbstractButton]:
    """The one "Discard?" box: Keep is the default and the Esc button (Enter keeps); returns (box, Discard)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Discard?", text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("discardQuestion")
    box.setInformativeText("Keep goes back to what you typed. Discard deletes it; this cannot be undone.")
    keep = box.addButton("&Keep", QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("keepButton")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discardButton")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box, discard


class DraftKeeper(QObject):
    """Keeps what ``editor`` holds in ``fields`` as a draft of ``kind`` in the vault (see the module docstring)."""

    saved = Signal(int)  # the draft's id, after each write that reached the vault
    failed = Signal(str)  # a sentence for the editor to show when a write did not

    def __init__(
        self,
        editor: QDialog,
        session: Session,
        kind: str,
        fields: Mapping[str, QWidget],
        *,
        case_id: int | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(editor)
        self.setObjectName(f"draftKeeper:{kind}")
        self.editor = editor
        self.session = session
        self.kind = kind
        self.fields = dict(fields)
        self.case_id = case_id
        self.context = dict(context or {})
        self.draft_id: int | None = None
        self.error = ""
        self.question: QMessageBox | None = None
        self._closing = False  # lock / quit, discard chosen or the record saved: close without asking
        self._finished = False  # the record was saved: nothing more to keep
        self.baseline = self.values()  # what the editor showed before anything was typed
        self.timer = SaveTimer(self.save_now, self)
        for w in self.fields.values():
            _on_change(w, self.changed)

    # -- what is typed -------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: read_widget(w) for name, w in self.fields.items()}

    def has_work(self) -> bool:
        """Anything typed or chosen since the editor opened (a resumed draft counts)."""
        return not self._finished and self.values() != self.baseline

    def changed(self) -> None:
        if not self._finished:
            self.timer.touch()

    # -- keeping it ----------------------------------------------------------------------------------------
    def save_now(self) -> bool:
        """Write the draft now (nothing typed: remove any draft). False when the vault refused (``error``)."""
        self.timer.stop()
        if self._finished or not self.session.vault.is_open:
            return self._finished
        values = self.values()
        try:
            if values == self.baseline:
                if self.draft_id is not None:
                    drafts.done(self.session, self.draft_id)
                    self.draft_id = None
                return True
            self.draft_id = drafts.save(self.session, self.draft_id, self.kind, values, case_id=self.case_id,
                                        context=self.context)
        except KnownError as exc:
            self.error = f"What you typed could not be kept as a draft: {exc}"
            self.failed.emit(self.error)
            return False
        self.error = ""
        self.saved.emit(self.draft_id)
        return True

    def restore(self, draft: Draft) -> None:
        """Resume: the editor shows what was typed and goes on writing to the same draft."""
        for name, value in draft.values.items():
            w = self.fields.get(name)
            if w is not None:
                write_widget(w, value)
        self.draft_id = draft.id
        self.timer.stop()  # writing the widgets is not typing

    def finish(self) -> None:
        """The editor's record was saved: its draft goes, and the editor closes without asking."""
        self.timer.stop()
        self._finished = self._closing = True
        if self.draft_id is not None:
            try:
                drafts.done(self.session, self.draft_id)
            except KnownError:  # left behind: offered again after the next unlock, where it can be discarded
                log.info("a saved editor's draft could not be removed: draft=%d", self.draft_id)
            self.draft_id = None

    # -- closing -------------------------------------------------------------------------------------------
    def allow_close(self) -> bool:
        """For the editor's ``reject()``: True closes now. With typed text, the draft is written and "Discard
        what you typed?" is asked (False: the editor stays open; Discard closes it)."""
        if self._closing:
            return True
        if self.values() == self.baseline:  # nothing typed (or a resumed draft cleared back to nothing)
            if self.draft_id is not None:
                self.save_now()  # removes the draft
            return True
        self.save_now()  # kept while the question is open, and if the vault locks meanwhile
        self.ask_discard()
        return False

    def ask_discard(self) -> QMessageBox:
        if self.question is not None and self.question.isVisible():
            return self.question
        box, discard = discard_question(self.editor)
        self.question = box
        box.finished.connect(lambda _r: self._answered(box, box.clickedButton() is discard))
        box.open()
        return box

    def _answered(self, box: QMessageBox, discard: bool) -> None:
        if self.question is box:
            self.question = None
        box.deleteLater()
        if not discard or self._closing:
            return
        self.timer.stop()
        if self.draft_id is not None and self.session.vault.is_open:
            try:
                drafts.discard(self.session, self.draft_id)
            except KnownError as exc:
                self.failed.emit(f"The draft could not be discarded: {exc}")
                return
        self.draft_id = None
        self._finished = self._closing = True
        self.editor.reject()

    def close_for_lock(self) -> bool:
        """Lock or quit: write the draft now; the editor then closes without asking. False if it was not kept."""
        kept = self.save_now() if not self._finished else True
        self._closing = True
        return kept


def open_keepers() -> list[DraftKeeper]:
    """The keepers of every visible editor, in every window of the application."""
    found: dict[int, DraftKeeper] = {}
    for top in QApplication.topLevelWidgets():
        for keeper in top.findChildren(DraftKeeper):
            if keeper.editor.isVisible():
                found[id(keeper)] = keeper
    return list(found.values())


def held_draft_ids() -> set[int]:
    """Drafts an open editor is writing to (not offered a second time)."""
    return {k.draft_id for k in open_keepers() if k.draft_id is not None}


def keep_all_for_lock() -> int:
    """Before lock or quit closes the vault's windows: every open editor writes its draft and will close without
    asking. Returns how many drafts could not be kept (logged, ids only)."""
    lost = sum(0 if keeper.close_for_lock() else 1 for keeper in open_keepers())
    if lost:
        log.warning("locking: %d draft(s) could not be kept", lost)
    return lost
