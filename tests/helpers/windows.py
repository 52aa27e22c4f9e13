"""Every window, dialog and menu the app can open, each built with a real vault through the real app, for the
accessibility walk (tests/ui/test_accessibility.py) and any later test that must visit every screen.

``SCREENS`` names each one and says which module builds it; ``Walk`` is what an opener gets: the real
``AppController`` with its main window on a copy of the walk's template vault (the session's template vault,
tests/conftest.py, plus these records, made once per session), holding

* ``open_case``: a learner aged 16 with a referral draft (``tests.factories.log_case``),
* ``closed_case``: a case closed by its outcome, with its 6- and 12-month reviews due,
* an evidence note on the first action-plan row.

An opener goes where a user goes (clicks the button, triggers the menu action) when the app opens the dialog
without blocking (``open()``); a dialog the app runs with ``exec()`` is built as the page builds it. Each returns
the window in the state to check, shown; ``Walk.close`` closes everything at the end of the test.

Use it with the ``walk`` fixture (tests/ui/conftest.py)::

    @pytest.mark.parametrize("screen", SCREENS, ids=str)
    def test_x(walk, screen): window = walk.open(screen)
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from prevent_desktop.domain.profile.loading import default_profile_path, load_profile
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import plan
from prevent_desktop.storage.keyslots import TEST_KDF
from tests import factories
from tests.helpers.vaults import VaultTemplate, snapshot

WIZARD_PAGES = ["safety", *(s.id for s in load_profile(default_profile_path()).referral_form.sections), "points",
                "complete"]


@dataclass(frozen=True)
class Screen:
    id: str
    owner: str  # the module that builds the window (known failures are marked by owner, see test_accessibility)
    opener: Callable[[Walk], Any]
    kind: str = "window"  # "window" or "menu"

    def __str__(self) -> str:
        return self.id


@dataclass
class Walk:
    qtbot: Any
    controller: Any
    session: Any
    paths: DataPaths
    open_case: int
    closed_case: int
    opened: list[QWidget] = field(default_factory=list)

    @property
    def main(self) -> Any:
        return self.controller.main_window

    def page(self, title: str) -> Any:
        return self.main.show_area(title)

    def open(self, screen: Screen) -> Any:
        """Open ``screen`` and return its window (or menu), shown, active and laid out."""
        window = screen.opener(self)
        if screen.kind == "menu":
            return window
        if not window.isVisible():
            window.show()
        self.qtbot.waitExposed(window)
        if not window.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus:
            window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        QApplication.processEvents()
        self.opened.append(window)
        return window

    def show(self, window: QWidget) -> QWidget:
        """A window the app would run with ``exec()``: shown without blocking instead."""
        window.show()
        return window

    def close(self) -> None:
        self.controller.idle_timer.stop()
        self.controller.lock_warner.disarm()
        if not self.controller.is_locked:
            self.controller._close_vault_windows()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        self.controller.release_vault_lock()
        self.session.close()
        # Delete what was closed and collect the reference cycles the windows leave (a wizard's pages and the
        # wizard refer to each other) here, on the GUI thread: left to Python's collector they could be freed
        # later on whatever thread allocates next, a worker's, which Qt objects do not survive.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@dataclass(frozen=True)
class WalkVault:
    """The template vault with the walk's records added (made once per test session): its files and case ids."""

    template: VaultTemplate
    open_case: int
    closed_case: int


def make_walk_vault(template: VaultTemplate, folder: Path) -> WalkVault:
    session = template.open(folder / "made")
    try:
        open_case = factories.log_case(session, age=16, referral=True)
        closed_case = factories.log_case(session, surname="Closedcase", decision="police_prevent", outcome="exit")
        plan.add_evidence_note(session, plan.rows(session)[0].id, "Synthetic evidence: the training register.")
        return WalkVault(snapshot(session, template.recovery, folder / "files"), open_case, closed_case)
    finally:
        session.close()


def make_walk(qtbot: Any, vault: WalkVault, root: Path, settings: QSettings) -> Walk:
    """The real controller showing the main window on a copy of ``vault`` in ``root``."""
    from prevent_desktop.ui.app import AppController

    session = vault.template.open(root)
    controller = AppController(session.vault.paths, settings=settings, kdf=TEST_KDF)
    controller.auto_backups = False
    controller.show_main(session)
    return Walk(qtbot, controller, session, session.vault.paths, vault.open_case, vault.closed_case)


# -- openers -------------------------------------------------------------------------------------------------------
def _area(title: str, tab: int | None = None) -> Callable[[Walk], Any]:
    def open_area(w: Walk) -> Any:
        page = w.page(title)
        if tab is not None:
            page.tabs.setCurrentIndex(tab)
        return w.main

    return open_area


def _menu(name: str) -> Callable[[Walk], QMenu]:
    return lambda w: w.main.findChild(QMenu, name)


def _export(kind: str, *, encrypt: bool | None = None, **params: Any) -> Callable[[Walk], Any]:
    def open_export(w: Walk) -> Any:
        from prevent_desktop.ui.export_hooks import request_export

        values = {k: (w.open_case if v == "case" else v) for k, v in params.items()}
        dialog = request_export(w.main, w.session, kind, **values)
        w.qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
        if encrypt is not None:
            dialog.ui.encryptCheck.setChecked(encrypt)
        return dialog

    return open_export


def _case_view(w: Walk, case: str = "open", tab: int = 0) -> Any:
    cases = w.page("Cases")
    cases.open_case(w.open_case if case == "open" else w.closed_case)
    view = cases.case_view
    view.tabs.setCurrentIndex(tab)
    return view


def _record(button: str, case: str = "open") -> Callable[[Walk], Any]:
    def open_record(w: Walk) -> Any:
        view = _case_view(w, case)
        if button == "addendumButton":
            view.tabs.setCurrentIndex(1)
            view.chron_table.setCurrentIndex(view.chron_model.index(0, 0))
        w.open(Screen("case view", "ui/case_view.py", lambda _w: view))
        getattr(view, {"decisionButton": "decision_button", "outcomeButton": "outcome_button",
                       "noteButton": "note_button", "addendumButton": "addendum_button",
                       "reviewButton": "review_button", "closeCaseButton": "close_button"}[button]).click()
        return view.record_dialog

    return open_record


def _wizard(key: str, case: str = "open") -> Callable[[Walk], Any]:
    def open_wizard(w: Walk) -> Any:
        view = _case_view(w, case)
        w.open(Screen("case view", "ui/case_view.py", lambda _w: view))
        view.referral_button.click()
        wizard = view.wizard
        wizard.go_to(key)
        return wizard

    return open_wizard


def _log_concern(w: Walk) -> Any:
    cases = w.page("Cases")
    cases.new_button.click()
    return cases.concern_dialog


def _contact_editor(edit: bool) -> Callable[[Walk], Any]:
    def open_editor(w: Walk) -> Any:
        contacts = w.page("Contacts")
        (contacts.edit_button if edit else contacts.add_button).click()
        return contacts.editor

    return open_editor


def _read_aloud(w: Walk) -> Any:
    contacts = w.page("Contacts")
    contacts.detail.aloud_button.click()
    return contacts.detail._dialog


def _plan_page(w: Walk) -> Any:
    page = w.page("Action plan")
    first = plan.rows(w.session)[0].id
    page.select_row_id(first)
    return page, first


def _plan_dialog(button: str) -> Callable[[Walk], Any]:
    def open_plan_dialog(w: Walk) -> Any:
        page, _row = _plan_page(w)
        getattr(page, button).click()
        return page.dialog

    return open_plan_dialog


def _rag_reason(w: Walk) -> Any:
    page, row = _plan_page(w)
    page.ask_rag_reason(row, "green", "red")
    return page.reason_dialog


def _evidence_viewer(w: Walk) -> Any:
    page, _row = _plan_page(w)
    page.evidence_button.click()
    evidence = page.dialog
    evidence.table.selectRow(0)
    evidence.view_selected()
    return evidence.viewer


def _rag_definitions(w: Walk) -> Any:
    from prevent_desktop.ui.plan_dialogs import RagDefinitionsDialog

    page, _row = _plan_page(w)
    return w.show(RagDefinitionsDialog(w.session, page))


def _duties_checklist(w: Walk) -> Any:
    from prevent_desktop.ui.plan_dialogs import ChecklistDialog

    page, row = _plan_page(w)
    record = plan.row(w.session, row)
    items = [(d.id, f"{d.title} — {d.description}", d.id in record.duties) for d in plan.duties(w.session)]
    return w.show(ChecklistDialog("Duties evidenced", f"Which section-4 duties does row {record.no} evidence?",
                                  items, page))


def _retire_reason(w: Walk) -> Any:
    from prevent_desktop.ui.plan_dialogs import ReasonDialog

    page, _row = _plan_page(w)
    return w.show(ReasonDialog("Retire row", "Retire row 1? It leaves the plan but keeps its history.", page))


def _policy_dialog(which: str) -> Callable[[Walk], Any]:
    def open_policy_dialog(w: Walk) -> Any:
        from prevent_desktop.services import policies
        from prevent_desktop.ui.policy_dialogs import ChangeDialog, PolicyDialog, VersionDialog

        page = w.page("Policies")
        if which == "add policy":
            return w.show(PolicyDialog(w.session, None, page))
        if which == "edit policy":
            return w.show(PolicyDialog(w.session, page.model.record(0), page))
        if which == "new version":
            return w.show(VersionDialog(w.session, page, today=page.today()))
        change = policies.changes(w.session)[0] if which == "edit change" else None
        return w.show(ChangeDialog(w.session, change, page, today=page.today()))

    return open_policy_dialog


def _settings(w: Walk) -> Any:
    from prevent_desktop.ui.settings_dialog import SettingsDialog

    return w.show(SettingsDialog(w.session, w.main))


def _recovery_key(made: bool) -> Callable[[Walk], Any]:
    def open_recovery(w: Walk) -> Any:
        dialog = w.controller.new_recovery_key()
        if made:
            dialog.make_button.click()
        return dialog

    return open_recovery


def _restore(w: Walk) -> Any:
    """As the unlock window offers it when the vault is damaged: its Restore button."""
    unlock = _unlock(error=False)(w)
    w.open(Screen("unlock", "ui/unlock.py", lambda _w: unlock))
    unlock.show_damage("The vault file is damaged (a test stands in for the damage).")
    unlock.restore_button.click()
    return unlock.restore_dialog


def _unlock(error: bool) -> Callable[[Walk], Any]:
    def open_unlock(w: Walk) -> Any:
        from prevent_desktop.ui.unlock import UnlockWindow

        window = UnlockWindow(w.paths)
        w.qtbot.addWidget(window)
        window.show()
        if error:
            window.show_error("Wrong passphrase. Nothing was changed; check Caps Lock and try again.")
        return window

    return open_unlock


def _setup(recovery_page: bool) -> Callable[[Walk], Any]:
    def open_setup(w: Walk) -> Any:
        from prevent_desktop.ui.setup import SetupWindow

        window = SetupWindow(DataPaths(w.paths.root.parent / "new-vault"), kdf=TEST_KDF)
        w.qtbot.addWidget(window)
        if recovery_page:
            window.ui.recoveryKeyLabel.setText("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-67ABC-DEFGH")
            window.ui.pages.setCurrentWidget(window.ui.recoveryPage)
        return window

    return open_setup


def _then(opener: Callable[[Walk], Any], action: Callable[[Any], Any]) -> Callable[[Walk], Any]:
    """``opener``'s window after ``action`` (e.g. Save with a field left wrong: the error state)."""

    def open_then(w: Walk) -> Any:
        window = opener(w)
        w.open(Screen("before", "", lambda _w: window))
        action(window)
        QApplication.processEvents()
        return window

    return open_then


def _save_settings_badly(dialog: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.fields["autolock_minutes"].setText("abc")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _save_export_badly(dialog: Any) -> None:
    dialog.ui.passwordEdit.setText("short")
    dialog.ui.saveButton.click()


def _lock_warning(w: Walk) -> Any:
    w.controller.show_lock_warning()
    return w.controller.lock_warning


SCREENS: list[Screen] = [
    Screen("main: Home", "ui/main_window.py", _area("Home")),
    Screen("main: Cases", "ui/main_window.py", _area("Cases")),
    Screen("main: Contacts directory", "ui/main_window.py", _area("Contacts", 0)),
    Screen("main: Who do I call", "ui/main_window.py", _area("Contacts", 1)),
    Screen("main: Action plan", "ui/main_window.py", _area("Action plan")),
    Screen("main: Policies changes", "ui/main_window.py", _area("Policies", 0)),
    Screen("main: Policies versions", "ui/main_window.py", _area("Policies", 1)),
    Screen("menu: Vault", "ui/main_window.py", _menu("menuVault"), kind="menu"),
    Screen("menu: Go", "ui/main_window.py", _menu("menuGo"), kind="menu"),
    Screen("menu: Help", "ui/main_window.py", _menu("menuHelp"), kind="menu"),
    Screen("help", "ui/help.py", lambda w: w.main.show_help()),
    Screen("lock warning", "ui/app.py", _lock_warning),
    Screen("settings", "ui/settings_dialog.py", _settings),
    Screen("settings: error", "ui/settings_dialog.py", _then(_settings, _save_settings_badly)),
    Screen("export: action plan", "ui/export_dialog.py", _export("action-plan")),
    Screen("export: unencrypted", "ui/export_dialog.py", _export("contacts-card", encrypt=False, variant="a4")),
    Screen("export: referral pack", "ui/export_dialog.py", _export("referral-pack", case_id="case")),
    Screen("export: error", "ui/export_dialog.py", _then(_export("referral-pack", case_id="case"), _save_export_badly)),
    Screen("log concern", "ui/log_concern.py", _log_concern),
    Screen("log concern: error", "ui/log_concern.py", _then(_log_concern, lambda d: d.save())),
    Screen("log concern: danger", "ui/log_concern.py", _then(_log_concern, lambda d: d.danger.yes.click())),
    Screen("case view: summary", "ui/case_view.py", lambda w: _case_view(w, tab=0)),
    Screen("case view: chronology", "ui/case_view.py", lambda w: _case_view(w, tab=1)),
    Screen("case view: history", "ui/case_view.py", lambda w: _case_view(w, tab=2)),
    Screen("case view: closed", "ui/case_view.py", lambda w: _case_view(w, "closed")),
    Screen("record: decision", "ui/case_view.py", _record("decisionButton")),
    Screen("record: error", "ui/case_view.py", _then(_record("decisionButton"), lambda d: d.save())),
    Screen("record: outcome", "ui/case_view.py", _record("outcomeButton")),
    Screen("record: note", "ui/case_view.py", _record("noteButton")),
    Screen("record: addendum", "ui/case_view.py", _record("addendumButton")),
    Screen("record: close case", "ui/case_view.py", _record("closeCaseButton")),
    Screen("record: review", "ui/case_view.py", _record("reviewButton", "closed")),
    *(Screen(f"wizard: {key}", "ui/wizard.py", _wizard(key)) for key in WIZARD_PAGES),
    Screen("wizard: not ready", "ui/wizard.py", _then(_wizard("complete"), lambda wizard: wizard.mark_ready())),
    Screen("wizard: read-only", "ui/wizard.py", _wizard("safety", "closed")),
    Screen("contact editor: add", "ui/contact_editor.py", _contact_editor(edit=False)),
    Screen("contact editor: edit", "ui/contact_editor.py", _contact_editor(edit=True)),
    Screen("contact editor: error", "ui/contact_editor.py",
           _then(_contact_editor(edit=False), lambda d: d.save())),
    Screen("read aloud", "ui/contacts_widgets.py", _read_aloud),
    Screen("plan: RAG reason", "ui/plan_dialogs.py", _rag_reason),
    Screen("plan: retire reason", "ui/plan_dialogs.py", _retire_reason),
    Screen("plan: history", "ui/plan_dialogs.py", _plan_dialog("history_button")),
    Screen("plan: evidence", "ui/plan_dialogs.py", _plan_dialog("evidence_button")),
    Screen("plan: evidence viewer", "ui/plan_dialogs.py", _evidence_viewer),
    Screen("plan: review", "ui/plan_dialogs.py", _plan_dialog("review_button")),
    Screen("plan: coverage", "ui/plan_dialogs.py", _plan_dialog("coverage_button")),
    Screen("plan: RAG definitions", "ui/plan_dialogs.py", _rag_definitions),
    Screen("plan: duties", "ui/plan_dialogs.py", _duties_checklist),
    Screen("policy: add", "ui/policy_dialogs.py", _policy_dialog("add policy")),
    Screen("policy: edit", "ui/policy_dialogs.py", _policy_dialog("edit policy")),
    Screen("policy: error", "ui/policy_dialogs.py", _then(_policy_dialog("add policy"), lambda d: d.save())),
    Screen("policy: new version", "ui/policy_dialogs.py", _policy_dialog("new version")),
    Screen("policy: add change", "ui/policy_dialogs.py", _policy_dialog("add change")),
    Screen("policy: edit change", "ui/policy_dialogs.py", _policy_dialog("edit change")),
    Screen("vault: audit log", "ui/vault_dialogs.py", lambda w: w.controller.show_audit_log()),
    Screen("vault: change passphrase", "ui/vault_dialogs.py", lambda w: w.controller.change_passphrase()),
    Screen("vault: change passphrase error", "ui/vault_dialogs.py",
           _then(lambda w: w.controller.change_passphrase(), lambda d: (d.new_edit.setText("a"), d.try_change()))),
    Screen("vault: new recovery key", "ui/vault_dialogs.py", _recovery_key(made=False)),
    Screen("vault: recovery key shown", "ui/vault_dialogs.py", _recovery_key(made=True)),
    Screen("vault: restore", "ui/vault_dialogs.py", _restore),
    Screen("unlock", "ui/unlock.py", _unlock(error=False)),
    Screen("unlock: wrong passphrase", "ui/unlock.py", _unlock(error=True)),
    Screen("set-up", "ui/setup.py", _setup(recovery_page=False)),
    Screen("set-up: recovery key", "ui/setup.py", _setup(recovery_page=True)),
]
WINDOWS = [s for s in SCREENS if s.kind == "window"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(widget: QWidget, name: str, over: QWidget | None = None) -> None:
    """Save ``widget`` (drawn over ``over``, for a small window such as the lock warning) to docs/screenshots/ when
    asked (PREVENT_DESKTOP_SCREENSHOTS=1), so a test run leaves git clean; the grab itself always runs."""
    import os

    from PySide6.QtGui import QPainter

    image = (over or widget).grab()
    if over is not None:
        painter = QPainter(image)
        painter.drawPixmap(widget.mapToGlobal(widget.rect().topLeft()) - over.mapToGlobal(over.rect().topLeft()),
                           widget.grab())
        painter.end()
    assert not image.isNull()
    if os.environ.get("PREVENT_DESKTOP_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SCREENSHOTS / name))
MENUS = [s for s in SCREENS if s.kind == "menu"]


