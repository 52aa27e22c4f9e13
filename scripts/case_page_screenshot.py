"""Grab the case page at 1366×768 offscreen into docs/screenshots/case-page.png (synthetic demo data only).

Run: QT_QPA_PLATFORM=offscreen python scripts/case_page_screenshot.py [--scale 2.0] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prevent_desktop.domain import case_records
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import (
    attachments,
    intake,
    referral_draft,
    tasks,
)
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.support.kdf import install as _cheap_kdf

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "case-page.png"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.scale != 1.0:
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * args.scale)
        app.setFont(font)
    from prevent_desktop.ui.case_view import CaseView

    with tempfile.TemporaryDirectory() as tmp:
        session, _ = create_vault(DataPaths(Path(tmp) / "v"), "orbit lantern cactus meadow 47", kdf=TEST_KDF,
                                  demo=True)
        today = date.today()
        case_id = intake.log_concern(session, case_records.ConcernInput(
            forenames="Zoë", surname="Testperson", dob=(today - timedelta(days=16 * 365 + 40)).strftime("%d/%m/%Y"),
            subject_role="learner", raised_by_role="staff", raiser_name="Sam Tutor",
            concern_date=(today - timedelta(days=9)).strftime("%d/%m/%Y"),
            what_happened="Shared a video praising a banned group in the class chat and said others should "
                          "watch it (synthetic example).",
        ))
        v = case_queries.case_detail(session, case_id).version
        v = referral_draft.save_draft(session, case_id, v, {
            **case_queries.case_detail(session, case_id).answers, "addresses": "1 Synthetic Road (current)",
        }, {"1": "Two learners reported it to the tutor.", "2": "Video posted on Monday at 14:10."})
        entry = case_actions.add_note(session, case_id, "Spoke with the learner and tutor.",
                                      (today - timedelta(days=8)).strftime("%d/%m/%Y"))
        case_actions.add_addendum(session, case_id, entry, "Correction: the programme leader was also present.")
        v = case_queries.case_detail(session, case_id).version
        case_actions.record_decision(session, case_id, v, "police_prevent", "Discussed with Kent Police Prevent Team.",
                                     (today - timedelta(days=6)).strftime("%d/%m/%Y"))
        attachments.attach_bytes(session, case_id, "tutor-statement.txt", b"Synthetic statement.\n",
                                 "Written by the tutor on the day.")
        tasks.add_task(session, case_id, "Phone the parent back", (today + timedelta(days=2)).strftime("%d/%m/%Y"))
        view = CaseView(session, case_id)
        view.resize(1366, 768)
        view.show()
        app.processEvents()
        widest = max((b.mapTo(view, b.rect().topRight()).x() for b in view.findChildren(type(view.next_button))
                      if b.isVisibleTo(view)), default=0)
        print(f"min size {view.minimumSizeHint().toTuple()}, widest button right edge {widest}")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(args.out))
        if os.environ.get("CASE_PAGE_CONTENT"):  # the whole scrolled page, to look at every section
            view.ui.caseContent.grab().save(os.environ["CASE_PAGE_CONTENT"])
        view.close()
        session.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
