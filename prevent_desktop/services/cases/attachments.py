"""Files attached to a case: kept encrypted in the vault (the same limit and checks as the action plan's evidence,
``domain/files.py`` / ``services/files.py``), listed on the case page, viewed from memory, and written out only when
the DSO asks (the copy is not encrypted; the GUI warns first). Attaching is allowed on a closed case too: late
information must be recordable (policy 3.13). Each step is one transaction with its chronology entry and an audit
entry naming ids and sizes only (never the file's name or note)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import Attachment
from prevent_desktop.domain.files import UploadedFile, check_upload, size_text
from prevent_desktop.errors import KnownError
from prevent_desktop.services import files
from prevent_desktop.services.cases.changes import add_entry, case_or_fail
from prevent_desktop.services.session import Session
from prevent_desktop.storage import attachments as store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction

DEFAULT_NAME = "attachment"


def attach_path(session: Session, case_id: int, path: Path, note: str = "") -> int:
    """Attach the file at ``path`` (refused before it is read when over the limit). ``OSError`` if unreadable."""
    return _attach(session, case_id, files.read_upload(path, DEFAULT_NAME), note)


def attach_bytes(session: Session, case_id: int, filename: str, data: bytes, note: str = "") -> int:
    return _attach(session, case_id, check_upload(filename, data, DEFAULT_NAME), note)


def _attach(session: Session, case_id: int, upload: UploadedFile, note: str) -> int:
    note = rules.check_text(note, "Note about the file").strip()
    case_or_fail(session, case_id)
    text = f"File attached: {upload.name} ({size_text(len(upload.data))})." + (f" {note}" if note else "")
    with transaction(session.conn):
        entry = add_entry(session, case_id, "attachment", text)
        attachment_id = store.insert(session.conn, {
            "case_id": case_id, "entry_id": entry, "filename": upload.name, "mime": upload.mime,
            "size": len(upload.data), "sha256": hashlib.sha256(upload.data).hexdigest(), "note": note,
            "data": upload.data, "added_at": now_iso(), "added_by": session.user,
        })
        session.audit("case.attachment_add", "case", str(case_id),
                      f"attachment={attachment_id} entry={entry} bytes={len(upload.data)}")
    return attachment_id


def attachments_of(session: Session, case_id: int) -> list[Attachment]:
    return store.of_case(session.conn, case_id)


def attachment_of(session: Session, case_id: int, attachment_id: int) -> Attachment:
    found = store.get(session.conn, attachment_id)
    if found is None or found.case_id != case_id:
        raise KnownError("That file is not attached to this case.")
    return found


def read(session: Session, case_id: int, attachment_id: int) -> bytes:
    """The file's bytes, to show from memory (audited: which file of which case, never its name)."""
    attachment_of(session, case_id, attachment_id)
    data = store.data(session.conn, attachment_id)
    with transaction(session.conn):
        session.audit("case.attachment_view", "case", str(case_id), f"attachment={attachment_id}")
    return data


def save_copy(session: Session, case_id: int, attachment_id: int, target: Path) -> None:
    """Write an unencrypted copy to ``target`` (the DSO asked, after the warning): audited and noted in the
    chronology, so the record says a plain copy exists."""
    found = attachment_of(session, case_id, attachment_id)
    files.save_copy(target, store.data(session.conn, attachment_id))
    with transaction(session.conn):
        entry = add_entry(session, case_id, "document",
                          f"Copy of the attached file {found.filename} saved outside the vault (NOT encrypted).")
        session.audit("case.attachment_save_out", "case", str(case_id), f"attachment={attachment_id} entry={entry}")
