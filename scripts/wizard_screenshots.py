"""Grab the referral wizard (every page) and *Log a concern* offscreen on a 1366×768 laptop screen into
docs/screenshots/wizard-*.png and cases-log-concern.png (synthetic data only).

The offscreen screen is the work area of a 1366×768 Windows laptop (768 px less a 40 px taskbar), so each window
takes the size it takes there; the grab is the window itself (offscreen windows have no frame).

Run: python scripts/wizard_screenshots.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

WORK_AREA = (1366, 728)
_screen = Path(tempfile.mkdtemp()) / "laptop.json"
_screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": WORK_AREA[0],
                                            "height": WORK_AREA[1], "logicalDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6.QtWidgets import QApplication  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from prevent_desktop.domain import dates  # noqa: E402
from prevent_desktop.paths import DataPaths  # noqa: E402
from prevent_desktop.services import settings  # noqa: E402
from prevent_desktop.services.cases import queries as case_queries  # noqa: E402
from prevent_desktop.services.cases import referral_draft  # noqa: E402
from prevent_desktop.services.vault_service import create_vault  # noqa: E402
from prevent_desktop.storage.keyslots import TEST_KDF  # noqa: E402
from tests import factories  # noqa: E402
from tests.support.kdf import install as _cheap_kdf  # noqa: E402

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(app: QApplication, seconds: float = 0.2) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    app = QApplication(sys.argv[:1])
    from prevent_desktop.ui.log_concern import LogConcernDialog
    from prevent_desktop.ui.wizard import ReferralWizard, focus_on

    with tempfile.TemporaryDirectory() as tmp:
        session, _ = create_vault(DataPaths(Path(tmp) / "v"), "orbit lantern cactus meadow 47", kdf=TEST_KDF,
                                  user_name="Sam Example", demo=True)
        settings.update(session, {"dso_phone": "020 7946 0999", "dso_email": "sam.example@example.org"})
        today = dates.today()
        case_id = factories.log_case(
            session, age=16, forenames="Zoë", surname="Al-Saʼdi", concern_date=factories.uk(today - timedelta(days=3)),
            what_happened="Shared a video praising a banned group in the class chat. <b>Not bold</b>",
        )
        version = case_queries.case_detail(session, case_id).version
        answers = {**case_queries.case_detail(session, case_id).answers,
                   "addresses": "1 Synthetic Road, Testtown (current)",
                   "complex_needs": "Dyslexia (known, in the learning support plan)."}
        referral_draft.save_draft(session, case_id, version, answers,
                                  {"1": "Two learners reported it to the tutor.", "2": "Video posted on Monday 14:10."})

        dialog = LogConcernDialog(session)
        dialog.show()
        dialog.danger.yes.setChecked(True)
        dialog.forenames.setText("Zoë")
        dialog.surname.setText("Al-Saʼdi")
        dialog.dob.setText("5/3/10")
        dialog.raiser.setText("Sam Tutor")
        dialog.what.setPlainText("Shared a video praising a banned group.")
        settle(app)
        dialog.grab().save(str(OUT / "cases-log-concern.png"))
        dialog.keeper.finish()
        dialog.reject()

        wizard = ReferralWizard(session, case_id)
        wizard.show()
        settle(app)
        keys = list(wizard.page_ids)
        for key in keys:
            wizard.go_to(key)
            settle(app)
            wizard.grab().save(str(OUT / f"wizard-{keys.index(key) + 1:02d}-{key}.png"))
            if key == "points":  # the points asked once, as fields of the form
                focus_on(wizard.points.shared[8].go)
                settle(app)
                wizard.grab().save(str(OUT / f"wizard-{keys.index(key) + 1:02d}-{key}-asked-once.png"))
        wizard.reject()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
