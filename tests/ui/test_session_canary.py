"""Canary scan: a distinctive string written through every path we have (user name in the wizard, settings,
a contact, an audit detail, a case's person, concern, referral draft and Annex B2 point), then the app is used
(unlock, wrong unlock, backup, lock, auto backup, search, referral-pack preview, encrypted export, print, quit).
Afterwards the string is searched for in UTF-8 and UTF-16 in the data dir (every file: database, journal, key
slots, sidecars, backups, logs), the temp dir (files changed meanwhile) and the Qt settings folder: found nowhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter

from prevent_desktop.logs import setup_logging, shutdown_logging
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.cases import referral_draft
from prevent_desktop.storage.db import transaction
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.app import AppController
from prevent_desktop.ui.export_dialog import ExportDialog
from prevent_desktop.ui.main_window import MainWindow
from prevent_desktop.ui.setup import SetupWindow
from prevent_desktop.ui.unlock import UnlockWindow
from prevent_desktop.ui.workers import wait_for_all
from tests import factories
from tests.conftest import PASSPHRASE

CANARY = "Zq-CANARY-8d2e1f Wójcik"


def needles() -> list[bytes]:
    out = []
    for text in (CANARY, CANARY.split()[0], PASSPHRASE):  # the passphrase must not reach the disk either
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def files_under(folder: Path) -> Iterator[Path]:
    """Every regular file under ``folder``, skipping anything that vanishes or cannot be read during the walk
    (other processes create and delete temp files while we scan; ``Path.rglob`` raises FileNotFoundError then)."""
    for root, _dirs, names in os.walk(folder, onerror=lambda _error: None):
        for name in names:
            yield Path(root, name)


def scan(folder: Path, since: float | None = None, read: Callable[[Path], bytes] = Path.read_bytes) -> list[str]:
    hits = []
    for p in files_under(folder):
        try:
            info = p.lstat()
            if not stat.S_ISREG(info.st_mode) or (since is not None and info.st_mtime < since):
                continue
            data = read(p)
        except OSError:  # vanished or unreadable since it was listed
            continue
        hits += [f"{p} ({n[:12]!r})" for n in needles() if n in data]
    return hits


def test_scan_skips_files_and_folders_that_vanish_during_the_walk(tmp_path: Path) -> None:
    """Defect 11: the walk must survive folders and files deleted while it runs (Path.rglob raised)."""
    for folder in ("a", "b", "c"):
        (tmp_path / folder / "deep").mkdir(parents=True)
        for name in ("one", "two"):
            (tmp_path / folder / name).write_bytes(b"plain")  # (not the canary: the canary test scans temp)
            (tmp_path / folder / "deep" / name).write_bytes(b"plain")
    seen: list[Path] = []

    def vanishing_read(path: Path) -> bytes:
        data = path.read_bytes()
        if not seen:  # after the first file: every other folder and file goes away
            for other in tmp_path.iterdir():
                if other != path.parent:
                    shutil.rmtree(other)
            for sibling in path.parent.rglob("*"):
                if sibling != path and sibling.is_file():
                    sibling.unlink()
            shutil.rmtree(path.parent / "deep", ignore_errors=True)
        seen.append(path)
        return data

    assert scan(tmp_path, read=vanishing_read) == []
    assert len(seen) == 1  # no crash, and nothing that had gone was read
    assert seen[0].exists()


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
        case_id = factories.log_case(session, forenames=CANARY, raiser_name=CANARY, what_happened=CANARY)
        detail = case_queries.case_detail(session, case_id)
        referral_draft.save_draft(
            session, case_id, detail.version, {**detail.answers, "describe_concerns": CANARY}, {"1": CANARY}
        )
        assert [r.id for r in case_queries.search(session, CANARY.split()[0])] == [case_id]
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
