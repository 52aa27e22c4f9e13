"""Contacts in and out of the vault as files: CSV (for Excel) and vCard export; import parsed strictly (a bad
row names its row and field), previewed, then applied in one transaction, all rows or none. An import never
deletes: contacts not in the file are kept."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path
from typing import Any

from prevent_desktop.domain import contacts as rules
from prevent_desktop.domain import spreadsheet
from prevent_desktop.domain.contact_records import ContactRow, ImportPreview, ImportRow, changed_fields
from prevent_desktop.domain.dates import parse_loose
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services.contacts.directory import directory, group_ids
from prevent_desktop.services.contacts.editing import new_contact_id, write_changes, write_new
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts as store
from prevent_desktop.storage.atomic import write_atomically
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import transaction

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

CSV_COLUMNS = (
    "id",
    "group",
    "group_title",
    "name",
    "role",
    "organisation",
    "phones",
    "emails",
    "web",
    "when_to_use",
    "notes",
    "out_of_hours",
    "public_line",
    "last_verified",
    "retired_at",
)
_CSV_REQUIRED = ("group", "role")


# ----------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def phones_cell(c: ContactRow) -> str:
    return "; ".join(f"{label}: {number}" if label else number for label, number in c.phones)


def csv_bytes(rows: list[ContactRow]) -> bytes:
    """The contacts as a CSV file for Excel (UTF-8 with a BOM, so Excel on Windows reads it as UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel")
    writer.writerow(CSV_COLUMNS)
    for c in rows:
        writer.writerow(
            spreadsheet.neutralise(cell)
            for cell in (
                c.id,
                c.group_id,
                c.group_title,
                c.name,
                c.role,
                c.organisation,
                phones_cell(c),
                "; ".join(c.emails),
                c.web,
                c.when_to_use,
                c.notes,
                _yes(c.out_of_hours),
                _yes(c.public_line),
                c.last_verified,
                c.retired_at or "",
            )
        )
    return out.getvalue().encode("utf-8-sig")


_X = "X-PREVENT-"


def vcf_bytes(rows: list[ContactRow]) -> bytes:
    """The contacts as vCards, with X-PREVENT-* properties so a re-import loses nothing."""
    import vobject

    parts = []
    for c in rows:
        card = vobject.vCard()
        card.add("fn").value = spreadsheet.neutralise(c.display_name)
        card.add("n").value = vobject.vcard.Name(family=spreadsheet.neutralise(c.name or c.role))
        card.add("uid").value = c.id
        card.add("title").value = spreadsheet.neutralise(c.role)
        if c.organisation:
            card.add("org").value = [spreadsheet.neutralise(c.organisation)]
        for label, number in c.phones:
            tel = card.add("tel")
            tel.value = spreadsheet.neutralise(number, dialable=True)
            tel.type_param = "VOICE"
            if label:
                tel.params["X-LABEL"] = [spreadsheet.neutralise(label)]
        for email in c.emails:
            em = card.add("email")
            em.value = spreadsheet.neutralise(email)
            em.type_param = "INTERNET"
        if c.notes:
            card.add("note").value = spreadsheet.neutralise(c.notes)
        card.add("categories").value = [spreadsheet.neutralise(c.group_title)]
        extras = {
            "NAME": c.name,
            "GROUP": c.group_id,
            "WEB": c.web,
            "WHEN-TO-USE": c.when_to_use,
            "OUT-OF-HOURS": _yes(c.out_of_hours),
            "PUBLIC-LINE": _yes(c.public_line),
            "LAST-VERIFIED": c.last_verified,
            "RETIRED-AT": c.retired_at or "",
        }
        for key, value in extras.items():
            card.add(_X + key).value = spreadsheet.neutralise(value)
        parts.append(card.serialize())
    return "".join(parts).encode("utf-8")


def _export(session: Session, fmt: str) -> tuple[bytes, int]:
    rows = directory(session, include_retired=True)
    data = csv_bytes(rows) if fmt == "csv" else vcf_bytes(rows)
    with transaction(session.conn):
        session.audit("contacts.export", "contact", "", f"format={fmt} count={len(rows)}")
    return data, len(rows)


def export_csv(session: Session) -> bytes:
    """Every contact (retired ones too) as CSV; the export is audited."""
    return _export(session, "csv")[0]


def export_vcf(session: Session) -> bytes:
    """Every contact (retired ones too) as vCards; the export is audited."""
    return _export(session, "vcf")[0]


def export_format(path: Path) -> str:
    """"csv" or "vcf" from the file's name; anything else is refused (before any vault is opened)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".vcf"):
        raise KnownError("The output file must end in .csv or .vcf.")
    return suffix[1:]


def export_to_file(session: Session, path: Path) -> int:
    """Export every contact to ``path`` (CSV or vCard by its suffix), written atomically. Returns the count."""
    data, count = _export(session, export_format(path))
    write_atomically(path, data)
    return count


# ----------------------------------------------------------------------------------------------------
# Import: parse (strict), preview, apply (one transaction, all or nothing)
# ----------------------------------------------------------------------------------------------------


def _decode(data: bytes, what: str) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(f"The {what} file is too large (over 5 MB); nothing was imported.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"The {what} file is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and try again. "
            "Nothing was imported."
        ) from None
    if "\x00" in text:
        raise ValidationError(f"The {what} file holds binary data, not text; nothing was imported.")
    return text


def _bool_cell(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("yes", "y", "true", "1"):
        return True
    if v in ("no", "n", "false", "0", ""):
        return False
    raise ValidationError(f"{where}: use yes or no.")


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace("\r", "").replace("\n", ";").split(";") if p.strip()]


def _phones(value: str) -> tuple[tuple[str, str], ...]:
    out = []
    for part in _split(value):
        if ":" in part:
            label, number = part.split(":", 1)
            out.append((label.strip(), number.strip()))
        else:
            out.append(("", part))
    return tuple(out)


def _date_or_none(value: str, where: str) -> str | None:
    v = value.strip()
    if not v:
        return None
    if parse_loose(v) is None:
        raise ValidationError(f"{where}: not a date (use YYYY-MM-DD).")
    return v


def parse_csv(data: bytes) -> list[ImportRow]:
    text = _decode(data, "CSV")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=True))
    except csv.Error as exc:
        raise ValidationError(f"The CSV file is malformed ({exc}); nothing was imported.") from None
    records = [[spreadsheet.restore(cell) for cell in r] for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise ValidationError("The CSV file is empty; nothing was imported.")
    header = [h.strip().lower() for h in records[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    missing = [h for h in _CSV_REQUIRED if h not in header]
    if unknown or missing or len(set(header)) != len(header):
        problems = []
        if missing:
            problems.append("missing column(s): " + ", ".join(missing))
        if unknown:
            problems.append("unknown column(s): " + ", ".join(h[:40] for h in unknown[:5]))
        if len(set(header)) != len(header):
            problems.append("a column is repeated")
        raise ValidationError(
            "Row 1 (the header) of the CSV file is not a contacts export: "
            + "; ".join(problems)
            + ". Expected columns: "
            + ", ".join(CSV_COLUMNS)
            + ". Nothing was imported."
        )
    if len(records) - 1 > MAX_IMPORT_ROWS:
        raise ValidationError(f"The CSV file has more than {MAX_IMPORT_ROWS} rows; nothing was imported.")
    rows: list[ImportRow] = []
    for n, record in enumerate(records[1:], start=2):
        if len(record) > len(header):
            raise ValidationError(f"Row {n}: more cells than columns. Nothing was imported.")
        cells = dict(zip(header, [*record, *[""] * (len(header) - len(record))], strict=True))
        try:
            contact = ContactRow(
                id=cells.get("id", "").strip(),
                retired_at=_date_or_none(cells.get("retired_at", ""), "field retired_at"),
                group_id=cells.get("group", "").strip(),
                role=cells.get("role", ""),
                name=cells.get("name", ""),
                organisation=cells.get("organisation", ""),
                phones=_phones(cells.get("phones", "")),
                emails=tuple(_split(cells.get("emails", ""))),
                web=cells.get("web", ""),
                when_to_use=cells.get("when_to_use", ""),
                notes=cells.get("notes", ""),
                out_of_hours=_bool_cell(cells.get("out_of_hours", ""), "field out_of_hours"),
                public_line=_bool_cell(cells.get("public_line", ""), "field public_line"),
                last_verified=cells.get("last_verified", ""),
            )
        except ValidationError as exc:
            raise ValidationError(f"Row {n}, {exc} Nothing was imported.") from None
        rows.append(ImportRow(n, contact))
    return rows


def _card_text(card: Any, name: str) -> str:
    prop = getattr(card, name.lower().replace("-", "_"), None)
    if prop is None:
        for child in card.getChildren():
            if child.name.upper() == name.upper():
                prop = child
                break
    if prop is None:
        return ""
    value = prop.value
    if isinstance(value, list):
        return spreadsheet.restore(" ".join(str(v) for v in value))
    return spreadsheet.restore(str(value))


def parse_vcf(data: bytes) -> list[ImportRow]:
    text = _decode(data, "vCard")
    import vobject

    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=False))
    except Exception as exc:  # vobject raises many types on bad input (ParseError, ValueError, ...)
        raise ValidationError(f"The vCard file is malformed ({type(exc).__name__}); nothing was imported.") from None
    cards = [c for c in cards if getattr(c, "name", "").upper() == "VCARD"]
    if not cards:
        raise ValidationError("The file holds no vCard (BEGIN:VCARD ... END:VCARD); nothing was imported.")
    if len(cards) > MAX_IMPORT_ROWS:
        raise ValidationError(f"The vCard file has more than {MAX_IMPORT_ROWS} cards; nothing was imported.")
    rows: list[ImportRow] = []
    for n, card in enumerate(cards, start=1):
        try:
            rows.append(_card_row(n, card))
        except ValidationError as exc:
            raise ValidationError(f"Card {n}, {exc} Nothing was imported.") from None
        except Exception as exc:  # a card vobject parsed but cannot represent (bad parameters, values)
            raise ValidationError(f"Card {n} is malformed ({type(exc).__name__}); nothing was imported.") from None
    return rows


def _card_row(n: int, card: Any) -> ImportRow:
    children = list(card.getChildren())
    x = {
        c.name.upper()[len(_X) :]: spreadsheet.restore(str(c.value)) for c in children if c.name.upper().startswith(_X)
    }
    phones = []
    emails = []
    for child in children:
        if child.name.upper() == "TEL":
            label = child.params.get("X-LABEL", [""])[0]
            phones.append((spreadsheet.restore(str(label)), spreadsheet.restore(str(child.value))))
        elif child.name.upper() == "EMAIL":
            emails.append(spreadsheet.restore(str(child.value)))
    fn = _card_text(card, "FN")
    name = x["NAME"] if "NAME" in x else fn
    group = x.get("GROUP", "") or _card_text(card, "CATEGORIES").split(",")[0].strip()
    uid = _card_text(card, "UID").strip()
    # A vCard from another program has its own UID (often a UUID in capitals): use it, made into a valid id, so
    # importing the same file again updates rather than duplicates.
    contact = ContactRow(
        id=uid if not uid or rules.is_valid_id(uid) else rules.slug(uid),
        retired_at=_date_or_none(x.get("RETIRED-AT", ""), "field retired_at"),
        group_id=group,
        role=_card_text(card, "TITLE"),
        name=name,
        organisation=_card_text(card, "ORG"),
        phones=tuple(phones),
        emails=tuple(emails),
        web=x.get("WEB", ""),
        when_to_use=x.get("WHEN-TO-USE", ""),
        notes=_card_text(card, "NOTE"),
        out_of_hours=_bool_cell(x.get("OUT-OF-HOURS", ""), "field out_of_hours"),
        public_line=_bool_cell(x.get("PUBLIC-LINE", ""), "field public_line"),
        last_verified=x.get("LAST-VERIFIED", ""),
    )
    return ImportRow(n, contact, "Card")


def parse_import(data: bytes, filename: str) -> list[ImportRow]:
    lower = filename.lower()
    if lower.endswith(".csv"):
        return parse_csv(data)
    if lower.endswith((".vcf", ".vcard")):
        return parse_vcf(data)
    raise ValidationError("Import a .csv or a .vcf (vCard) file.")


def _plan(session: Session, rows: list[ImportRow]) -> tuple[ImportPreview, list[ContactRow]]:
    """What importing ``rows`` would do, and each row validated under the id it will have."""
    groups = group_ids(session)
    existing = {c.id: c for c in directory(session, include_retired=True)}
    seen: set[str] = set()
    taken = set(existing)
    planned: list[ContactRow] = []
    preview = ImportPreview()
    for r in rows:
        try:
            v = rules.validate(r.contact, groups)
        except ValidationError as exc:
            raise ValidationError(f"{r.kind} {r.row}, field {exc} Nothing was imported.") from None
        cid = v.id
        if cid and not rules.is_valid_id(cid):
            raise ValidationError(
                f"{r.kind} {r.row}, field id: use lower-case letters, digits, '-' or '_'. Nothing was imported."
            )
        if cid in seen:
            raise ValidationError(f"{r.kind} {r.row}, field id: the same id appears twice. Nothing was imported.")
        if not cid:
            cid = new_contact_id(session, v, taken)
        seen.add(cid)
        taken.add(cid)
        v = dataclasses.replace(v, id=cid)
        old = existing.get(cid)
        if old is None:
            preview.added.append(cid)
        else:
            changed = changed_fields(old, v)
            if changed:
                preview.changed[cid] = changed
            else:
                preview.unchanged.append(cid)
        planned.append(v)
    preview.not_in_file.extend(cid for cid in existing if cid not in seen)
    return preview, planned


def preview_import(session: Session, data: bytes, filename: str) -> ImportPreview:
    """What an import would do; raises ValidationError naming the row and field if any row is invalid."""
    return _plan(session, parse_import(data, filename))[0]


def apply_import(session: Session, data: bytes, filename: str) -> ImportPreview:
    """Import all rows in one transaction, or nothing."""
    rows = parse_import(data, filename)
    with transaction(session.conn):
        preview, planned = _plan(session, rows)
        at = now_iso()
        for v in planned:
            old = store.get(session.conn, v.id)
            if old is None:
                write_new(session, v, at, "imported")
            else:
                write_changes(session, old, v, at, "imported")
        session.audit(
            "contacts.import",
            "contact",
            "",
            f"added={len(preview.added)} changed={len(preview.changed)} unchanged={len(preview.unchanged)}",
        )
    return preview
