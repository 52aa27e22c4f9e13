"""Defect 9: one formula-injection rule (domain/spreadsheet.py) for every export a spreadsheet may open — contacts
CSV, contacts vCard, action-plan CSV — and import gives back exactly what was exported."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from prevent_desktop.domain import spreadsheet
from prevent_desktop.domain.contacts import ContactDraft
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import plan
from prevent_desktop.services.contacts import directory, editing, transfer
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.conftest import PASSPHRASE

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = {
    "role": "=HYPERLINK(\"http://example.invalid\",\"Click\")",
    "name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "organisation": "+cmd|' /C notepad'!A0",
    "notes": "-2+3\nsecond line",
    "when_to_use": "\t=1+1",
    "web": "'=already quoted by hand",
}
FORMULA_TEXT = st.text(alphabet=st.sampled_from([*DANGEROUS, "'", "a", "1", " ", "é"]), max_size=8)


def _starts_formula(text: str) -> bool:
    return text[:1] in DANGEROUS


@given(st.one_of(FORMULA_TEXT, st.text(max_size=30)))
def test_neutralise_is_safe_and_restore_undoes_it_exactly(text: str) -> None:
    cell = spreadsheet.neutralise(text)
    assert not _starts_formula(cell)
    assert spreadsheet.restore(cell) == text
    if not spreadsheet.needs_neutralising(text):
        assert cell == text  # ordinary text is left exactly as typed


def test_restore_leaves_hand_made_cells_alone_and_dialable_numbers_are_kept() -> None:
    assert spreadsheet.restore("'Tis the season") == "'Tis the season"
    assert spreadsheet.restore("'+44 800 123 456") == "+44 800 123 456"  # Excel's "keep as text" apostrophe
    assert spreadsheet.neutralise("+44 (0)1634 822386", dialable=True) == "+44 (0)1634 822386"
    assert spreadsheet.neutralise("+44 1634", dialable=False) == "'+44 1634"
    assert spreadsheet.neutralise("=1+1", dialable=True) == "'=1+1"


def _hostile_contact(session) -> None:  # type: ignore[no-untyped-def]
    editing.add_contact(
        session,
        ContactDraft(
            group_id="other-learners",
            phones=(("=1+1", "+44 20 7946 0123"),),
            emails=("=cmd|'x'!a0@example.org", "sam@example.org"),
            last_verified="2026-01-15",
            **PAYLOADS,
        ),
        contact_id="hostile",
    )


def _snapshot(session):  # type: ignore[no-untyped-def]
    return [
        dataclasses.replace(c, updated_at="", updated_by="", position=0)
        for c in directory.directory(session, include_retired=True)
    ]


def test_contacts_csv_neutralises_every_cell_and_imports_back_exactly(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _hostile_contact(session)
    data = transfer.export_csv(session)
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]
    assert [c for c in cells if _starts_formula(c)] == []
    assert "'" + PAYLOADS["role"] in cells and "''=already quoted by hand" in cells
    _assert_imports_back(session, tmp_path, data, "contacts.csv")


def test_contacts_vcard_neutralises_text_keeps_dialable_numbers_and_imports_back(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import vobject

    _hostile_contact(session)
    data = transfer.export_vcf(session)
    card = next(c for c in vobject.readComponents(data.decode()) if c.uid.value == "hostile")
    values = [str(child.value) for child in card.getChildren() if child.name != "N"]
    values += [str(v) for child in card.getChildren() for vs in child.params.values() for v in vs]
    values += [card.n.value.family]
    assert [v for v in values if _starts_formula(v) and v != "+44 20 7946 0123"] == []
    assert "+44 20 7946 0123" in values  # a phone can still dial it
    assert "'=1+1" in values and "'" + PAYLOADS["notes"] in values
    _assert_imports_back(session, tmp_path, data, "contacts.vcf")


def _assert_imports_back(session, tmp_path: Path, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    other, _ = create_vault(DataPaths(tmp_path / "fresh"), PASSPHRASE, user_name="Other DSO", kdf=TEST_KDF)
    try:
        transfer.apply_import(other, data, name)
        assert directory.get_contact(other, "hostile").notes == PAYLOADS["notes"]
        assert _snapshot(other) == _snapshot(session)
    finally:
        other.close()


def test_action_plan_csv_neutralises_header_and_grid(session) -> None:  # type: ignore[no-untyped-def]
    plan.update_header(session, organisation="=HYPERLINK(\"x\")", safeguarding_contact="@evil")
    first = plan.rows(session)[0]
    plan.update_row(session, first.id, "who", "+cmd|' /C calc'!A0")
    plan.update_row(session, first.id, "action", "-1+1")
    text = plan.export_csv(session).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert [c for c in cells if _starts_formula(c)] == []
    assert {"'=HYPERLINK(\"x\")", "'@evil", "'+cmd|' /C calc'!A0", "'-1+1"} <= set(cells)
