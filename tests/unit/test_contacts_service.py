"""Contacts services on a real vault: seeded data as in the policy, search, who-to-call, history, import/export."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevent_desktop.domain.contact_records import ContactDraft
from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import home
from prevent_desktop.services.contacts import directory as contact_directory
from prevent_desktop.services.contacts import editing as contact_editing
from prevent_desktop.services.contacts import routing as contact_routing
from prevent_desktop.services.contacts import settings as contact_settings
from prevent_desktop.services.contacts import transfer as contact_transfer
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF
from tests.conftest import PASSPHRASE

# The seed policy beside the project (main checkout: ../shared; a worktree: ../../shared); the strings below are
# copied from it, and checked against it when it is there.
POLICY = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[i] / "shared" / "seed" / "prevent-strategy-and-policy.txt" for i in (3, 4)
        )
        if p.is_file()
    ),
    Path("missing"),
)

# (group title, who, numbers, emails) exactly as the policy (Key Contact Details, Annex B2) writes them.
EXPECTED = {
    "dpo": (
        "Designated Prevent Officer – MKC Training",
        "Dr John Dynes",
        ["01634 822386"],
        ["john.dynes@midkent.ac.uk"],
    ),
    "dfe-coordinator": (
        "Department for Education",
        "Dr Helene Morris",
        ["02045 666324", "07901 384401"],
        ["Helene.MORRIS@EDUCATION.GOV.UK"],
    ),
    "duty-supervisory-care-nco": (
        "Military soldier safeguarding / Prevent concerns",
        "Duty Supervisory Care NCO",
        ["0785 507 9207"],
        [],
    ),
    "unit-welfare-officer": (
        "Military soldier safeguarding / Prevent concerns",
        "Unit Welfare Officer",
        ["01634 822966"],
        [],
    ),
    "military-out-of-hours-welfare": (
        "Military soldier safeguarding / Prevent concerns",
        "Out of hours welfare support",
        ["01634 822442"],
        [],
    ),
    "medway-mash": (
        "Other learner and apprentice safeguarding / Prevent concerns",
        "Multi-Agency Safeguarding Hub (MASH)",
        ["01634 334466"],
        [],
    ),
    "kcc-safeguarding": (
        "Other learner and apprentice safeguarding / Prevent concerns",
        "Safeguarding",
        ["03000 41 11 11"],
        [],
    ),
    "kent-medway-out-of-hours-social-services": (
        "Other learner and apprentice safeguarding / Prevent concerns",
        "Out of Hours Social Services",
        ["03000 41 91 91"],
        [],
    ),
    "emergency-999": ("Emergency and reporting lines", "Police – emergency", ["999"], []),
    "police-101": ("Emergency and reporting lines", "Police – non-emergency", ["101"], []),
    "police-0800": ("Emergency and reporting lines", "Police – confidential line", ["0800 789 321"], []),
    "online-terrorist-activity-report": (
        "Emergency and reporting lines",
        "Online report of possible terrorist activity",
        [],
        [],
    ),
    "online-material-report": (
        "Emergency and reporting lines",
        "Report online material promoting terrorism or extremism",
        [],
        [],
    ),
    # The parties 3.7-3.11 name: no number in the policy (Home asks for one).
    "kent-police-prevent-team": ("Reporting Prevent Referrals", "Kent Police Prevent Team", [], []),
    "hr-advisor": ("Reporting Prevent Referrals", "HR Advisor", [], []),
    "programme-leader": ("Reporting Prevent Referrals", "Programme Leader", [], []),
    "senior-leadership-team": ("Reporting Prevent Referrals", "Senior Leadership Team", [], []),
}

NAMED_ONLY = ["kent-police-prevent-team", "hr-advisor", "programme-leader", "senior-leadership-team"]

# "Who do I call for..." in the policy's order (Key Contact Details, 3.6-3.10, Annex B2).
ROUTES = {
    ("immediate-danger", False): ["emergency-999"],
    ("learner", False): ["dpo", "medway-mash", "kcc-safeguarding", "kent-medway-out-of-hours-social-services"],
    ("learner", True): ["kent-medway-out-of-hours-social-services", "dpo"],
    ("apprentice", False): ["dpo", "medway-mash", "kcc-safeguarding", "kent-medway-out-of-hours-social-services"],
    ("soldier", False): ["duty-supervisory-care-nco", "unit-welfare-officer", "military-out-of-hours-welfare"],
    ("soldier", True): ["military-out-of-hours-welfare", "duty-supervisory-care-nco"],
    ("staff", False): ["hr-advisor", "dpo"],
    ("online-material", False): [
        "online-material-report",
        "online-terrorist-activity-report",
        "police-101",
        "police-0800",
    ],
    ("police", False): ["police-101", "police-0800", "online-terrorist-activity-report"],
    ("dfe-advice", False): ["dfe-coordinator"],
}


def _draft(**changes: object) -> ContactDraft:
    base = ContactDraft(
        group_id="other-learners",
        role="Early Help Team",
        name="Sam Example",
        organisation="Example Council",
        phones=(("Desk", "020 7946 0123"),),
        emails=("sam.example@example.org",),
        when_to_use="Early help referrals.",
        last_verified="2026-01-15",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_every_seeded_contact_and_number_as_in_the_policy(session) -> None:  # type: ignore[no-untyped-def]
    rows = {c.id: c for c in contact_directory.directory(session)}
    assert list(rows) == list(EXPECTED)
    policy = POLICY.read_text("utf-8") if POLICY.exists() else None
    for cid, (group, who, numbers, emails) in EXPECTED.items():
        c = rows[cid]
        assert c.group_title == group
        assert who in (c.name, c.role)
        assert [n for _, n in c.phones] == numbers
        assert list(c.emails) == emails
        assert all(e for e in c.phones_e164)
        if policy is not None:
            # the Annex B2 lines are grouped and named by the app; their numbers come from the policy
            named = [group, who] if group != "Emergency and reporting lines" else []
            for text in [*named, *numbers, *emails]:
                assert text in policy, text
    assert rows["dfe-coordinator"].phones == (("Desk", "02045 666324"), ("Mobile", "07901 384401"))
    assert rows["emergency-999"].public_line and not rows["dpo"].public_line


def test_search_finds_each_contact_by_name_role_organisation_and_digit_runs(session) -> None:  # type: ignore[no-untyped-def]
    for c in contact_directory.directory(session):
        for query in filter(None, [c.name, c.role, c.organisation]):
            assert c in contact_directory.search(session, query), query
        for _, number in c.phones:
            d = "".join(ch for ch in number if ch.isdigit())
            for start in range(len(d)):
                for end in range(start + 3, len(d) + 1):
                    assert c in contact_directory.search(session, d[start:end]), (number, d[start:end])
    assert [c.id for c in contact_directory.search(session, "822386")] == ["dpo"]
    assert [c.id for c in contact_directory.search(session, "0800789")] == ["police-0800"]
    assert [c.id for c in contact_directory.search(session, "0800 789")] == ["police-0800"]
    assert [c.id for c in contact_directory.search(session, "helene morris")] == ["dfe-coordinator"]
    assert contact_directory.search(session, "nobody-like-this") == []


@pytest.mark.parametrize(("situation", "ooh"), list(ROUTES))
def test_who_to_call_returns_the_policy_contacts_in_order(session, situation: str, ooh: bool) -> None:  # type: ignore[no-untyped-def]
    result = contact_routing.who_to_call(session, situation, out_of_hours=ooh)
    assert [c.id for c in result.contacts] == ROUTES[(situation, ooh)]
    assert [c.id for c in result.route.contacts] == ROUTES[(situation, ooh)]


def test_who_to_call_follows_edits_and_retirements(session) -> None:  # type: ignore[no-untyped-def]
    nco = contact_directory.get_contact(session, "duty-supervisory-care-nco")
    contact_editing.update_contact(
        session, nco.id, dataclasses.replace(nco, phones=(("Telephone", "0113 496 0123"),))
    )
    result = contact_routing.who_to_call(session, "soldier", out_of_hours=True)
    assert result.contacts[1].phones == (("Telephone", "0113 496 0123"),)
    assert result.route.contacts[1].phones[0].number == "0113 496 0123"
    contact_editing.retire_contact(session, "military-out-of-hours-welfare")
    out_of_hours = contact_routing.who_to_call(session, "soldier", out_of_hours=True).contacts
    assert [c.id for c in out_of_hours] == ["duty-supervisory-care-nco"]
    contact_editing.retire_contact(session, "dfe-coordinator")
    assert contact_routing.who_to_call(session, "dfe-advice").contacts == []
    # the referral wizard's evaluator sees the same current data
    from prevent_desktop.domain.routing import route_concern

    ids = [c.id for c in route_concern(contact_routing.vault_profile(session), "soldier", "staff").contacts]
    assert "military-out-of-hours-welfare" not in ids


def test_add_edit_retire_keep_history_and_audit(session) -> None:  # type: ignore[no-untyped-def]
    added = contact_editing.add_contact(session, _draft())
    assert added.id == "example-council-sam-example"
    assert added.phones_e164 == ("+442079460123",)
    assert added.group_title == "Other learner and apprentice safeguarding / Prevent concerns"
    changed = contact_editing.update_contact(
        session, added.id, _draft(phones=(("Desk", "020 7946 0999"),), notes="Ask for the duty worker."), "new desk"
    )
    assert changed == ["phones", "notes"]
    assert (
        contact_editing.update_contact(
            session, added.id, _draft(phones=(("Desk", "020 7946 0999"),), notes="Ask for the duty worker.")
        )
        == []
    )
    h = contact_editing.history(session, added.id)
    latest = {r.field: r for r in h[:2]}
    assert latest["phones"].old_value == "Desk: 020 7946 0123"
    assert latest["phones"].new_value == "Desk: 020 7946 0999"
    assert latest["phones"].changed_by == "Test DSO"
    assert latest["phones"].reason == "new desk"
    assert contact_editing.retire_contact(session, added.id, today=date(2026, 11, 26))
    assert added.id not in {c.id for c in contact_directory.directory(session)}
    retired = contact_directory.get_contact(session, added.id)
    assert retired.retired_at == "2026-11-26"
    assert contact_editing.history(session, added.id)[0].field == "retired_at"
    assert contact_editing.restore_contact(session, added.id)
    assert contact_directory.get_contact(session, added.id).retired_at is None
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit_log ORDER BY id").fetchall()]
    assert actions[-4:] == ["contact.add", "contact.update", "contact.retire", "contact.restore"]
    details = " ".join(r[0] for r in session.conn.execute("SELECT detail || entity_id FROM audit_log").fetchall())
    assert "Sam" not in details and "7946" not in details


def test_bad_phone_or_email_refused_and_nothing_saved(session) -> None:  # type: ignore[no-untyped-def]
    before = len(contact_directory.directory(session))
    with pytest.raises(ValidationError, match="phone 1: not a valid UK telephone number"):
        contact_editing.add_contact(session, _draft(phones=(("Desk", "020 7946 00"),)))
    with pytest.raises(ValidationError, match="email 1: not a valid email address"):
        contact_editing.add_contact(session, _draft(emails=("sam@",)))
    with pytest.raises(ValidationError, match="email 1"):
        contact_editing.update_contact(
            session, "dpo", dataclasses.replace(contact_directory.get_contact(session, "dpo"), emails=("john.dynes@",))
        )
    assert len(contact_directory.directory(session)) == before
    assert contact_directory.get_contact(session, "dpo").emails == ("john.dynes@midkent.ac.uk",)


def test_stale_contacts_flagged_with_configurable_months(session) -> None:  # type: ignore[no-untyped-def]
    today = date(2024, 6, 1)
    # verified Dec 2023, 12 months; the parties the policy names with no number were never verified
    assert [c.id for c in contact_directory.stale_contacts(session, today)] == NAMED_ONLY
    session.vault.set_setting(contact_settings.SETTING_STALE_MONTHS, "3")
    assert len(contact_directory.stale_contacts(session, today)) == 17
    items = home.contact_items(session, today)
    # a party with no number is asked for it (once: not also "not verified"), then the 13 verified in Dec 2023
    assert [(i.kind, i.target) for i in items[:4]] == [("contact_no_number", c) for c in NAMED_ONLY]
    assert len(items) == 4 + 13
    assert "Dr John Dynes: not verified since Dec 2023" in items[4].text
    contact_editing.mark_verified(session, "dpo", today)
    assert contact_directory.get_contact(session, "dpo").last_verified == "2024-06-01"
    assert len(home.contact_items(session, today)) == 4 + 12
    assert contact_editing.history(session, "dpo")[0].old_value == "2023-12"


def _fresh(tmp_path: Path, name: str):  # type: ignore[no-untyped-def]
    session, _ = create_vault(DataPaths(tmp_path / name), PASSPHRASE, user_name="Other DSO", kdf=TEST_KDF)
    return session


def _snapshot(session):  # type: ignore[no-untyped-def]
    return [
        dataclasses.replace(c, updated_at="", updated_by="", position=0)
        for c in contact_directory.directory(session, include_retired=True)
    ]


@pytest.mark.parametrize("fmt", ["vcf", "csv"])
def test_round_trip_into_a_fresh_vault(session, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    contact_editing.add_contact(
        session, _draft(notes='Line one; "quoted", comma\nline two – ünïcode', web="Intranet: safeguarding page")
    )
    dpo = contact_directory.get_contact(session, "dpo")
    contact_editing.update_contact(
        session, "dpo", dataclasses.replace(dpo, phones=(*dpo.phones, ("Mobile", "0113 496 0456")))
    )
    contact_editing.retire_contact(session, "unit-welfare-officer", today=date(2026, 2, 1))
    data = contact_transfer.export_csv(session) if fmt == "csv" else contact_transfer.export_vcf(session)
    other = _fresh(tmp_path, "fresh")
    try:
        preview = contact_transfer.preview_import(other, data, f"contacts.{fmt}")
        assert preview.added == ["example-council-sam-example"]
        assert set(preview.changed) == {"dpo", "unit-welfare-officer"}
        assert len(preview.unchanged) == 15
        assert len(contact_directory.directory(other)) == 17  # preview changed nothing
        contact_transfer.apply_import(other, data, f"contacts.{fmt}")
        assert _snapshot(other) == _snapshot(session)
        again = contact_transfer.preview_import(other, data, f"contacts.{fmt}")
        assert not again.added and not again.changed
        assert contact_editing.history(other, "dpo")[0].reason == "imported"
    finally:
        other.close()


def test_csv_with_and_without_bom_and_excel_style(session) -> None:  # type: ignore[no-untyped-def]
    data = contact_transfer.export_csv(session)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    plain = data[3:]
    with_bom = contact_transfer.preview_import(session, data, "a.csv")
    assert with_bom.unchanged == contact_transfer.preview_import(session, plain, "a.csv").unchanged
    lf_only = plain.replace(b"\r\n", b"\n")
    assert len(contact_transfer.preview_import(session, lf_only, "a.csv").unchanged) == 17
    minimal = 'group,role,name,phones\r\nemergency,Fire – emergency,,"Emergency: 999"\r\n'.encode()
    preview = contact_transfer.apply_import(session, minimal, "m.csv")
    assert preview.added == ["fire-emergency"]
    assert contact_directory.get_contact(session, "fire-emergency").phones == (("Emergency", "999"),)


def test_csv_with_a_bad_row_imports_nothing_and_names_row_and_field(session) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(session)
    audit_before = session.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    text = (
        "id,group,role,name,phones,emails\r\n"
        "new-one,dfe,Adviser,A Person,020 7946 0001,a.person@example.org\r\n"
        "dpo,prevent-officer,Designated Prevent Officer,Dr John Dynes,01634 822386,john.dynes@midkent.ac.uk\r\n"
        "new-two,dfe,Adviser,B Person,020 7946 00,b.person@example.org\r\n"
    )
    with pytest.raises(ValidationError, match=r"Row 4, field phone 1: not a valid UK telephone number.*Nothing"):
        contact_transfer.apply_import(session, text.encode(), "bad.csv")
    bad_email = text.replace("020 7946 00,", "020 7946 0002,").replace("b.person@example.org", "b.person@")
    with pytest.raises(ValidationError, match=r"Row 4, field email 1"):
        contact_transfer.apply_import(session, bad_email.encode(), "bad.csv")
    with pytest.raises(ValidationError, match=r"Row 2, field out_of_hours"):
        contact_transfer.apply_import(session, b"group,role,out_of_hours\r\ndfe,X,maybe\r\n", "bad.csv")
    with pytest.raises(ValidationError, match=r"Row 3, field id: the same id"):
        contact_transfer.apply_import(session, b"id,group,role\r\nx,dfe,X\r\nx,dfe,Y\r\n", "bad.csv")
    assert _snapshot(session) == before
    assert session.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xff\xfe\x00g", "x.csv", "not UTF-8"),
        (b"", "x.csv", "empty"),
        (b"foo,bar\r\n1,2\r\n", "x.csv", "Row 1 \\(the header\\)"),
        (b'group,role\r\n"dfe,X\r\n', "x.csv", "malformed"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\n", "x.vcf", "malformed|no vCard"),
        (b"hello", "x.vcf", "malformed|no vCard"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n", "x.vcf", "Card 1, field group"),
        (b"id,group,role", "x.txt", "\\.csv or a \\.vcf"),
    ],
)
def test_malformed_files_give_clear_errors(session, data: bytes, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        contact_transfer.apply_import(session, data, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.sampled_from(
                [
                    "BEGIN:VCARD",
                    "VERSION:3.0",
                    "FN:x",
                    "TEL:999",
                    "X-PREVENT-GROUP:dfe",
                    "TITLE:y",
                    "END:VCARD",
                    "id,group,role",
                    "dfe,x,y",
                    '"',
                    ";",
                    ":",
                    "\r\n",
                ]
            ),
            max_size=20,
        ).map(lambda parts: "\r\n".join(parts).encode()),
    ),
    suffix=st.sampled_from(["csv", "vcf"]),
)
def test_fuzz_random_bytes_only_known_errors_and_nothing_imported(session, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    before = len(contact_directory.directory(session, include_retired=True))
    try:
        contact_transfer.apply_import(session, data, f"fuzz.{suffix}")
    except KnownError:
        assert len(contact_directory.directory(session, include_retired=True)) == before


def test_foreign_vcard_imports_and_reimport_updates(session) -> None:  # type: ignore[no-untyped-def]
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:6F1C2A9E-0B7D-4C55-9E1A-2B3C4D5E6F70\r\nFN:Pat Example\r\n"
        b"TITLE:Prevent Education Officer\r\nORG:Example Council\r\nTEL;TYPE=WORK:020 7946 0321\r\n"
        b"EMAIL:pat.example@example.org\r\nCATEGORIES:dfe\r\nEND:VCARD\r\n"
    )
    first = contact_transfer.apply_import(session, card, "pat.vcf")
    assert first.added == ["6f1c2a9e-0b7d-4c55-9e1a-2b3c4d5e6f70"]
    c = contact_directory.get_contact(session, first.added[0])
    assert (c.name, c.role, c.organisation, c.group_id) == (
        "Pat Example",
        "Prevent Education Officer",
        "Example Council",
        "dfe",
    )
    assert c.phones == (("", "020 7946 0321"),) and c.emails == ("pat.example@example.org",)
    again = contact_transfer.preview_import(session, card, "pat.vcf")
    assert again.unchanged == [first.added[0]] and not again.added
