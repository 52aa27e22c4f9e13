"""Grab the cases screens offscreen into docs/screenshots/cases-*.png (synthetic demo data only). The wizard's
pages and Log a concern are grabbed at the laptop size by scripts/wizard_screenshots.py.

Run: QT_QPA_PLATFORM=offscreen python scripts/cases_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from prevent_desktop.domain import case_records
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import intake, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.demo import fill_demo
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.kdf import install as _cheap_kdf

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    app = QApplication(sys.argv[:1])
    from prevent_desktop.ui.case_view import CaseView
    from prevent_desktop.ui.pages.cases import CasesPage

    with tempfile.TemporaryDirectory() as tmp:
        session, _ = create_vault(DataPaths(Path(tmp) / "v"), "orbit lantern cactus meadow 47", kdf=TEST_KDF,
                                  demo=True)
        fill_demo(session, 2000, seed=7)
        today = date.today()
        case_id = intake.log_concern(session, case_records.ConcernInput(
            forenames="Zoë", surname="Al-Saʼdi", dob=(today - timedelta(days=16 * 365 + 40)).strftime("%d/%m/%Y"),
            subject_role="learner", raised_by_role="staff", raiser_name="Sam Tutor",
            concern_date=(today - timedelta(days=3)).strftime("%d/%m/%Y"),
            what_happened="Shared a video praising a banned group in the class chat. <b>Not bold</b> 👋",
        ))
        v = case_queries.case_detail(session, case_id).version
        v = referral_draft.save_draft(session, case_id, v, {
            **case_queries.case_detail(session, case_id).answers, "addresses": "1 Synthetic Road (current)",
        }, {"1": "Two learners reported it to the tutor.", "2": "Video posted on Monday at 14:10."})
        entry = case_actions.add_note(session, case_id, "Spoke with the learner and tutor.",
                                 (today - timedelta(days=2)).strftime("%d/%m/%Y"))
        case_actions.add_addendum(session, case_id, entry, "Correction: the programme leader was also present.")
        v = case_actions.record_decision(
            session, case_id, v, "police_prevent", "Discussed with Kent Police Prevent Team."
        )

        page = CasesPage(session)
        page.resize(1100, 640)
        page.show()
        app.processEvents()
        page.grab().save(str(OUT / "cases-list.png"))

        view = CaseView(session, case_id)
        view.resize(1100, 640)
        view.show()
        view.tabs.setCurrentIndex(1)
        view.chron_table.selectRow(1)
        app.processEvents()
        view.grab().save(str(OUT / "cases-chronology.png"))
        view.tabs.setCurrentIndex(0)
        app.processEvents()
        view.grab().save(str(OUT / "cases-case-view.png"))
        view.close()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
