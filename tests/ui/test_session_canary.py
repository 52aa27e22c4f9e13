"""Canary scan: a distinctive string written through every path we have (user name in the wizard, settings,
a contact, an audit detail, a case's person, concern, referral draft and Annex B2 point), then the app is used
(unlock, wrong unlock, backup, lock, auto backup, search, referral-pack preview, encrypted export, print, quit).
Afterwards the string is searched for in UTF-8 and UTF-16 in the data dir (every file: database, journal, key
slots, sidecars, backups, logs), the temp dir (files changed meanwhile) and the Qt settings folder: found nowhere.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter

from prevent_desktop.logs import setup_logging, shutdown_logging
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import cases
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.export_dialog import ExportDialog
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.setup import SetupWindow
from prevent_desktop.ui.unlock import UnlockWindow
from prevent_desktop.ui.workers import wait_for_all
from tests.conftest import PASSPHRASE

CANARY = "Zq-CANARY-8d2e1f Wójcik"


def needles() -> list[bytes]:
    out = []
    for text in (CANARY, CANARY.split()[0], PASSPHRASE):  # the passphrase must not reach the disk either
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def scan(folder: Path, since: float | None = None) -> list[str]:
    hits = []
    for p in folder.rglob("*"):
        try:
            if not p.is_file() or (since is not None and p.stat().st_mtime < since):
                continue
            data = p.read_bytes()
        except OSError:
            continue
        hits += [f"{p} ({n[:12]!r})" for n in needles() if n in data]
    return hits


def test_canary_is_found_nowhere_on_disk(qtbot, tmp_path: Path, isolated_qsettings: Path) -> None:  # type: ignore[no-untyped-def]
    import time

    started = time.time() - 1
    paths = DataPaths(tmp_path / "vault")
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "PreventDesktop", "PreventDesktop")
    setup_logging(paths)
    controller = AppController(paths, settings=settings, kdf=TEST_KDF)
    try:
        window = controller.start()
        assert isinstance(window, SetupWindow)
        window.ui.nameEdit.setText(CANARY)  # (QTest cannot type non-ASCII keys)
        window.ui.passphraseEdit.setText(PASSPHRASE)
        window.ui.confirmEdit.setText(PASSPHRASE)
        qtbot.mouseClick(window.ui.createButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.ui.pages.currentWidget() is window.ui.recoveryPage, timeout=10000)
        window.ui.writtenCheck.setChecked(True)
        qtbot.mouseClick(window.ui.continueButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.session is not None, timeout=10000)  # created after the key is seen
        session = controller.session
        session.vault.set_setting("canary_note", CANARY)
        with transaction(session.conn):
            session.conn.execute("UPDATE contacts SET name = ?, notes = ? WHERE rowid = 1", (CANARY, CANARY))
            session.audit("test.canary", "case", "1", CANARY)
        main = controller.main_window
        assert CANARY not in main.windowTitle()
        controller.action_backup.trigger()
        qtbot.waitUntil(lambda: getattr(controller, "last_manual_backup", None) is not None, timeout=10000)
        main.ui.actionLock.trigger()
        qtbot.waitUntil(lambda: controller.last_auto_backup is not None, timeout=10000)
        unlock = controller.window
        assert isinstance(unlock, UnlockWindow)
        unlock.ui.passphraseEdit.setText("a wrong passphrase")
        qtbot.mouseClick(unlock.ui.unlockButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: unlock.ui.errorLabel.isVisible(), timeout=10000)
        unlock.ui.passphraseEdit.setText(PASSPHRASE)
        qtbot.mouseClick(unlock.ui.unlockButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10000)
        controller.show_audit_log().close()
        # Cases: a concern, a wizard draft, search, the case page, then the referral pack previewed from memory
        # and exported encrypted (outside the data dir), and the print path rendered from memory.
        session = controller.session
        case_id = cases.log_concern(
            session,
            cases.ConcernInput(
                forenames=CANARY,
                surname="Example",
                dob="",
                subject_role="learner",
                raised_by_role="staff",
                raiser_name=CANARY,
                concern_date=date.today().strftime("%d/%m/%Y"),
                what_happened=CANARY,
            ),
        )
        detail = cases.case_detail(session, case_id)
        cases.save_draft(
            session, case_id, detail.version, {**detail.answers, "describe_concerns": CANARY}, {"1": CANARY}
        )
        assert [r.id for r in cases.search(session, CANARY.split()[0])] == [case_id]
        controller.main_window.show_area("Cases")
        dialog = ExportDialog(session, "referral-pack", {"case_id": case_id})
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start()
        qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
        assert dialog.ui.encryptCheck.isChecked()  # case data: encrypted by default
        out_dir = tmp_path / "exports"
        out_dir.mkdir()
        dialog.choose_path = lambda suggested: str(out_dir / suggested)  # type: ignore[method-assign]
        dialog.ui.passwordEdit.setText("canary pdf password")
        dialog.ui.repeatEdit.setText("canary pdf password")
        qtbot.mouseClick(dialog.ui.saveButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Saved" in dialog.ui.statusLabel.text(), timeout=20000)
        printer = dialog.make_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stand-in for a printer, outside the data dir
        printer.setOutputFileName(str(tmp_path / "printed-stand-in.pdf"))
        assert dialog.print_to(printer) == dialog.page_count
        dialog.close()
        exported = list(out_dir.iterdir())
        assert len(exported) == 1 and CANARY.split()[0] not in exported[0].name
        assert scan(out_dir) == []  # the encrypted PDF holds no plain text
        controller.main_window.close()  # quit: automatic backup, lock released
        wait_for_all(10_000)
    finally:
        if controller.session is not None:
            controller.session.close()
        controller.release_vault_lock()
        shutdown_logging()
    settings.sync()
    assert (paths.logs / "prevent-desktop.log").exists()
    assert len(list(paths.backups.glob("auto-*.pdbackup"))) >= 2
    hits = scan(paths.root) + scan(isolated_qsettings) + scan(Path(tempfile.gettempdir()), since=started)
    # (The temp-dir scan skips pytest's own folders, which hold this test's source and its captured output.)
    hits = [h for h in hits if "pytest-of-" not in h or str(paths.root) in h or str(isolated_qsettings) in h]
    assert hits == []
    assert settings.allKeys() == ["main_window/geometry"]
