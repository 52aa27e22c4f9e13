"""Files attached to a case, on a real vault: kept encrypted in the vault with the action plan's limit and checks
(domain/files.py), listed with the case, read back exactly, audited with ids only, written out only on request
(noted in the chronology), carried by ``cases export``/import as base64, listed (never embedded) in the case file
PDF, and removed with their case by the retention purge."""

from __future__ import annotations

import base64
import json
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.domain.files import MAX_FILE_BYTES
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import cases_io, exports
from prevent_desktop.services.cases import attachments, retention
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.storage import attachments as attachment_store
from tests import factories

pytestmark = pytest.mark.usefixtures("clock")
MARKER = b"ZZ-ATTACHMENT-PLAINTEXT-7731"


def scan(tmp_path: Path, name: str = "statement.txt", data: bytes = MARKER + b" what the tutor wrote") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_attach_list_read_and_audit_ids_only(session: Any, tmp_path: Path) -> None:
    case_id = factories.log_case(session)
    attachment_id = attachments.attach_path(session, case_id, scan(tmp_path), "Tutor's written statement ZZ-NOTE")
    d = case_queries.case_detail(session, case_id)
    [a] = d.attachments
    assert (a.id, a.filename, a.mime, a.size, a.note) == (
        attachment_id, "statement.txt", "text/plain", len(MARKER) + 21, "Tutor's written statement ZZ-NOTE")
    entry = next(e for e in d.chronology if e.id == a.entry_id)
    assert (entry.kind, entry.text) == ("attachment", "File attached: statement.txt (49 bytes). "
                                                      "Tutor's written statement ZZ-NOTE")
    assert attachments.read(session, case_id, attachment_id) == scan(tmp_path).read_bytes()
    rows = session.conn.execute("SELECT action, detail FROM audit_log WHERE action LIKE 'case.attachment%'").fetchall()
    assert [r[0] for r in rows] == ["case.attachment_add", "case.attachment_view"]
    assert all("statement" not in r[1] and "ZZ" not in r[1] for r in rows)
    assert rows[0][1] == f"attachment={attachment_id} entry={a.entry_id} bytes={a.size}"
    other = factories.log_case(session, surname="Other")
    with pytest.raises(KnownError, match="not attached to this case"):
        attachments.read(session, other, attachment_id)


def test_the_bytes_are_encrypted_on_disk(session: Any, tmp_path: Path) -> None:
    case_id = factories.log_case(session)
    attachments.attach_path(session, case_id, scan(tmp_path))
    assert MARKER not in session.vault.paths.database.read_bytes()


def test_limits_are_the_action_plans(session: Any, tmp_path: Path) -> None:
    case_id = factories.log_case(session)
    big = tmp_path / "video.mp4"
    with big.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ValidationError, match="at most 10 MB"):
        attachments.attach_path(session, case_id, big)
    with pytest.raises(ValidationError, match="empty"):
        attachments.attach_bytes(session, case_id, "blank.txt", b"")
    with pytest.raises(ValidationError, match="at most 10 MB"):
        attachments.attach_bytes(session, case_id, r"C:\Users\dso\big.bin", b"\0" * (MAX_FILE_BYTES + 1))
    assert attachments.attach_bytes(session, case_id, r"C:\Users\dso\photo.png", b"\x89PNG")  # name without folder
    assert [a.filename for a in attachments.attachments_of(session, case_id)] == ["photo.png"]


def test_a_closed_case_takes_files(session: Any, tmp_path: Path) -> None:
    """Late information must be recordable on a closed case (policy 3.13)."""
    case_id = factories.log_case(session, decision="nfa")
    attachments.attach_path(session, case_id, scan(tmp_path))
    d = case_queries.case_detail(session, case_id)
    assert d.status == "closed" and len(d.attachments) == 1


def test_saving_a_copy_out_is_recorded(session: Any, tmp_path: Path) -> None:
    case_id = factories.log_case(session)
    attachment_id = attachments.attach_path(session, case_id, scan(tmp_path, "minutes.docx", b"PK\x03\x04 minutes"))
    target = tmp_path / "out" / "minutes.docx"
    target.parent.mkdir()
    attachments.save_copy(session, case_id, attachment_id, target)
    assert target.read_bytes() == b"PK\x03\x04 minutes" and target.stat().st_mode & 0o077 == 0
    last = case_queries.case_detail(session, case_id).chronology[-1]
    assert (last.kind, last.text) == ("document", "Copy of the attached file minutes.docx saved outside the vault "
                                                  "(NOT encrypted).")
    audit = session.conn.execute("SELECT detail FROM audit_log WHERE action = 'case.attachment_save_out'").fetchone()
    assert audit[0] == f"attachment={attachment_id} entry={last.id}"


def test_export_import_carries_the_files_as_base64(session: Any, tmp_path: Path, vault_factory: Any) -> None:
    case_id = factories.log_case(session)
    payload = bytes(range(256)) * 40
    attachments.attach_bytes(session, case_id, "scan.pdf", payload, "Scan of the worksheet")
    data = cases_io.export_data(session)
    [exported] = data["cases"][0]["attachments"]
    assert base64.b64decode(exported["data"]) == payload and exported["size"] == len(payload)
    assert set(exported) == {"entry_id", "filename", "mime", "size", "sha256", "note", "added_at", "added_by", "data"}
    cases_io.validate(data)
    other = vault_factory("import")
    try:
        tampered = json.loads(json.dumps(data))
        tampered["cases"][0]["attachments"][0]["data"] = base64.b64encode(payload[:-1] + b"!").decode()
        with pytest.raises(ValidationError, match=r"cases\[0\]\.attachments\[0\]\.data: the file does not match"):
            cases_io.import_data(other, tampered)
        tampered["cases"][0]["attachments"][0]["data"] = "not base64 at all!"
        with pytest.raises(ValidationError, match="not base64"):
            cases_io.import_data(other, tampered)
        older = json.loads(json.dumps(data))
        del older["cases"][0]["attachments"]  # a file written before attachments: still imported
        cases_io.validate(older)
        cases_io.import_data(other, data)
        [imported_id] = [c.id for c in case_queries.list_all(other)]
        [a] = attachments.attachments_of(other, imported_id)
        assert attachments.read(other, imported_id, a.id) == payload
        entry = next(e for e in case_queries.case_detail(other, imported_id).chronology if e.id == a.entry_id)
        assert entry.kind == "attachment"
        again = cases_io.export_data(other)
        assert again["cases"][0]["attachments"] == data["cases"][0]["attachments"]
    finally:
        other.close()


def test_the_case_file_lists_the_files_and_does_not_embed_them(session: Any, tmp_path: Path) -> None:
    case_id = factories.log_case(session)
    attachments.attach_path(session, case_id, scan(tmp_path, "tutor-statement.txt"), "Signed ZZ-FILE-NOTE")
    person_id = case_queries.case_detail(session, case_id).person.id
    pdf, _info = exports.build_document(session, "case-file", person_id=person_id)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"Files kept with this case" in text and b"tutor-statement.txt" in text and b"ZZ-FILE-NOTE" in text
    assert MARKER not in text and MARKER not in pdf


def test_the_purge_takes_the_files_with_their_case(session: Any, tmp_path: Path, clock: Any) -> None:
    case_id = factories.log_case(session, decision="nfa")
    attachments.attach_path(session, case_id, scan(tmp_path))
    kept = factories.log_case(session, surname="Open")
    attachments.attach_path(session, kept, scan(tmp_path))
    clock.advance(days=2)
    assert retention.purge_closed_before(session, (clock.today - timedelta(days=1)).isoformat()) == 1
    assert [r["case_id"] for r in attachment_store.rows_for_export(session.conn)] == [kept]
    names = {r[0] for r in session.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"case_attachments_no_delete", "case_attachments_no_update"} <= names
    with pytest.raises(Exception, match="never"):
        session.conn.execute("UPDATE case_attachments SET note = 'x'")
