"""After unlock: the drafts the vault kept (typing interrupted by a lock, a crash or quitting), offered back.

A clear list (what, which case / contact / row, when last typed) with Resume, Discard… (asks first; audited) and
Later (they stay, encrypted, and are offered at the next unlock, or from Vault → Unsaved drafts…). Resuming reopens
the same editor with the text, through the page that normally opens it (:func:`resume`); when that editor closes,
the drafts still waiting are offered again.

A new editor that keeps drafts (``ui/draft_keeper.py``) adds its kind to ``domain.drafts.DRAFT_KINDS`` and a branch
to :func:`resume`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHeaderView, QMessageBox, QWidget

from prevent_desktop.domain.dates import uk_datetime
from prevent_desktop.domain.drafts import Draft, DraftSummary
from prevent_desktop.errors import KnownError
from prevent_desktop.services import drafts, plan
from prevent_desktop.services.contacts.directory import get_contact
from prevent_desktop.services.session import Session
from prevent_desktop.ui.draft_keeper import discard_question, held_draft_ids
from prevent_desktop.ui.forms.ui_drafts_dialog import Ui_DraftsDialog
from prevent_desktop.ui.models import Column, RecordTableModel

COLUMNS: list[Column[DraftSummary]] = [
    Column("What", lambda s: s.what),
    Column("About", lambda s: s.about),
    Column("Last typed", lambda s: uk_datetime(s.last_typed)),
]

_CASE_EDITORS = {
    "case.note": "add_note",
    "case.addendum": "add_addendum",
    "case.decision": "add_decision",
    "case.outcome": "add_outcome",
    "case.review": "complete_review",
    "case.close": "close_case",
    "case.reopen": "reopen_case",
    "case.attachment": "attach_file",
}


def _case_view(main: Any, case_id: int | None) -> Any:
    if case_id is None:
        raise KnownError("This draft does not say which case it is for.")
    page = main.show_area("Cases")
    page.open_case(case_id)
    return page.case_view


def _plan_row(main: Any, session: Session, row_id: int) -> Any:
    page = main.show_area("Action plan")
    if plan.row(session, row_id).retired_at and not page.show_retired.isChecked():
        page.show_retired.setChecked(True)
    page.select_row_id(row_id)
    if page.current_row_id() != row_id:
        raise KnownError("That action-plan row is not in the plan any more.")
    return page


def _contact_editor(main: Any, session: Session, draft: Draft) -> Any:
    page = main.show_area("Contacts")
    contact_id = str(draft.context.get("contact_id") or "")
    if not contact_id:
        editor = page.add_contact()
    else:
        get_contact(session, contact_id)  # a clear message if it is gone
        page.select(contact_id)
        if (page.selected() is None or page.selected().id != contact_id) and not page.show_retired.isChecked():
            page.show_retired.setChecked(True)
            page.select(contact_id)
        if page.selected() is None or page.selected().id != contact_id:
            raise KnownError("That contact is not in the directory any more.")
        editor = page.edit_selected()
    editor.keeper.restore(draft)
    return editor


def resume(main: Any, session: Session, draft: Draft) -> QDialog | None:
    """Reopen the editor ``draft`` was typed in, showing the text; returns that editor (None: it cannot be
    reopened now, e.g. the review was done meanwhile). Raises KnownError with a sentence when its record is gone."""
    kind = draft.kind
    if kind == "concern":
        page = main.show_area("Cases")
        page.log_concern()
        dialog: Any = page.concern_dialog
        dialog.resume(draft)
        return dialog  # type: ignore[no-any-return]
    if kind == "referral":
        view = _case_view(main, draft.case_id)
        view.open_wizard()
        view.wizard.resume(draft)
        return view.wizard  # type: ignore[no-any-return]
    if kind in _CASE_EDITORS:
        view = _case_view(main, draft.case_id)
        return getattr(view, _CASE_EDITORS[kind])(draft)  # type: ignore[no-any-return]
    if kind == "contact":
        return _contact_editor(main, session, draft)  # type: ignore[no-any-return]
    if kind == "plan.review":
        page = main.show_area("Action plan")
        page.review(draft)
        return page.dialog  # type: ignore[no-any-return]
    if kind.startswith("plan."):
        row_id = int(draft.context["row_id"])
        page = _plan_row(main, session, row_id)
        if kind == "plan.rag_reason":
            page.ask_rag_reason(row_id, str(draft.context["old"]), str(draft.context["new"]), draft)
            return page.reason_dialog  # type: ignore[no-any-return]
        if kind == "plan.retire":
            return page.retire(draft)  # type: ignore[no-any-return]
        page.show_evidence()
        evidence = page.dialog
        reopened: QDialog | None = (evidence.add_note(draft) if kind == "plan.evidence_note"
                                    else evidence.remove_selected(draft))
        return reopened
    raise KnownError("This draft was made by a newer version of Prevent Desktop and cannot be reopened here.")


class DraftsDialog(QDialog):
    """The list of drafts to resume, discard or leave for later (``forms/drafts_dialog.ui``)."""

    def __init__(self, session: Session, main: QWidget) -> None:
        super().__init__(main)
        self.session = session
        self.main = main
        self.editor: QDialog | None = None  # the editor a Resume reopened
        self.ui = Ui_DraftsDialog()
        self.ui.setupUi(self)
        self.setObjectName("resumeDraftsDialog")
        self.model: RecordTableModel[DraftSummary] = RecordTableModel(COLUMNS, parent=self)
        self.table = self.ui.draftsTable
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(lambda _i: self.resume_selected())
        self.message = self.ui.messageLabel
        self.resume_button, self.discard_button = self.ui.resumeButton, self.ui.discardButton
        self.later_button = self.ui.laterButton
        self.resume_button.clicked.connect(lambda _c=False: self.resume_selected())
        self.discard_button.clicked.connect(lambda _c=False: self.discard_selected())
        self.later_button.clicked.connect(self.reject)
        self.question: QMessageBox | None = None
        self.reload()

    def reload(self) -> int:
        rows = drafts.pending(self.session, exclude=held_draft_ids())
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
        for b in (self.resume_button, self.discard_button):
            b.setEnabled(bool(rows))
        return len(rows)

    def selected(self) -> DraftSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def resume_selected(self) -> QDialog | None:
        summary = self.selected()
        if summary is None:
            return None
        try:
            editor = resume(self.main, self.session, summary.draft)
        except KnownError as exc:
            self.message.setText(f"It cannot be reopened: {exc} You can discard it.")
            return None
        if editor is None:
            self.message.setText("It cannot be reopened now (what it was for is already done). You can discard it.")
            return None
        self.editor = editor
        self.hide()
        # After the editor's close has run its course: a lock closing it has closed the session by then.
        editor.finished.connect(lambda _r: QTimer.singleShot(0, self, self._editor_closed))
        return editor

    def _editor_closed(self) -> None:
        """The resumed editor was saved or closed: offer what is still waiting, if anything (not when the vault
        locked meanwhile: then the next unlock offers them)."""
        self.editor = None
        if not self.session.vault.is_open or not self.main.isVisible():
            return
        self.message.setText("")
        if self.reload():
            self.open()
        else:
            self.accept()

    def discard_selected(self) -> QMessageBox | None:
        summary = self.selected()
        if summary is None:
            return None
        box, discard = discard_question(self, "Discard this draft?")
        box.setInformativeText(f"{summary.what} — {summary.about}. The text will be deleted; this cannot be undone.")
        self.question = box

        def answered() -> None:
            self.question = None
            box.deleteLater()
            if box.clickedButton() is not discard:
                return
            try:
                drafts.discard(self.session, summary.draft.id)
            except KnownError as exc:
                self.message.setText(str(exc))
                return
            self.message.setText("Draft discarded.")
            if not self.reload():
                self.accept()

        box.finished.connect(lambda _r: answered())
        box.open()
        return box


def offer(session: Session, main: Any) -> DraftsDialog | None:
    """After unlock: show the drafts the vault kept, if any (the dialog does not block the window behind it)."""
    try:
        if not drafts.pending(session):
            return None
    except KnownError:
        return None
    dialog = DraftsDialog(session, main)
    dialog.open()
    return dialog


def install(session: Session, main: Any) -> DraftsDialog | None:
    """Vault → Unsaved drafts… in the main window, then the offer after unlock. Returns the offer, if shown."""
    action = QAction("Unsaved &drafts…", main)
    action.setObjectName("actionUnsavedDrafts")

    def show_list() -> None:
        dialog = DraftsDialog(session, main)
        if not dialog.model.rowCount():
            dialog.message.setText("There are no unsaved drafts.")
        dialog.open()

    action.triggered.connect(show_list)
    main.ui.menuVault.insertAction(main.ui.actionLock, action)
    return offer(session, main)
