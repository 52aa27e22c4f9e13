"""Contacts use cases: the directory, search, "who do I call for...", add/edit/retire with history, import/export.

The GUI and the CLI both call these. Every change is one transaction with its history rows and its audit entry
(ids and counts only).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from prevent_desktop.domain import contacts as rules
from prevent_desktop.domain import spreadsheet
from prevent_desktop.domain.contacts import ContactDraft, ValidContact
from prevent_desktop.domain.dates import add_months, parse_loose
from prevent_desktop.domain.profile import Profile, Situation, profile_from_dict
from prevent_desktop.domain.routing import RouteResult, route_situation
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import settings
from prevent_desktop.services.session import Session
from prevent_desktop.storage import contacts as store
from prevent_desktop.storage import profile_store
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.contacts import ContactGroupRow, ContactRow, HistoryRow
from prevent_desktop.storage.db import transaction

SETTING_STALE_MONTHS = settings.CONTACT_STALE_MONTHS.key
SETTING_CLEAR_SECONDS = settings.CLIPBOARD_CLEAR_SECONDS.key
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
# Settings
# ----------------------------------------------------------------------------------------------------


def stale_months(session: Session) -> int:
    return settings.get(session, settings.CONTACT_STALE_MONTHS)


def clipboard_clear_seconds(session: Session) -> int:
    return settings.get(session, settings.CLIPBOARD_CLEAR_SECONDS)


def set_stale_months(session: Session, months: int) -> None:
    settings.change(session, settings.CONTACT_STALE_MONTHS, months)


def set_clipboard_clear_seconds(session: Session, seconds: int) -> None:
    settings.change(session, settings.CLIPBOARD_CLEAR_SECONDS, seconds)


# ----------------------------------------------------------------------------------------------------
# The directory and search
# ----------------------------------------------------------------------------------------------------


def groups(session: Session) -> list[ContactGroupRow]:
    return store.list_groups(session.conn)


def directory(session: Session, include_retired: bool = False) -> list[ContactRow]:
    return store.list_contacts(session.conn, include_retired=include_retired)


def get_contact(session: Session, contact_id: str) -> ContactRow:
    row = store.get(session.conn, contact_id)
    if row is None:
        raise KnownError("That contact no longer exists in this vault.")
    return row


def haystack(c: ContactRow) -> str:
    return rules.search_haystack(
        [
            c.group_title,
            c.name,
            c.role,
            c.organisation,
            *(f"{label} {number}" for label, number in c.phones),
            *c.emails,
            c.web,
            c.when_to_use,
            c.notes,
            c.last_verified,
            "retired" if c.retired else "",
            "out of hours" if c.out_of_hours else "",
        ]
    )


def number_digits(c: ContactRow) -> list[str]:
    return [rules.digits(n) for _, n in c.phones] + [rules.digits(e) for e in c.phones_e164]


def search_key(c: ContactRow) -> tuple[str, list[str]]:
    """What :func:`matches_key` searches; compute once per contact when filtering as the user types."""
    return haystack(c), number_digits(c)


def matches_key(key: tuple[str, list[str]], query: str) -> bool:
    return rules.matches(query, key[0], key[1])


def contact_matches(c: ContactRow, query: str) -> bool:
    return matches_key(search_key(c), query)


def search(session: Session, query: str, include_retired: bool = False) -> list[ContactRow]:
    return [c for c in directory(session, include_retired) if contact_matches(c, query)]


def is_stale(c: ContactRow, today: date, months: int) -> bool:
    verified = parse_loose(c.last_verified)
    return verified is None or add_months(verified, months) <= today


def stale_contacts(session: Session, today: date | None = None) -> list[ContactRow]:
    day = today or date.today()
    months = stale_months(session)
    return [c for c in directory(session) if is_stale(c, day, months)]


# ----------------------------------------------------------------------------------------------------
# Who do I call for...: the profile's routing evaluated by domain.routing over the vault's current contacts
# ----------------------------------------------------------------------------------------------------


def _profile_contact(c: ContactRow) -> dict[str, Any]:
    return {
        "id": c.id,
        "group": c.group_id,
        "role": c.role,
        "name": c.name,
        "organisation": c.organisation,
        "phones": [{"label": label, "number": number} for label, number in c.phones],
        "emails": list(c.emails),
        "web": c.web,
        "when_to_use": c.when_to_use,
        "notes": c.notes,
        "out_of_hours": c.out_of_hours,
        "public_line": c.public_line,
        "last_verified": c.last_verified,
    }


def vault_profile(session: Session) -> Profile:
    """The organisation profile as this vault holds it now: the stored routing, organisation, policy, duties and
    referral form, with the contacts and groups from the contacts tables (so edits apply). Retired contacts are
    taken out of every routing list, so :func:`route_situation` and :func:`route_concern` never offer them.

    The action plan and associated policies are not part of it (they live in their own tables; routing does not
    use them).
    """
    conn = session.conn
    all_contacts = store.list_contacts(conn, include_retired=True)
    org = profile_store.organisation(conn)
    data: dict[str, Any] = {
        "schema": profile_store.get(conn, "schema", 1),
        "organisation": org,
        "policy": profile_store.get(conn, "policy"),
        "duties": profile_store.get(conn, "duties", []),
        "routing": profile_store.get(conn, "routing"),
        "referral_form": profile_store.get(conn, "referral_form"),
        "contact_groups": [{"id": g.id, "title": g.title} for g in store.list_groups(conn)],
        "contacts": [_profile_contact(c) for c in all_contacts],
        "action_plan": {
            "organisation": str(org.get("name", "")) or "-",
            "safeguarding_contact": "",
            "date_last_updated": "",
            "date_actions_to_be_reviewed": "",
            "next_review_due": "",
            "rows": [],
        },
        "associated_policies": [],
    }
    profile = profile_from_dict(data, "the vault's profile")
    retired = {c.id for c in all_contacts if c.retired}
    if not retired:
        return profile

    def keep(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(i for i in ids if i not in retired)

    routing = profile.routing
    routing = dataclasses.replace(
        routing,
        situations=tuple(
            dataclasses.replace(s, contacts=keep(s.contacts), out_of_hours_contacts=keep(s.out_of_hours_contacts))
            for s in routing.situations
        ),
        rules=tuple(dataclasses.replace(r, contacts=keep(r.contacts)) for r in routing.rules),
        always=dataclasses.replace(routing.always, contacts=keep(routing.always.contacts)),
    )
    return dataclasses.replace(
        profile, routing=routing, contacts=tuple(c for c in profile.contacts if c.id not in retired)
    )


def situations(session: Session) -> list[Situation]:
    return list(vault_profile(session).routing.situations)


@dataclass(frozen=True)
class WhoToCall:
    situation: Situation
    out_of_hours: bool
    route: RouteResult
    contacts: list[ContactRow]  # in the routing's order, from the vault (current numbers)


def who_to_call(session: Session, situation_id: str, *, out_of_hours: bool = False) -> WhoToCall:
    profile = vault_profile(session)
    route = route_situation(profile, situation_id, out_of_hours=out_of_hours)
    situation = next(s for s in profile.routing.situations if s.id == situation_id)
    by_id = {c.id: c for c in directory(session)}
    return WhoToCall(situation, out_of_hours, route, [by_id[c.id] for c in route.contacts if c.id in by_id])


# ----------------------------------------------------------------------------------------------------
# Add, edit, retire, verify, history
# ----------------------------------------------------------------------------------------------------


def draft_of(c: ContactRow) -> ContactDraft:
    return ContactDraft(
        group_id=c.group_id,
        role=c.role,
        name=c.name,
        organisation=c.organisation,
        phones=c.phones,
        emails=c.emails,
        web=c.web,
        when_to_use=c.when_to_use,
        notes=c.notes,
        out_of_hours=c.out_of_hours,
        public_line=c.public_line,
        last_verified=c.last_verified,
    )


def _group_ids(session: Session) -> list[str]:
    return [g.id for g in store.list_groups(session.conn)]


def _row_from(
    contact_id: str, v: ValidContact, retired_at: str | None, position: int, group_title: str = ""
) -> ContactRow:
    return ContactRow(
        id=contact_id,
        group_id=v.group_id,
        group_title=group_title,
        name=v.name,
        role=v.role,
        organisation=v.organisation,
        phones=tuple((p.label, p.number) for p in v.phones),
        emails=v.emails,
        web=v.web,
        when_to_use=v.when_to_use,
        notes=v.notes,
        out_of_hours=v.out_of_hours,
        public_line=v.public_line,
        last_verified=v.last_verified,
        retired_at=retired_at,
        phones_e164=tuple(p.e164 for p in v.phones),
        position=position,
    )


def new_contact_id(session: Session, v: ValidContact | ContactDraft, taken: set[str] | None = None) -> str:
    """A readable id not yet used. ``taken`` (when given) must already hold every id in the vault."""
    existing = taken if taken is not None else {c.id for c in store.list_contacts(session.conn, include_retired=True)}
    base = rules.slug(f"{v.organisation} {v.name or v.role}")
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _write_new(
    session: Session, contact_id: str, v: ValidContact, retired_at: str | None, at: str, reason: str
) -> None:
    row = _row_from(contact_id, v, retired_at, 0)
    store.insert(session.conn, row, row.phones_e164, session.user, at)
    for name, value in store.field_values(row).items():
        if value:
            store.add_history(session.conn, contact_id, at, session.user, name, "", value, reason or "added")


def _write_changes(
    session: Session, old: ContactRow, v: ValidContact, retired_at: str | None, at: str, reason: str
) -> list[str]:
    new = _row_from(old.id, v, retired_at, old.position)
    before, after = store.field_values(old), store.field_values(new)
    changed = [name for name in store.TRACKED_FIELDS if before[name] != after[name]]
    if not changed and new.phones_e164 == old.phones_e164:
        return []
    store.update(session.conn, new, new.phones_e164, session.user, at)
    for name in changed:
        store.add_history(session.conn, old.id, at, session.user, name, before[name], after[name], reason)
    return changed


def add_contact(session: Session, draft: ContactDraft, contact_id: str | None = None) -> ContactRow:
    v = rules.validate(draft, _group_ids(session))
    cid = contact_id or new_contact_id(session, v)
    if not rules.is_valid_id(cid):
        raise ValidationError("id: use lower-case letters, digits, '-' or '_'.")
    with transaction(session.conn):
        if store.get(session.conn, cid) is not None:
            raise ValidationError("id: a contact with this id already exists.")
        _write_new(session, cid, v, None, now_iso(), "added")
        session.audit("contact.add", "contact", cid)
    return get_contact(session, cid)


def update_contact(session: Session, contact_id: str, draft: ContactDraft, reason: str = "") -> list[str]:
    """Save an edit; returns the names of the fields that changed (none: nothing written)."""
    v = rules.validate(draft, _group_ids(session))
    with transaction(session.conn):
        old = get_contact(session, contact_id)
        changed = _write_changes(session, old, v, old.retired_at, now_iso(), reason)
        if changed:
            session.audit("contact.update", "contact", contact_id, f"fields={len(changed)}")
    return changed


def _set_status(
    session: Session, contact_id: str, change: Callable[[ContactRow], ContactRow], action: str, reason: str
) -> bool:
    with transaction(session.conn):
        old = get_contact(session, contact_id)
        new = change(old)
        v = rules.validate(draft_of(new), _group_ids(session))
        changed = _write_changes(session, old, v, new.retired_at, now_iso(), reason)
        if changed:
            session.audit(action, "contact", contact_id)
    return bool(changed)


def retire_contact(session: Session, contact_id: str, reason: str = "", today: date | None = None) -> bool:
    day = (today or date.today()).isoformat()
    return _set_status(
        session,
        contact_id,
        lambda c: c if c.retired else dataclasses.replace(c, retired_at=day),
        "contact.retire",
        reason or "retired",
    )


def restore_contact(session: Session, contact_id: str, reason: str = "") -> bool:
    return _set_status(
        session, contact_id, lambda c: dataclasses.replace(c, retired_at=None), "contact.restore", reason or "restored"
    )


def mark_verified(session: Session, contact_id: str, today: date | None = None) -> bool:
    day = (today or date.today()).isoformat()
    return _set_status(
        session, contact_id, lambda c: dataclasses.replace(c, last_verified=day), "contact.verify", "verified"
    )


def history(session: Session, contact_id: str) -> list[HistoryRow]:
    return store.history(session.conn, contact_id)


# ----------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def phones_cell(c: ContactRow) -> str:
    return "; ".join(f"{label}: {number}" if label else number for label, number in c.phones)


def export_csv(session: Session) -> bytes:
    rows = directory(session, include_retired=True)
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
    _audit_export(session, "csv", len(rows))
    # With a BOM, so Excel on Windows reads it as UTF-8.
    return out.getvalue().encode("utf-8-sig")


_X = "X-PREVENT-"


def export_vcf(session: Session) -> bytes:
    import vobject

    rows = directory(session, include_retired=True)
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
    _audit_export(session, "vcf", len(rows))
    return "".join(parts).encode("utf-8")


def _audit_export(session: Session, fmt: str, count: int) -> None:
    with transaction(session.conn):
        session.audit("contacts.export", "contact", "", f"format={fmt} count={count}")


# ----------------------------------------------------------------------------------------------------
# Import: parse (strict), preview, apply (one transaction, all or nothing)
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    row: int  # the spreadsheet row (header = 1) or the card's number (first = 1)
    contact_id: str  # "" = a new contact, id to be made
    draft: ContactDraft
    retired_at: str | None
    kind: str = "Row"  # "Row" (CSV) or "Card" (vCard), for messages


@dataclass(frozen=True)
class ImportPreview:
    added: list[str] = field(default_factory=list)  # contact ids (new ones as they will be made)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed field names
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # kept as they are (an import never deletes)

    @property
    def summary(self) -> str:
        return f"{len(self.added)} to add, {len(self.changed)} to change, {len(self.unchanged)} unchanged" + (
            f"; {len(self.not_in_file)} in the vault but not in the file (kept)" if self.not_in_file else ""
        )


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
            draft = ContactDraft(
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
            retired = _date_or_none(cells.get("retired_at", ""), "field retired_at")
        except ValidationError as exc:
            raise ValidationError(f"Row {n}, {exc} Nothing was imported.") from None
        rows.append(ImportRow(n, cells.get("id", "").strip(), draft, retired))
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
    draft = ContactDraft(
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
    retired = _date_or_none(x.get("RETIRED-AT", ""), "field retired_at")
    uid = _card_text(card, "UID").strip()
    # A vCard from another program has its own UID (often a UUID in capitals): use it, made into a valid id, so
    # importing the same file again updates rather than duplicates.
    contact_id = uid if not uid or rules.is_valid_id(uid) else rules.slug(uid)
    return ImportRow(n, contact_id, draft, retired, "Card")


def parse_import(data: bytes, filename: str) -> list[ImportRow]:
    lower = filename.lower()
    if lower.endswith(".csv"):
        return parse_csv(data)
    if lower.endswith((".vcf", ".vcard")):
        return parse_vcf(data)
    raise ValidationError("Import a .csv or a .vcf (vCard) file.")


def _plan(session: Session, rows: list[ImportRow]) -> tuple[ImportPreview, list[tuple[ImportRow, str, ValidContact]]]:
    group_ids = _group_ids(session)
    existing = {c.id: c for c in store.list_contacts(session.conn, include_retired=True)}
    seen: set[str] = set()
    taken = set(existing)
    planned: list[tuple[ImportRow, str, ValidContact]] = []
    preview = ImportPreview()
    for r in rows:
        try:
            v = rules.validate(r.draft, group_ids)
        except ValidationError as exc:
            raise ValidationError(f"{r.kind} {r.row}, field {exc} Nothing was imported.") from None
        cid = r.contact_id
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
        old = existing.get(cid)
        if old is None:
            preview.added.append(cid)
        else:
            new = _row_from(cid, v, r.retired_at, old.position)
            before, after = store.field_values(old), store.field_values(new)
            changed = [f for f in store.TRACKED_FIELDS if before[f] != after[f]]
            if changed:
                preview.changed[cid] = changed
            else:
                preview.unchanged.append(cid)
        planned.append((r, cid, v))
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
        for r, cid, v in planned:
            old = store.get(session.conn, cid)
            if old is None:
                _write_new(session, cid, v, r.retired_at, at, "imported")
            else:
                _write_changes(session, old, v, r.retired_at, at, "imported")
        session.audit(
            "contacts.import",
            "contact",
            "",
            f"added={len(preview.added)} changed={len(preview.changed)} unchanged={len(preview.unchanged)}",
        )
    return preview
