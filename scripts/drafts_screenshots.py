"""Grab the drafts screens offscreen at 1366×768 into docs/screenshots/drafts-*.png (synthetic data only).

Through the real controller: unlock, type into *Log a concern* and a case note, lock, unlock: the resume list is
offered over the main window; then Esc in a resumed, typed concern asks "Discard what you typed?".

Run: QT_QPA_PLATFORM=offscreen python scripts/drafts_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from prevent_desktop.paths import DataPaths
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import factories
from tests.support.kdf import install as _cheap_kdf

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PASSPHRASE = "orbit lantern cactus meadow 47"
SIZE = (1366, 768)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


TITLE_BAR = 24


def screen(main: QWidget, *windows: QWidget) -> QPixmap:
    """The main window with its dialogs drawn where they sit, each with a plain title bar (offscreen windows have
    no window-manager frame)."""
    shot = main.grab()
    painter = QPainter(shot)
    for w in windows:
        at = w.geometry().topLeft() - main.geometry().topLeft()
        x, y = max(0, at.x()), max(TITLE_BAR, at.y())
        body = w.grab()
        painter.fillRect(QRect(x, y - TITLE_BAR, body.width(), TITLE_BAR), QColor("#3c4650"))
        painter.setPen(QColor("white"))
        painter.drawText(QRect(x + 8, y - TITLE_BAR, body.width() - 16, TITLE_BAR),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), w.windowTitle())
        painter.drawPixmap(QPoint(x, y), body)
        painter.setPen(QColor("#3c4650"))
        painter.drawRect(QRect(x - 1, y - TITLE_BAR - 1, body.width() + 1, body.height() + TITLE_BAR + 1))
    painter.end()
    return shot


def centre(main: QWidget, w: QWidget) -> None:
    w.move(main.geometry().center() - w.rect().center())


def main() -> int:
    app = QApplication(sys.argv[:1])
    from prevent_desktop.ui.app import AppController
    from prevent_desktop.ui.drafts_dialog import DraftsDialog

    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "v")
        session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF, demo=True, user_name="Demo DSO")
        case_id = factories.log_case(session, forenames="Zoë", surname="Al-Saʼdi", age=16, referral=True)
        session.close()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        controller = AppController(paths, settings=QSettings(str(Path(tmp) / "q.ini"), QSettings.Format.IniFormat),
                                   kdf=TEST_KDF)
        controller.auto_backups = False

        def unlock() -> QWidget:
            window = controller.window
            window.ui.passphraseEdit.setText(PASSPHRASE)
            QTest.keyClick(window.ui.passphraseEdit, Qt.Key.Key_Return)
            while controller.main_window is None:
                settle(app, 0.05)
            main_window: QWidget = controller.main_window
            main_window.resize(*SIZE)
            main_window.move(0, 0)
            settle(app)
            return main_window

        controller.start()
        main_window = unlock()
        cases = main_window.show_area("Cases")
        cases.new_button.click()
        concern = cases.concern_dialog
        concern.danger.no.click()
        QTest.keyClicks(concern.forenames, "Ann")
        QTest.keyClicks(concern.surname, "Example")
        QTest.keyClicks(concern.what, "Said in tutorial that the attack on the mosque was deserved")
        cases.open_case(case_id)
        note = cases.case_view.add_note()
        QTest.keyClicks(note.text, "Spoke to the tutor: the remark was repeated on Friday")
        settle(app)
        controller.lock()
        settle(app)
        main_window = unlock()
        offer = controller.drafts_offer
        assert isinstance(offer, DraftsDialog)
        centre(main_window, offer)
        settle(app)
        screen(main_window, offer).save(str(OUT / "drafts-resume-offer.png"))

        offer.table.selectRow([offer.model.record(r).draft.kind for r in range(offer.model.rowCount())]
                              .index("concern"))
        resumed = offer.resume_selected()
        assert resumed is not None
        centre(main_window, resumed)
        settle(app)
        QTest.keyClick(resumed, Qt.Key.Key_Escape)
        settle(app)
        box = next(b for b in resumed.findChildren(QMessageBox, "discardQuestion") if b.isVisible())
        centre(main_window, box)
        settle(app)
        screen(main_window, resumed, box).save(str(OUT / "drafts-discard-question.png"))
        box.defaultButton().click()
        controller.lock()
        settle(app)
        controller.window.close()
        controller.release_vault_lock()
    print("wrote", OUT / "drafts-resume-offer.png", "and", OUT / "drafts-discard-question.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
