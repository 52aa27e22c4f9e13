"""The action plan (Annex A) as the GUI and the CLI use it: every change is one transaction with its history
entry (date, author, reason, old/new) and an audit entry (ids only); "date last updated" follows every change.

Evidence files live encrypted inside the vault. When a file type cannot be shown from memory, the GUI writes it to
a private 0700 folder under the data dir (``private_temp_dir``); ``wipe_private_temp`` empties it and must run on
lock and on exit.
"""

from __future__ import annotations

import contextlib
import csv
import io
import mimetypes
import os
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from prevent_desktop.domain import spreadsheet
from prevent_desktop.domain.attention import AttentionItem
from prevent_desktop.domain.dates import uk_date
from prevent_desktop.domain.due import DueStatus, due_on
from prevent_desktop.domain.plan import (
    DEFAULT_RAG_DEFINITIONS,
    MAX_EVIDENCE_BYTES,
    RAG_ORDER,
    Duty,
    DutyCoverage,
    Evidence,
    HistoryEntry,
    PlanHeader,
    PlanRow,
    Rag,
    Review,
    parse_when,
    row_status,
)
from prevent_desktop.errors import ValidationError
from prevent_desktop.paths import DataPaths, ensure_private_dir
from prevent_desktop.services.session import Session
from prevent_desktop.storage import plan as store
from prevent_desktop.storage.atomic import write_atomically
from prevent_desktop.storage.db import transaction

EDITABLE_ROW_FIELDS = ("area", "action", "who", "when_text", "rag")
FIELD_LABELS = {
    "area": "Potential Prevent vulnerability",
    "action": "Action required / evidence",
    "who": "Who",
    "when_text": "When",
    "rag": "RAG",
    "position": "Order",
    "retired": "Retired",
    "duties": "Duties evidenced",
    "evidence": "Evidence",
    "reviewed": "Reviewed",
    "created": "Added",
}
HEADER_LABELS = {
    "organisation": "Organisation",
    "safeguarding_contact": "Safeguarding contact",
    "date_last_updated": "Date last updated",
    "date_actions_to_be_reviewed": "Date actions to be reviewed",
    "next_review_due": "Next review due",
}
DATE_HEADER_FIELDS = ("date_last_updated", "date_actions_to_be_reviewed", "next_review_due")
PRIVATE_TEMP_NAME = "viewing"


class EvidenceTooLarge(ValidationError):
    pass


def _today() -> str:
    return date.today().isoformat()


def _touch(session: Session) -> None:
    """Maintain "date last updated" on any change."""
    store.set_header_field(session.conn, "date_last_updated", _today())


def normalise_date(text: str, label: str) -> str:
    """Accept DD/MM/YYYY, YYYY-MM-DD, YYYY-MM or ""; store ISO."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        when = parse_when(text)
    except ValueError:
        raise ValidationError(f"{label}: {text!r} is not a date (DD/MM/YYYY).") from None
    if when.on is None:
        raise ValidationError(f"{label}: {text!r} is not a date (DD/MM/YYYY).")
    return when.text


# -- reading -------------------------------------------------------------------------------------------------
def header(session: Session) -> PlanHeader:
    return store.header(session.conn)


def _with_status(r: PlanRow, today: date) -> PlanRow:
    return replace(r, due_status=row_status(r.when_text, r.last_reviewed, today).value)


def rows(session: Session, include_retired: bool = False, today: date | None = None) -> list[PlanRow]:
    """The grid's rows, each with its due status worked out for ``today`` (default: the clock's)."""
    day = today or date.today()
    return [_with_status(r, day) for r in store.list_rows(session.conn, include_retired=include_retired)]


def row(session: Session, row_id: int, today: date | None = None) -> PlanRow:
    found = store.get_row(session.conn, row_id)
    if found is None:
        raise ValidationError("That action-plan row no longer exists.")
    return _with_status(found, today or date.today())


def rag_definitions(session: Session) -> dict[Rag, str]:
    """Every level's definition, in RAG order: the vault's, or the default for a level it has none for."""
    found = store.rag_definitions(session.conn)
    return {rag: found.get(rag, DEFAULT_RAG_DEFINITIONS[rag]) for rag in RAG_ORDER}


def history(session: Session, row_id: int | None = None) -> list[HistoryEntry]:
    return store.history(session.conn, row_id)


def reviews(session: Session) -> list[Review]:
    return store.reviews(session.conn)


def duties(session: Session) -> list[Duty]:
    return store.duties(session.conn)


def coverage(session: Session) -> list[DutyCoverage]:
    """Each duty with the active rows that evidence it (and their RAG)."""
    active = store.list_rows(session.conn)
    return [
        DutyCoverage(duty.id, duty.title, tuple((r.no, r.area, Rag(r.rag)) for r in active if duty.id in r.duties))
        for duty in store.duties(session.conn)
    ]


def evidence(session: Session, row_id: int) -> list[Evidence]:
    return store.list_evidence(session.conn, row_id)


def evidence_bytes(session: Session, evidence_id: int) -> bytes:
    return store.evidence_data(session.conn, evidence_id)


# -- header --------------------------------------------------------------------------------------------------
def update_header(session: Session, **fields: str) -> None:
    """Change header fields (dates accept DD/MM/YYYY); "date last updated" moves to today unless given."""
    current = store.header(session.conn)
    changes: dict[str, str] = {}
    for name, value in fields.items():
        if name not in HEADER_LABELS:
            raise ValueError(f"unknown header field {name!r}")
        value = (value or "").strip()
        if name in DATE_HEADER_FIELDS:
            value = normalise_date(value, HEADER_LABELS[name])
        if value != getattr(current, name):
            changes[name] = value
    if not changes:
        return
    with transaction(session.conn):
        for name, value in changes.items():
            store.set_header_field(session.conn, name, value)
            store.add_history(session.conn, None, session.user, f"header.{name}", getattr(current, name), value)
        if "date_last_updated" not in changes:
            _touch(session)
        session.audit("plan.header.update", "plan_header", "1", f"fields={len(changes)}")


def set_rag_definition(session: Session, rag: Rag, definition: str) -> None:
    definition = definition.strip()
    if not definition:
        raise ValidationError(f"The definition of {rag.label} cannot be empty.")
    old = rag_definitions(session)[rag]
    if old == definition:
        return
    with transaction(session.conn):
        store.set_rag_definition(session.conn, rag, definition)
        store.add_history(session.conn, None, session.user, f"rag_definition.{rag.value or 'none'}", old, definition)
        session.audit("plan.rag_definition.update", "plan_rag_levels", rag.value or "none")


# -- rows ----------------------------------------------------------------------------------------------------
def add_row(
    session: Session,
    area: str,
    action: str = "",
    who: str = "",
    when_text: str = "",
    after_row_id: int | None = None,
) -> int:
    """Add an action; with ``after_row_id`` it goes just below that row (several actions per area)."""
    area = area.strip()
    if not area:
        raise ValidationError("Give the potential Prevent vulnerability (area) for the new action.")
    when = _parse_when(when_text)
    with transaction(session.conn):
        active = store.list_rows(session.conn)
        if after_row_id is not None:
            anchor = next((r for r in active if r.id == after_row_id), None)
            position = anchor.position + 1 if anchor else (active[-1].position + 1 if active else 1)
            same_area = anchor is not None and anchor.area == area
            no = anchor.no if same_area and anchor is not None else store.next_no(session.conn)
        else:
            position = (max((r.position for r in store.list_rows(session.conn, True)), default=0)) + 1
            no = store.next_no(session.conn)
        row_id = store.insert_row(
            session.conn, no, position, area, action.strip(), who.strip(), when, _today(), session.user
        )
        store.add_history(session.conn, row_id, session.user, "created", "", area)
        _touch(session)
        session.audit("plan.row.add", "plan_row", str(row_id))
    return row_id


def _parse_when(text: str) -> str:
    try:
        return parse_when(text).text
    except ValueError as exc:
        raise ValidationError(f"When: {exc}") from None


def update_row(session: Session, row_id: int, field: str, value: str, reason: str = "") -> bool:
    """Change one field of a row; returns False when nothing changed. A RAG change needs a reason."""
    if field not in EDITABLE_ROW_FIELDS:
        raise ValueError(f"field {field!r} cannot be edited")
    current = row(session, row_id)
    value = (value or "").strip()
    if field == "rag":
        try:
            value = Rag.parse(value).value
        except ValueError:
            raise ValidationError(f"RAG: {value!r} is not Red, Amber, Green or Not yet rated.") from None
    elif field == "when_text":
        value = _parse_when(value)
    elif field == "area" and not value:
        raise ValidationError("The potential Prevent vulnerability (area) cannot be empty.")
    old = getattr(current, field)
    if value == old:
        return False
    reason = (reason or "").strip()
    if field == "rag" and not reason:
        raise ValidationError("Give a reason for the RAG change; it is kept in the row's history.")
    with transaction(session.conn):
        store.set_row_field(session.conn, row_id, field, value, session.user)
        if field == "who":
            store.set_row_field(session.conn, row_id, "who_contact_id", _contact_id_for(session, value), session.user)
        store.add_history(session.conn, row_id, session.user, field, old, value, reason)
        _touch(session)
        session.audit("plan.row.update", "plan_row", str(row_id), f"field={field}")
    return True


def _contact_id_for(session: Session, who: str) -> str | None:
    """Link "Who" to a contact when it names one exactly (by name or role)."""
    return store.contact_id_named(session.conn, who) if who else None


def contact_choices(session: Session) -> list[str]:
    """Names (or roles, for a post with no named person) of the contacts, for the "Who" picker."""
    names: list[str] = []
    for name, role in store.contact_names(session.conn):
        text = name or role
        if text and text not in names:
            names.append(text)
    return names


def move_row(session: Session, row_id: int, delta: int) -> bool:
    """Move an active row up (delta < 0) or down; returns False at either end."""
    active = store.list_rows(session.conn)
    ids = [r.id for r in active]
    if row_id not in ids:
        raise ValidationError("That action-plan row no longer exists.")
    i = ids.index(row_id)
    j = i + delta
    if not 0 <= j < len(ids):
        return False
    ids.insert(j, ids.pop(i))
    with transaction(session.conn):
        retired = [r.id for r in store.list_rows(session.conn, include_retired=True) if r.retired_at]
        store.set_positions(session.conn, ids + retired)
        store.add_history(session.conn, row_id, session.user, "position", str(i + 1), str(j + 1))
        _touch(session)
        session.audit("plan.row.move", "plan_row", str(row_id), f"from={i + 1};to={j + 1}")
    return True


def retire_row(session: Session, row_id: int, reason: str) -> None:
    """Rows are never deleted: a retired row leaves the grid but keeps its history and evidence."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for retiring the row; it is kept in the row's history.")
    current = row(session, row_id)
    if current.retired_at:
        return
    with transaction(session.conn):
        store.retire_row(session.conn, row_id, session.user)
        store.add_history(session.conn, row_id, session.user, "retired", "", "yes", reason)
        _touch(session)
        session.audit("plan.row.retire", "plan_row", str(row_id))


def restore_row(session: Session, row_id: int, reason: str = "") -> None:
    with transaction(session.conn):
        store.restore_row(session.conn, row_id, session.user)
        store.add_history(session.conn, row_id, session.user, "retired", "yes", "", reason)
        _touch(session)
        session.audit("plan.row.restore", "plan_row", str(row_id))


def set_row_duties(session: Session, row_id: int, duty_ids: list[str]) -> None:
    current = row(session, row_id)
    known = {d.id for d in store.duties(session.conn)}
    unknown = set(duty_ids) - known
    if unknown:
        raise ValidationError("Unknown duty: " + ", ".join(sorted(unknown)))
    new = tuple(sorted(set(duty_ids)))
    if new == tuple(sorted(current.duties)):
        return
    with transaction(session.conn):
        store.set_row_duties(session.conn, row_id, list(new))
        store.add_history(session.conn, row_id, session.user, "duties", ", ".join(current.duties), ", ".join(new))
        _touch(session)
        session.audit("plan.row.duties", "plan_row", str(row_id), f"duties={len(new)}")


def set_duty_rows(session: Session, duty_id: str, row_ids: list[int]) -> None:
    """Set which rows evidence one duty (the Duties coverage view edits the mapping this way round)."""
    for r in store.list_rows(session.conn):
        has = duty_id in r.duties
        wants = r.id in row_ids
        if has != wants:
            new = [d for d in r.duties if d != duty_id] + ([duty_id] if wants else [])
            set_row_duties(session, r.id, new)


# -- evidence ------------------------------------------------------------------------------------------------
def add_evidence_note(session: Session, row_id: int, note: str) -> int:
    note = note.strip()
    if not note:
        raise ValidationError("The evidence note is empty.")
    row(session, row_id)
    with transaction(session.conn):
        evidence_id = store.add_evidence(session.conn, row_id, "note", note, "", "text/plain", None, session.user)
        store.add_history(session.conn, row_id, session.user, "evidence", "", f"note #{evidence_id}")
        _touch(session)
        session.audit("plan.evidence.add", "plan_evidence", str(evidence_id), f"row={row_id};kind=note")
    return evidence_id


def add_evidence_file(session: Session, row_id: int, filename: str, data: bytes, note: str = "") -> int:
    """Store a file encrypted in the vault (at most ``MAX_EVIDENCE_BYTES``)."""
    if len(data) > MAX_EVIDENCE_BYTES:
        raise EvidenceTooLarge(
            f"The file is {len(data) / 1048576:.1f} MB; evidence files can be at most "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB. Attach a smaller file or a summary of it."
        )
    if not data:
        raise ValidationError("The file is empty; nothing was attached.")
    name = Path(filename).name or "evidence"
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    row(session, row_id)
    with transaction(session.conn):
        evidence_id = store.add_evidence(session.conn, row_id, "file", note.strip(), name, mime, data, session.user)
        store.add_history(session.conn, row_id, session.user, "evidence", "", f"file #{evidence_id}")
        _touch(session)
        session.audit(
            "plan.evidence.add", "plan_evidence", str(evidence_id), f"row={row_id};kind=file;bytes={len(data)}"
        )
    return evidence_id


def add_evidence_from_path(session: Session, row_id: int, path: Path, note: str = "") -> int:
    size = path.stat().st_size
    if size > MAX_EVIDENCE_BYTES:  # refuse before reading a huge file into memory
        raise EvidenceTooLarge(
            f"{path.name} is {size / 1048576:.1f} MB; evidence files can be at most "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB. Attach a smaller file or a summary of it."
        )
    return add_evidence_file(session, row_id, path.name, path.read_bytes(), note)


def retire_evidence(session: Session, evidence_id: int, reason: str = "") -> None:
    row_id = store.evidence_row_id(session.conn, evidence_id)
    if row_id is None:
        raise ValidationError("That evidence no longer exists.")
    with transaction(session.conn):
        store.retire_evidence(session.conn, evidence_id)
        store.add_history(session.conn, row_id, session.user, "evidence", f"#{evidence_id}", "removed", reason)
        _touch(session)
        session.audit("plan.evidence.retire", "plan_evidence", str(evidence_id), f"row={row_id}")


# -- reviews -------------------------------------------------------------------------------------------------
def review_plan(session: Session, reviewed_on: str, reviewer: str, notes: str = "") -> int:
    """Record a review of the whole plan: every active row counts as reviewed that day (recurrences restart),
    and "date last updated" moves to the review date."""
    day = normalise_date(reviewed_on, "Review date") or _today()
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValidationError("Give the name of the reviewer.")
    with transaction(session.conn):
        review_id = store.add_review(session.conn, day, reviewer, notes.strip())
        for r in store.list_rows(session.conn):
            store.set_row_field(session.conn, r.id, "last_reviewed", day, session.user)
            store.add_history(
                session.conn, r.id, session.user, "reviewed", r.last_reviewed, day, f"review #{review_id}"
            )
        store.set_header_field(session.conn, "date_last_updated", day)
        session.audit("plan.review", "plan_review", str(review_id))
    return review_id


# -- Home ----------------------------------------------------------------------------------------------------
def attention(session: Session, today: date) -> list[AttentionItem]:
    """Home's items for the plan: overdue or soon-due rows, Red rows, rows needing a rating, the plan's own
    review dates — by the same rule (``domain.due``) as the grid and the page's header flag. Each row's item opens
    that row (``target``: its id)."""
    items: list[AttentionItem] = []
    h = store.header(session.conn)
    for text, what in ((h.next_review_due, "review was due"), (h.date_actions_to_be_reviewed,
                                                               "actions were to be reviewed by")):
        due = due_on(text)
        if due is not None and due.overdue(today):
            items.append(AttentionItem("Action plan", "plan_review_overdue", "overdue",
                                       f"The action plan's {what} {due.shown}.", due.text, "plan"))
    for r in rows(session, today=today):
        label = f"{r.no}. {r.area}"
        ref = f"row {r.no}"
        if r.due_status in (DueStatus.OVERDUE.value, DueStatus.DUE_SOON.value):  # so its "when" parses
            when = parse_when(r.when_text)
            when_iso = when.on.isoformat() if when.on else ""
        if r.due_status == DueStatus.OVERDUE.value:
            what = f"due {uk_date(r.when_text)}" if when.on else f"{r.when_text.lower()} review"
            items.append(AttentionItem("Action plan", "plan_row_overdue", "overdue", f"{label}: {what} is overdue.",
                                       when_iso, ref, r.id))
        elif r.due_status == DueStatus.DUE_SOON.value:
            items.append(AttentionItem("Action plan", "plan_row_due", "due", f"{label}: due soon ({when.shown}).",
                                       when_iso, ref, r.id))
        if r.rag == "red":
            items.append(AttentionItem("Action plan", "plan_row_red", "overdue", f"{label} is rated Red.", "", ref,
                                       r.id))
        elif not r.rag:
            items.append(AttentionItem("Action plan", "plan_row_unrated", "due", f"{label} needs a RAG rating.", "",
                                       ref, r.id))
    return items


def header_overdue(session: Session, today: date) -> str:
    """The page's red flag: "" or "Overdue: the plan's review was due Dec 2024"."""
    h = store.header(session.conn)
    due = due_on(h.next_review_due)
    return f"Overdue: the plan's review was due {due.shown}" if due is not None and due.overdue(today) else ""


# -- export --------------------------------------------------------------------------------------------------
def rows_as_dicts(
    session: Session, include_retired: bool = False, today: date | None = None
) -> list[dict[str, object]]:
    titles = {d.id: d.title for d in store.duties(session.conn)}
    result: list[dict[str, object]] = []
    for r in rows(session, include_retired=include_retired, today=today):
        result.append(
            {
                "id": r.id,
                "no": r.no,
                "area": r.area,
                "action": r.action,
                "who": r.who,
                "when": r.when_text,
                "rag": r.rag,
                "rag_label": Rag(r.rag).shown,
                "due_status": r.due_status,
                "last_reviewed": r.last_reviewed,
                "duties": [titles.get(d, d) for d in r.duties],
                "evidence_count": r.evidence_count,
                "retired": bool(r.retired_at),
            }
        )
    return result


CSV_COLUMNS = (
    ("No.", "no"),
    ("Potential Prevent Vulnerability", "area"),
    ("Action Required / Evidence if in place", "action"),
    ("Who", "who"),
    ("When", "when"),
    ("RAG", "rag_label"),
    ("Due", "due_status"),
    ("Last reviewed", "last_reviewed"),
    ("Duties evidenced", "duties"),
    ("Evidence items", "evidence_count"),
)


def export_csv(session: Session, today: date | None = None) -> bytes:
    """The grid as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, the header block first."""
    h = store.header(session.conn)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for name, label in HEADER_LABELS.items():
        value = getattr(h, name)
        writer.writerow([label, spreadsheet.neutralise(uk_date(value) if name in DATE_HEADER_FIELDS else value)])
    writer.writerow([])
    writer.writerow([title for title, _key in CSV_COLUMNS])
    items = rows_as_dicts(session, today=today)
    for item in items:
        line = []
        for _title, key in CSV_COLUMNS:
            value = item[key]
            if key == "duties":
                value = "; ".join(str(v) for v in value)  # type: ignore[attr-defined]
            elif key == "when":
                value = parse_when(str(value)).shown
            elif key == "last_reviewed":
                value = uk_date(str(value))
            elif key == "due_status":
                value = DueStatus(str(value)).label
            line.append(spreadsheet.neutralise(str(value)))
        writer.writerow(line)
    with transaction(session.conn):
        session.audit("plan.export.csv", "plan", "", f"rows={len(items)}")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_csv(session: Session, path: Path) -> None:
    """``export_csv`` written atomically to ``path`` (0600)."""
    write_atomically(path, export_csv(session))


# -- private temp folder for viewing evidence the app cannot show from memory --------------------------------
def private_temp_dir(paths: DataPaths) -> Path:
    """A 0700 folder under the data dir (never the system temp folder)."""
    return ensure_private_dir(paths.root / PRIVATE_TEMP_NAME)


def write_private_temp(paths: DataPaths, filename: str, data: bytes) -> Path:
    folder = private_temp_dir(paths)
    safe = Path(filename).name or "evidence"
    target = folder / safe
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        n += 1
        target = folder / f"{stem} ({n}){suffix}"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return target


def wipe_private_temp(paths: DataPaths) -> int:
    """Overwrite and remove every file in the private viewing folder; returns how many files were removed.

    Call on lock and on exit (and at start, for leftovers of a crash)."""
    folder = paths.root / PRIVATE_TEMP_NAME
    if not folder.exists():
        return 0
    removed = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                with open(path, "r+b") as fh:
                    fh.write(b"\0" * size)
                    fh.flush()
                    os.fsync(fh.fileno())
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    shutil.rmtree(folder, ignore_errors=True)
    return removed

