"""Issue 14 acceptance: the real AppController through random interleavings of back-up-now, saves (the cases
service and the real referral wizard's draft save), lock (every trigger), unlock (the real unlock window with the
passphrase), export (the real Export dialog building, and sometimes saving, a PDF) and typing into the real *Log
a concern* dialog, often locking at once (the draft it keeps must be offered back at the next unlock).

Zero crashes (nothing reaches sys.excepthook, pytest-qt sees no exception in a slot), zero raw SQLite errors and
no ERROR log line, zero lost saves (every acknowledged save is on disk, read back on a fresh connection after quit),
every backup intact, no scratch file left. Seeded: the seed is printed; ``PREVENT_DESKTOP_STRESS_SEED=N`` replays
a run. 200 steps by default; ``PREVENT_DESKTOP_SOAK=1`` runs 2,000 with a fresh random seed.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from prevent_desktop.errors import KnownError
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import drafts as drafts_service
from prevent_desktop.services.cases import actions, intake, queries, referral_draft
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage import audit
from prevent_desktop.storage.backup import list_backups, read_backup
from prevent_desktop.storage.db import integrity_problems, open_connection
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret, unwrap_key
from prevent_desktop.ui.app import WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, AppController, SessionLockFilter
from prevent_desktop.ui.drafts_dialog import DraftsDialog
from prevent_desktop.ui.export_hooks import request_export
from prevent_desktop.ui.log_concern import LogConcernDialog
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.unlock import UnlockWindow
from prevent_desktop.ui.wizard import ReferralWizard
from tests.conftest import PASSPHRASE

SOAK = os.environ.get("PREVENT_DESKTOP_SOAK") == "1"
STEPS = 2000 if SOAK else 200
SEED = int(os.environ.get("PREVENT_DESKTOP_STRESS_SEED") or (random.SystemRandom().randrange(1, 2**31) if SOAK
                                                            else 20261201))
TODAY = date(2026, 3, 2)
EXPORTS = ("referral-pack", "case-file", "action-plan", "policy-register")


class Run:
    def __init__(self, qtbot: Any, controller: AppController, paths: DataPaths, out: Path, rnd: random.Random,
                 case_ids: list[int]) -> None:
        self.qtbot, self.ctl, self.paths, self.out, self.rnd = qtbot, controller, paths, out, rnd
        self.wizard_case, *self.service_cases = case_ids
        self.notes: dict[int, str] = {}  # chronology id -> text, acknowledged
        self.drafts: dict[int, str] = {}  # case id -> last acknowledged "describe concerns"
        self.refused: list[str] = []  # saves refused with a KnownError (never acknowledged): expected none
        self.exported: list[Path] = []
        self.not_exported: list[str] = []
        self.wizard: ReferralWizard | None = None
        self.wizard_typed = ""
        self.wizard_version = 0
        self.dialog: Any = None
        self.concern_dialog: LogConcernDialog | None = None
        self.concern_typed = ""  # typed into Log a concern since it opened, not yet through a lock
        self.concern_expected = ""  # what the next unlock must offer back
        self.concerns_offered = 0
        self.concerns_lost: list[str] = []
        self.ops: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.last = ""
        self.outcomes: list[tuple[str, Any]] = []
        controller.jobs.job_finished.connect(lambda job: self.outcomes.append((job.what, job.outcome)))

    # -- helpers ---------------------------------------------------------------------------------------------
    @property
    def main(self) -> MainWindow | None:
        main = self.ctl.main_window
        return main if isinstance(main, MainWindow) and shiboken6.isValid(main) else None

    def text(self, what: str) -> str:
        return f"{what} {self.ops.total()} {self.rnd.randrange(10**6)}"

    # -- operations ------------------------------------------------------------------------------------------
    def backup(self) -> None:
        if self.ctl.action_backup.isEnabled():
            self.ctl.action_backup.trigger()

    def note(self) -> None:
        case_id, text = self.rnd.choice(self.service_cases), self.text("note")
        try:
            self.notes[actions.add_note(self.ctl.session, case_id, text)] = text
        except KnownError as exc:
            self.refused.append(f"note: {exc}")

    def draft(self) -> None:
        ui, case_id, text = self.ctl.session, self.rnd.choice(self.service_cases), self.text("draft")
        try:
            version = queries.case_detail(ui, case_id).version
            referral_draft.save_draft(ui, case_id, version, {"describe_concerns": text}, {})
        except KnownError as exc:
            self.refused.append(f"draft: {exc}")
        else:
            self.drafts[case_id] = text

    def wizard_save(self) -> None:
        """The real wizard: type into "Describe concerns"; save now, or leave it to the next lock (which closes
        the wizard, and closing saves)."""
        if self.wizard is None or not shiboken6.isValid(self.wizard) or not self.wizard.isVisible():
            self.wizard = ReferralWizard(self.ctl.session, self.wizard_case, self.main)
            self.wizard.finished.connect(lambda _result: self.check_wizard())  # closing saves (also at lock)
            self.wizard.show()
        page = next(p for p in self.wizard.sections if p.section.id == "concerns")
        self.wizard_typed, self.wizard_version = self.text("wizard"), self.wizard.version
        page.editor("describe_concerns").widget.setPlainText(self.wizard_typed)
        if self.rnd.random() < 0.6 and not self.wizard.save_now():
            self.refused.append(f"wizard: {self.wizard.last_status}")
        self.check_wizard()

    def check_wizard(self) -> None:
        """What the wizard typed is acknowledged once it reports a save after the typing (an explicit save, its
        800 ms autosave, or closing it at lock): its draft version moved on."""
        wizard = self.wizard
        if self.wizard_typed and wizard is not None and shiboken6.isValid(wizard):
            if wizard.version > self.wizard_version:
                self.drafts[self.wizard_case] = self.wizard_typed
                self.wizard_typed = ""
            elif getattr(wizard, "last_status", "").startswith("Not saved"):
                self.refused.append(f"wizard: {wizard.last_status}")
                self.wizard_typed = ""

    def export(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.reject()
        kind, case_id = self.rnd.choice(EXPORTS), self.rnd.choice(self.service_cases)
        params: dict[str, int] = {}
        if kind == "referral-pack":
            params["case_id"] = case_id
        elif kind == "case-file":
            params["person_id"] = queries.case_detail(self.ctl.session, case_id).person.id
        self.dialog = request_export(self.main, self.ctl.session, kind, **params)
        if not hasattr(self.dialog, "page_count"):  # a message box: this document cannot be made (yet)
            self.not_exported.append(f"{kind}: {self.dialog.text()}")
            self.dialog.close()
            return
        if self.rnd.random() < 0.5:
            dialog = self.dialog
            self.qtbot.waitUntil(lambda: dialog.page_count > 0 or dialog.ui.errorLabel.isVisible(), timeout=20000)
            assert dialog.page_count > 0, dialog.ui.errorLabel.text()
            target = self.out / f"export-{len(self.exported)}.pdf"
            dialog.choose_path = lambda _suggested: str(target)
            dialog.ui.encryptCheck.setChecked(False)
            dialog.save()
            self.exported.append(target)

    def concern(self) -> None:
        """Type into the real Log a concern dialog; half the time lock at once (before the debounced save)."""
        main = self.main
        assert main is not None
        dialog = self.concern_dialog
        if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
            page = main.show_area("Cases")
            page.log_concern()
            dialog = self.concern_dialog = page.concern_dialog
            dialog.danger.yes.click()
            dialog.forenames.setText("Dee")
        self.concern_typed = self.text("concern")
        dialog.what.setFocus()
        dialog.what.setPlainText(self.concern_typed[:-3])
        dialog.what.moveCursor(dialog.what.textCursor().MoveOperation.End)
        self.qtbot.keyClicks(dialog.what, self.concern_typed[-3:])
        assert dialog.what.toPlainText() == self.concern_typed
        if self.rnd.random() < 0.5:
            self.ops["concern:lock-at-once"] += 1
            self.lock()

    def check_concern_offered(self) -> None:
        """After unlock: the concern typed before the lock is offered back (then discarded, audited)."""
        expected, self.concern_expected = self.concern_expected, ""
        if not expected:
            return
        offer = self.ctl.drafts_offer
        summaries = [offer.model.record(r) for r in range(offer.model.rowCount())] \
            if isinstance(offer, DraftsDialog) else []
        if not any(s.draft.kind == "concern" and s.draft.values.get("what") == expected for s in summaries):
            self.concerns_lost.append(expected)
        else:
            self.concerns_offered += 1
        for s in summaries:
            if s.draft.kind == "concern":
                drafts_service.discard(self.ctl.session, s.draft.id)
        if isinstance(offer, DraftsDialog):
            offer.reject()

    def lock(self) -> None:
        main = self.main
        assert main is not None
        wizard_open = self.wizard is not None and shiboken6.isValid(self.wizard) and self.wizard.isVisible()
        how = self.rnd.choice(["action", "ctrl-l", "idle", "minimise", "screen-lock"])
        if how == "ctrl-l" and QApplication.activeModalWidget() is None and not wizard_open:
            main.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=2000)
            self.qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        elif how == "idle":
            self.ctl.idle_timer.start(0)
        elif how == "minimise":
            main.setWindowState(Qt.WindowState.WindowMinimized)
        elif how == "screen-lock":
            SessionLockFilter(
                self.ctl._lock_from_system, parse=lambda _m: (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
            ).nativeEventFilter(b"windows_generic_MSG", 0)
        else:
            main.ui.actionLock.trigger()
        self.ops[f"lock:{how}"] += 1
        self.qtbot.waitUntil(lambda: self.ctl.is_locked, timeout=5000)
        self.check_wizard()  # closing the wizard at lock saved it
        self.wizard, self.dialog, self.concern_dialog = None, None, None
        if self.concern_typed:  # the lock kept it as a draft
            self.concern_expected, self.concern_typed = self.concern_typed, ""

    def unlock(self) -> None:
        window = self.ctl.window
        assert isinstance(window, UnlockWindow)
        window.ui.passphraseEdit.setText(PASSPHRASE)
        self.qtbot.keyClick(window.ui.passphraseEdit, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: isinstance(self.ctl.window, MainWindow) or window.ui.errorLabel.isVisible(),
                             timeout=20000)
        assert isinstance(self.ctl.window, MainWindow), window.ui.errorLabel.text()
        self.check_concern_offered()

    def wait(self) -> None:
        self.qtbot.wait(self.rnd.choice([0, 1, 5, 20]))

    def step(self) -> None:
        began = time.perf_counter()
        self._step()
        self.seconds[self.last] += time.perf_counter() - began

    def _step(self) -> None:
        if self.ctl.is_locked:
            name = self.rnd.choices(["unlock", "wait"], [75, 25])[0]
        else:
            name = self.rnd.choices(
                ["backup", "note", "draft", "wizard_save", "export", "concern", "lock", "wait"],
                [16, 18, 10, 10, 10, 8, 8, 20],
            )[0]
        self.ops[name] += 1
        self.last = name
        getattr(self, name)()
        QApplication.processEvents()
        self.check_wizard()


@pytest.fixture
def vault(paths: DataPaths) -> list[int]:
    session, _ = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    try:
        session.vault.set_setting("lock_on_minimise", "1")
        return [
            intake.log_concern(
                session,
                intake.ConcernInput(
                    forenames=name, surname="Testperson", dob="", subject_role="learner", raised_by_role="staff",
                    raiser_name="Sam Tutor", concern_date=TODAY.strftime("%d/%m/%Y"), what_happened="A concern.",
                ),
                today=TODAY,
            )
            for name in ("Ada", "Ben", "Cy")
        ]
    finally:
        session.close()


def test_random_interleavings_lose_nothing_and_never_crash(
    qtbot: Any, paths: DataPaths, settings: QSettings, vault: list[int], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    print(f"\nvault-jobs stress: seed={SEED} steps={STEPS} (replay: PREVENT_DESKTOP_STRESS_SEED={SEED})")
    crashes: list[str] = []
    monkeypatch.setattr("sys.excepthook", lambda t, e, tb: crashes.append(t.__name__))
    caplog.set_level(logging.WARNING)
    out = tmp_path / "exports"
    out.mkdir()
    controller = AppController(paths, settings=settings, kdf=TEST_KDF)
    started = time.monotonic()
    try:
        controller.start()
        run = Run(qtbot, controller, paths, out, random.Random(SEED), vault)
        run.unlock()
        for _ in range(STEPS):
            run.step()
        controller.quit()  # waits for the vault jobs, makes the automatic backup
    finally:
        controller.jobs.wait(30_000)
        if controller.session is not None:
            controller.session.close()
        controller.release_vault_lock()
    elapsed = time.monotonic() - started
    print(f"  {dict(sorted(run.ops.items()))}; {len(run.notes)} notes, {len(run.drafts)} cases with drafts, "
          f"{run.concerns_offered} typed concerns offered back, {len(run.exported)} PDFs saved, "
          f"{len(run.outcomes)} vault jobs, {elapsed:.1f} s")

    print("  seconds by operation:", {k: round(v, 1) for k, v in run.seconds.most_common()})
    print("  documents that could not be made:", sorted(set(run.not_exported)))
    assert crashes == [], f"seed {SEED}"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [], f"seed {SEED}"
    assert run.refused == [], f"seed {SEED}"
    failed_jobs = [(what, str(outcome)) for what, outcome in run.outcomes if isinstance(outcome, KnownError)]
    assert failed_jobs == [], f"seed {SEED}"
    assert run.ops["backup"] and run.ops["unlock"] > 1 and run.ops["export"]
    assert run.concerns_lost == [], f"seed {SEED}: typed concerns not offered back after unlock"
    assert run.concerns_offered > 0

    # Every acknowledged save is on disk, read on a fresh connection; the vault and its backups are intact.
    key = unwrap_key(paths, Secret.passphrase(PASSPHRASE))
    conn = open_connection(paths.database, key)
    try:
        stored = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM chronology WHERE kind = 'note'")}
        assert {i: stored.get(i) for i in run.notes} == run.notes, f"seed {SEED}"
        for case_id, text in run.drafts.items():
            row = conn.execute("SELECT answers_json FROM cases WHERE id = ?", (case_id,)).fetchone()
            assert json.loads(row[0]).get("describe_concerns") == text, f"seed {SEED}: case {case_id}"
        assert integrity_problems(conn) == []
        assert audit.verify(conn) == []
    finally:
        conn.close()
    made = list_backups(paths.backups)
    assert made and all(read_backup(p).info.verified for p in made)
    scratch = [p.name for d in (paths.root, paths.backups) for p in d.iterdir()
               if p.name.endswith((".partial", ".export.db", ".export.db-journal"))]
    assert scratch == []
    for pdf in run.exported:
        assert pdf.read_bytes().startswith(b"%PDF"), pdf.name
