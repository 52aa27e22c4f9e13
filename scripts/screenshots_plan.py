"""Screenshots of the action plan and the policy register from a synthetic demo vault (offscreen).

Usage: .venv/bin/python scripts/screenshots_plan.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from prevent_desktop.paths import DataPaths
from prevent_desktop.services import plan, policies
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.kdf import install as _cheap_kdf

_cheap_kdf()  # throw-away vault: cheap key derivation in this process only (the product has no switch for it)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    session, _ = create_vault(DataPaths(folder / "vault"), "orbit lantern cactus meadow 47",
                              user_name="Sam Example", kdf=TEST_KDF, demo=True)
    rows = plan.rows(session)
    plan.update_row(session, rows[0].id, "rag", "green", reason="Training matrix shows 100% complete")
    plan.update_row(session, rows[1].id, "rag", "amber", reason="Two staff still to complete")
    plan.update_row(session, rows[2].id, "rag", "red", reason="Certificate lapsed")
    plan.update_row(session, rows[2].id, "when_text", (date.today() - timedelta(days=20)).strftime("%d/%m/%Y"))
    plan.update_row(session, rows[3].id, "rag", "green", reason="All clearances on file")
    plan.update_row(session, rows[4].id, "action", "Risk-assess external speakers and visits")
    plan.update_row(session, rows[4].id, "who", "Dr John Dynes")
    plan.update_row(session, rows[4].id, "when_text", "Termly")
    plan.add_row(session, "Awareness", "Prevent briefing at induction", "Designated Safeguarding Lead", "Monthly",
                 after_row_id=rows[0].id)
    plan.add_evidence_note(session, rows[0].id, "Training matrix checked")
    plan.add_evidence_file(session, rows[3].id, "dbs-register-summary.txt", b"synthetic")
    reg = policies.register(session)
    policies.update_policy(session, reg[1].id, last_review=(date.today() - timedelta(days=40)).isoformat(),
                           owner="Quality Manager")
    policies.update_policy(session, reg[11].id, last_review=(date.today() - timedelta(days=350)).isoformat(),
                           owner="HR Advisor")
    policies.update_policy(session, reg[0].id, owner="Designated Safeguarding Officer")

    from prevent_desktop.ui.pages.plan import PlanPage
    from prevent_desktop.ui.pages.policies import PoliciesPage
    from prevent_desktop.ui.plan_dialogs import CoverageDialog, HistoryDialog

    page = PlanPage(session)
    page.resize(1360, 860)
    page.show()
    page.select_row_id(rows[2].id, 2)
    app.processEvents()
    page.grab().save(str(out / "plan-grid.png"))
    history = HistoryDialog(session, rows[2].id, page)
    history.show()
    app.processEvents()
    history.grab().save(str(out / "plan-history.png"))
    page.ask_rag_reason(rows[1].id, "amber", "green")
    assert page.reason_dialog is not None
    page.reason_dialog.reason.setText("Last two staff completed the course")
    app.processEvents()
    page.reason_dialog.grab().save(str(out / "plan-rag-reason.png"))
    page.reason_dialog.reject()
    coverage = CoverageDialog(session, page)
    coverage.show()
    app.processEvents()
    coverage.grab().save(str(out / "plan-duties-coverage.png"))
    pol = PoliciesPage(session)
    pol.resize(1300, 880)
    pol.show()
    app.processEvents()
    pol.grab().save(str(out / "policies-register.png"))
    for w in (history, coverage, page, pol):
        w.close()
    session.close()
    print("\n".join(str(p) for p in [*sorted(out.glob("plan*.png")), out / "policies-register.png"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
