"""The export service against a real vault: data gathered from the seeded registers, export flow and records."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.reports import PDF_TITLE
from prevent_desktop.services import exports
from prevent_desktop.storage import audit
from prevent_desktop.storage.db import transaction

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text_of(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_registry_of_kinds() -> None:
    assert list(exports.KINDS) == [
        "referral-pack", "case-file", "action-plan", "contacts-card", "policy-register", "annual-summary"
    ]
    assert exports.KINDS["referral-pack"].has_case_data and exports.KINDS["case-file"].has_case_data
    assert not exports.KINDS["contacts-card"].has_case_data
    assert not exports.KINDS["annual-summary"].has_case_data  # anonymised counts: the OFFICIAL marking


def test_contacts_card_from_the_vault(session: Any) -> None:
    pdf, info = exports.build_document(session, "contacts-card")
    assert info.filename.startswith("contacts-card-") and info.filename.endswith(".pdf")
    assert not info.has_case_data
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = text_of(pdf)
    for group in ("Designated Prevent Officer – MKC Training", "Department for Education",
                  "Military soldier safeguarding / Prevent concerns",
                  "Other learner and apprentice safeguarding / Prevent concerns", "Emergency and reporting lines"):
        assert group in text
    for number in ("01634 822386", "07901 384401", "0785 507 9207", "03000 41 11 11", "999", "0800 789 321"):
        assert number in text
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    fold, info = exports.build_document(session, "contacts-card", variant="fold")
    assert info.filename.startswith("contacts-card-fold-")
    assert len(PdfReader(io.BytesIO(fold)).pages) == 1
    with pytest.raises(ValidationError):
        exports.build_document(session, "contacts-card", variant="poster")


def test_action_plan_from_the_vault_with_history(session: Any) -> None:
    conn = session.conn
    with transaction(conn):
        conn.execute("UPDATE plan_rows SET rag = 'red' WHERE no = 1")
        conn.execute("UPDATE plan_rows SET rag = 'green' WHERE no = 2")
        row_id = conn.execute("SELECT id FROM plan_rows WHERE no = 1").fetchone()[0]
        conn.execute(
            "INSERT INTO plan_history (row_id, changed_at, changed_by, field, old_value, new_value, reason) "
            "VALUES (?, '2026-06-01T10:00:00', 'Test DSO', 'rag', '', 'red', 'Training lapsed')",
            (row_id,),
        )
        conn.execute(
            "INSERT INTO plan_reviews (reviewed_on, reviewer, notes, recorded_at) "
            "VALUES ('2026-06-01', 'Test DSO', 'Annual review <done> & signed', '2026-06-01T10:00:00')"
        )
    pdf, info = exports.build_document(session, "action-plan")
    reader = PdfReader(io.BytesIO(pdf))
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    text = text_of(pdf)
    assert "Red" in text and "Green" in text and "Not rated" in text
    assert "Mandatory training" in text and "Dr John Dynes" in text
    assert "Annual review <done> & signed" in text and "Training lapsed" in text
    assert "Duties: Training" in text
    assert info.filename.startswith("action-plan-")


def test_policy_register_from_the_vault(session: Any) -> None:
    pdf, _info = exports.build_document(session, "policy-register")
    text = text_of(pdf)
    assert "Prevent Strategy and Policy" in text
    assert "Addition of this summary of changes table." in text
    assert "Safeguarding policy" in text
    assert "OVERDUE" in text  # the seeded register's reviews are from 2018-2023


def test_marking_follows_the_vault_setting(session: Any) -> None:
    assert exports.marking_for(session, True) == "OFFICIAL-SENSITIVE"
    session.vault.set_setting("protective_marking", "OFFICIAL-SENSITIVE PERSONAL", "Test DSO")
    session.vault.set_setting("public_marking", "OFFICIAL – for display", "Test DSO")
    assert exports.marking_for(session, True) == "OFFICIAL-SENSITIVE PERSONAL"
    pdf, _ = exports.build_document(session, "policy-register")
    assert "OFFICIAL – for display" in text_of(pdf)


def test_demo_vault_watermarks(demo_session: Any) -> None:
    pdf, _ = exports.build_document(demo_session, "contacts-card")
    assert "DEMO" in text_of(pdf).replace(" ", "")


def test_case_documents_need_a_known_case(session: Any) -> None:
    for kind, params in (("referral-pack", {"case_id": 999}), ("case-file", {"person_id": 999})):
        with pytest.raises(KnownError):
            exports.build_document(session, kind, **params)
    with pytest.raises(ValidationError):
        exports.build_document(session, "referral-pack")
    with pytest.raises(ValidationError):
        exports.build_document(session, "poster")


def test_export_encrypted_writes_atomically_and_records(session: Any, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "out.pdf"
    info = exports.export_document(session, "action-plan", target, "pdf pass 1")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in out_dir.iterdir()] == ["out.pdf"]  # no partial or plain copy left
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password="pdf pass 1") as pdf:
        assert pdf.encryption.R == 6
        assert str(pdf.docinfo.get("/Title")) == PDF_TITLE
    entry = audit.entries(session.conn, limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id) == ("export.pdf", "document", "action-plan")
    assert entry.detail == "kind=action-plan encrypted=yes"
    assert info.kind == "action-plan"
    assert audit.verify(session.conn) == []


def test_export_plain_and_print_are_recorded(session: Any, tmp_path: Path) -> None:
    exports.export_document(session, "contacts-card", tmp_path / "card.pdf", None, variant="fold")
    PdfReader(str(tmp_path / "card.pdf"))  # opens without a password
    assert audit.entries(session.conn, limit=1)[0].detail == "kind=contacts-card encrypted=no variant=fold"
    exports.record_print(session, "referral-pack", case_id=12)
    entry = audit.entries(session.conn, limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id, entry.detail) == (
        "print.pdf", "case", "12", "kind=referral-pack"
    )


def test_failed_write_leaves_nothing_and_records_nothing(session: Any, tmp_path: Path) -> None:
    before = len(audit.entries(session.conn))
    with pytest.raises(KnownError):
        exports.export_document(session, "action-plan", tmp_path / "missing" / "x.pdf", None)
    assert len(audit.entries(session.conn)) == before
    assert not (tmp_path / "missing").exists()
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".partial")]


def test_safe_filename_part() -> None:
    assert exports.safe_filename_part("PD-2026-0001") == "PD-2026-0001"
    assert exports.safe_filename_part("../a b/c") == "a-b-c"
    assert exports.safe_filename_part("") == "document"


def test_case_documents_once_data_is_mapped(session: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The path the lead wires: the gathered data (here synthetic) -> PDF, neutral filename, marking, records."""
    from prevent_desktop.reports import samples

    monkeypatch.setattr(exports, "referral_pack_data", lambda _s, _case_id: samples.referral_pack())
    monkeypatch.setattr(exports, "case_file_data", lambda _s, _person_id: samples.case_file(5, 2))
    pdf, info = exports.build_document(session, "referral-pack", case_id="3")
    assert info.filename == "referral-pack-PD-2026-0001.pdf" and info.has_case_data and info.case_id == 3
    text = text_of(pdf)
    assert "OFFICIAL-SENSITIVE" in text and "MKC Training Services Ltd" in text
    meta = " ".join(str(v) for v in (PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    for personal in (samples.FORENAMES, samples.SURNAME, "Zo", "PD-2026"):
        assert personal not in meta and personal not in info.filename.replace("PD-2026-0001", "")
    pdf, info = exports.build_document(session, "case-file", person_id=7)
    assert info.filename.startswith("case-file-7-") and info.person_id == 7
    assert samples.SURNAME not in info.filename
    exports.export_document(session, "case-file", tmp_path / "cf.pdf", "long enough pw", person_id=7)
    entry = audit.entries(session.conn, limit=1)[0]
    assert (entry.entity, entry.entity_id, entry.detail) == ("person", "7", "kind=case-file encrypted=yes")


def test_export_leaves_nothing_in_the_temp_folder(
    session: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    exports.export_document(session, "policy-register", out_dir / "r.pdf", "long enough pw")
    assert list(temp.iterdir()) == []
    assert [p.name for p in out_dir.iterdir()] == ["r.pdf"]
