"""Grab the set-up and vault screens changed by issue 15 into docs/screenshots/, on a 1366x768 offscreen screen
(synthetic data only): set-up with the "too weak" error, the print-to-file warning, the new-passphrase prompt
after a recovery-key unlock, and the audit log viewer.

Usage: .venv/bin/python scripts/screenshots_vault.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_SCREEN = Path(tempfile.mkdtemp()) / "laptop.json"
_SCREEN.write_text(json.dumps({"screens": [{"name": "Laptop 1366x768", "x": 0, "y": 0, "width": 1366,
                                            "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

from tests.support.kdf import install as _cheap_kdf  # noqa: E402

_cheap_kdf()  # throw-away vaults: cheap key derivation in this process only (the product has no switch for it)

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from prevent_desktop.paths import DataPaths  # noqa: E402
from prevent_desktop.storage.keyslots import TEST_KDF  # noqa: E402
from prevent_desktop.ui.app import AppController  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "orbit lantern cactus meadow 47"
SHEET = "/home/dso/Documents/recovery-sheet.pdf"  # shown in the warning only: nothing is written


def settle(app: QApplication, until: object = None, rounds: int = 600) -> None:
    for _ in range(rounds):
        app.processEvents()
        if until is not None and until():  # type: ignore[operator]
            return
        time.sleep(0.01)


def over(parent: QWidget, dialog: QWidget) -> QImage:
    """``parent`` with ``dialog`` where it sits, framed (the offscreen platform draws no window frames)."""
    image = parent.grab().toImage()
    painter = QPainter(image)
    at = dialog.mapToGlobal(QPoint(0, 0)) - parent.mapToGlobal(QPoint(0, 0))
    shot = dialog.grab()
    painter.fillRect(at.x() + 4, at.y() + 4, shot.width(), shot.height(), QColor(0, 0, 0, 60))
    painter.drawPixmap(at, shot)
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.drawRect(at.x(), at.y(), shot.width() - 1, shot.height() - 1)
    painter.end()
    return image


def centre(window: QWidget, width: int, height: int) -> None:
    window.resize(width, height)
    screen = window.screen().availableGeometry()
    window.move(screen.center() - window.rect().center())


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert app.primaryScreen().size().width() == 1366
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)

        # Set-up: Enter with a weak passphrase → the error (it goes as soon as the passphrase changes).
        fresh = AppController(DataPaths(Path(tmp) / "fresh"), kdf=TEST_KDF)
        setup = fresh.start()
        centre(setup, 620, 520)
        setup.ui.nameEdit.setText("A. Example (DSO)")
        setup.ui.passphraseEdit.setText("password1")
        setup.ui.confirmEdit.setText("password1")
        setup.ui.confirmEdit.returnPressed.emit()
        settle(app, rounds=20)
        setup.grab().save(str(OUT / "setup-too-weak.png"))

        # The recovery key page, printed to a file: the warning comes before anything is written.
        setup.ui.passphraseEdit.setText(PASSPHRASE)
        setup.ui.confirmEdit.setText(PASSPHRASE)
        setup.ui.confirmEdit.returnPressed.emit()
        settle(app, lambda: setup.ui.pages.currentWidget() is setup.ui.recoveryPage)
        from prevent_desktop.ui.printing import ask_before_file

        box = ask_before_file(setup, "the recovery key", SHEET, lambda: None)
        settle(app, rounds=20)
        over(setup, box).save(str(OUT / "setup-print-to-file-warning.png"))
        box.done(QMessageBox.StandardButton.Cancel)
        setup.close()

        # A vault with some history, unlocked with the recovery key: the new-passphrase prompt.
        from prevent_desktop.services import backup_service
        from prevent_desktop.services.demo import fill_demo
        from prevent_desktop.services.vault_service import create_vault

        paths = DataPaths(Path(tmp) / "vault")
        session, recovery = create_vault(paths, PASSPHRASE, user_name="A. Example (DSO)", kdf=TEST_KDF, demo=True)
        fill_demo(session, 30)
        from tests.factories import log_case

        log_case(session, decision="channel", outcome="channel_adopted")
        log_case(session, surname="Sample")
        backup_service.backup_now(session)
        recovery, _safety = backup_service.rekey(session, PASSPHRASE, kdf=TEST_KDF)  # "Recovery key replaced"
        session.close()
        ctl = AppController(paths, kdf=TEST_KDF)
        ctl.auto_backups = False
        unlock = ctl.start()
        unlock.ui.recoveryCheck.setChecked(True)
        unlock.ui.passphraseEdit.setText(recovery)
        unlock.try_unlock()
        settle(app, lambda: getattr(ctl, "new_passphrase_dialog", None) is not None)
        main_window = ctl.main_window
        main_window.setGeometry(0, 0, 1366, 768)
        dialog = ctl.new_passphrase_dialog
        dialog.ui.newEdit.setText("violet harbour")
        settle(app, rounds=30)
        dialog.move(main_window.geometry().center() - dialog.rect().center())
        settle(app, rounds=10)
        over(main_window, dialog).save(str(OUT / "recovery-unlock-new-passphrase.png"))
        dialog.ui.newEdit.clear()
        dialog.reject()  # put off (audited): it shows in the audit log below

        audit = ctl.show_audit_log()
        audit.resize(1100, 560)
        audit.move(main_window.geometry().center() - audit.rect().center())
        settle(app, rounds=30)
        audit.grab().save(str(OUT / "audit-log.png"))
        audit.close()
        ctl.quit()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
