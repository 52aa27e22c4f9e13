"""Grab the main screens offscreen into docs/screenshots/ (synthetic data only).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.kdf import install as _cheap_kdf  # noqa: E402

_cheap_kdf()  # throw-away vaults: cheap key derivation in this process only (the product has no switch for it)

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from prevent_desktop.paths import DataPaths  # noqa: E402
from prevent_desktop.services.vault_service import create_vault  # noqa: E402
from prevent_desktop.storage.keyslots import TEST_KDF  # noqa: E402
from prevent_desktop.ui.app import AppController  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "orbit lantern cactus meadow 47"


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        fresh = AppController(DataPaths(Path(tmp) / "fresh"), kdf=TEST_KDF)
        setup = fresh.start()
        setup.resize(620, 500)
        settle(app)
        setup.grab().save(str(OUT / "setup.png"))
        setup.close()

        paths = DataPaths(Path(tmp) / "vault")
        session, _ = create_vault(paths, PASSPHRASE, user_name="A. Example (DSO)", kdf=TEST_KDF, demo=True)
        from prevent_desktop.services.demo import fill_demo

        fill_demo(session, 250)
        session.close()
        ctl = AppController(paths, kdf=TEST_KDF)
        unlock = ctl.start()
        unlock.resize(540, 380)
        settle(app)
        unlock.grab().save(str(OUT / "unlock.png"))
        unlock.ui.passphraseEdit.setText(PASSPHRASE)
        unlock.try_unlock()
        for _ in range(400):
            app.processEvents()
            if ctl.main_window is not None:
                break
            import time

            time.sleep(0.01)
        main_window = ctl.main_window
        main_window.resize(1280, 800)
        for area in ["Home", "Cases", "Contacts", "Action plan", "Policies"]:
            main_window.show_area(area)
            settle(app)
            main_window.grab().save(str(OUT / f"main-{area.lower().replace(' ', '-')}.png"))
        ctl.quit()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
