"""Write the sample PDFs in docs/samples/ (synthetic data only): the referral pack and case file from
``prevent_desktop.reports.samples``, the action plan, contacts cards and policy register from a throw-away demo
vault seeded from the bundled profile.

Usage: .venv/bin/python scripts/write_sample_pdfs.py [DIR]   (default: docs/samples)
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prevent_desktop.reports import samples  # noqa: E402
from prevent_desktop.reports.case_file import build_case_file  # noqa: E402
from prevent_desktop.reports.referral_pack import build_referral_pack  # noqa: E402

NOW = datetime(2026, 11, 26, 14, 5)


def write_samples(folder: Path) -> None:
    """The docs/samples PDFs: a throw-away demo vault seeded from the bundled profile + the synthetic case data."""
    import tempfile

    from tests.support.kdf import install

    install()  # a throw-away vault: cheap key derivation in this process only (the product has no switch for it)
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services import exports
    from prevent_desktop.services.vault_service import create_vault
    from prevent_desktop.storage.db import transaction
    from prevent_desktop.storage.keyslots import TEST_KDF

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        session, _ = create_vault(
            DataPaths(Path(tmp) / "v"), "orbit lantern cactus meadow 47", user_name="Test DSO", kdf=TEST_KDF, demo=True
        )
        try:
            with transaction(session.conn):
                for no, rag in ((1, "red"), (2, "amber"), (3, "green"), (4, "green")):
                    session.conn.execute("UPDATE plan_rows SET rag = ? WHERE no = ?", (rag, no))
            for kind, params, name in (
                ("action-plan", {}, "action-plan"),
                ("contacts-card", {}, "contacts-card-a4"),
                ("contacts-card", {"variant": "fold"}, "contacts-card-fold"),
                ("policy-register", {}, "policy-register"),
            ):
                pdf, _info = exports.build_document(session, kind, **params)
                (folder / f"{name}.pdf").write_bytes(pdf)
            # the annual summary: seeded synthetic cases over six years, the 2025/26 academic year (ended by NOW)
            from prevent_desktop.services.demo import fill_demo

            fill_demo(session, 600, today=NOW.date())
            pdf, _info = exports.build_document(session, "annual-summary", year="2025", now=NOW)
            (folder / "annual-summary.pdf").write_bytes(pdf)
            org = session.organisation_name
        finally:
            session.close()
    (folder / "referral-pack.pdf").write_bytes(
        build_referral_pack(samples.referral_pack(), organisation=org, generated_at=NOW, demo=True)
    )
    (folder / "case-file.pdf").write_bytes(
        build_case_file(samples.case_file(30, 2), organisation=org, generated_at=NOW, demo=True)
    )
    print(f"sample PDFs written to {folder}")


if __name__ == "__main__":
    write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples")
