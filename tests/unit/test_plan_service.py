"""The action plan through real vaults: seeded Annex A, edits with history and audit, evidence, reviews, duties."""

from __future__ import annotations

from datetime import date

import pytest

from prevent_desktop.domain.plan import MAX_EVIDENCE_BYTES, Rag
from prevent_desktop.errors import ValidationError
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import home, plan
from prevent_desktop.services.plan import EvidenceTooLarge
from prevent_desktop.storage import audit

ANNEX_A = [
    (1, "Awareness", "Mandatory training", "All staff", "Annual", ""),
    (2, "Safeguarding", "Mandatory training", "All staff", "Annual", ""),
    (3, "IT systems", "Cyber Essentials +", "IT", "", ""),
    (4, "Security", "DBS enhanced clearance, BPS security clearance", "HR", "", ""),
    (5, "Events", "", "", "", ""),
    (6, "Communication", "News feed comms, updates to SLT", "Designated Safeguarding Lead", "", ""),
    (7, "Funding & resources", "", "", "", ""),
    (8, "Policies & procedures", "External facing policy", "Designated Safeguarding Lead", "Annual", ""),
    (9, "Information sharing / partnerships", "", "", "", ""),
    (10, "Dangerous substances / items", "", "", "", ""),
    (11, "Dealing with an incident", "", "", "", ""),
    (12, "Curriculum", "", "", "", ""),
]


def test_seeded_header_and_twelve_rows_exactly_as_annex_a(session) -> None:  # type: ignore[no-untyped-def]
    h = plan.header(session)
    assert (h.organisation, h.safeguarding_contact, h.date_last_updated, h.date_actions_to_be_reviewed,
            h.next_review_due) == ("MKC Training Services Ltd", "Dr John Dynes", "2023-12", "", "2024-12")
    rows = plan.rows(session)
    assert [(r.no, r.area, r.action, r.who, r.when_text, r.rag) for r in rows] == ANNEX_A
    assert rows[0].duties == ("training",)
    assert set(plan.rag_definitions(session).values()) >= {"Action not started or risk not controlled"}
    assert [d.id for d in plan.duties(session)] == [
        "pastoral-care", "staff-duty-of-care", "events", "partnership", "it-security", "training",
    ]


def test_rag_change_needs_reason_and_is_recorded_with_history_and_audit(clock, session) -> None:  # type: ignore[no-untyped-def]
    row = plan.rows(session)[2]
    with pytest.raises(ValidationError, match="reason"):
        plan.update_row(session, row.id, "rag", "red")
    before_audit = len(audit.entries(session.conn))
    assert plan.update_row(session, row.id, "rag", "Red", reason="No Cyber Essentials certificate yet")
    assert plan.update_row(session, row.id, "rag", "amber", reason="Assessment booked")
    assert not plan.update_row(session, row.id, "rag", "Amber", reason="same")
    entries = [e for e in plan.history(session, row.id) if e.field == "rag"]
    assert [(e.old_value, e.new_value, e.reason, e.changed_by) for e in entries] == [
        ("red", "amber", "Assessment booked", "Test DSO"),
        ("", "red", "No Cyber Essentials certificate yet", "Test DSO"),
    ]
    assert entries[0].changed_at[:10] == clock.today.isoformat()
    new_audit = audit.entries(session.conn)[: len(audit.entries(session.conn)) - before_audit]
    assert [e.action for e in new_audit] == ["plan.row.update", "plan.row.update"]
    assert all("Cyber" not in e.detail and "Assessment" not in e.detail for e in new_audit)
    assert audit.verify(session.conn) == []
    assert plan.header(session).date_last_updated == clock.today.isoformat()


def test_edit_fields_when_validation_and_who_links_a_contact(session) -> None:  # type: ignore[no-untyped-def]
    row = plan.rows(session)[4]
    plan.update_row(session, row.id, "action", "Risk-assess external speakers")
    plan.update_row(session, row.id, "when_text", "31/03/2027")
    plan.update_row(session, row.id, "who", "Dr John Dynes")
    got = plan.row(session, row.id)
    assert (got.action, got.when_text, got.who, got.who_contact_id) == (
        "Risk-assess external speakers", "2027-03-31", "Dr John Dynes", "dpo",
    )
    with pytest.raises(ValidationError, match="When"):
        plan.update_row(session, row.id, "when_text", "next week")
    assert "Dr John Dynes" in plan.contact_choices(session)


def test_add_reorder_retire_never_delete(session) -> None:  # type: ignore[no-untyped-def]
    first = plan.rows(session)[0]
    new_id = plan.add_row(session, "Awareness", "Induction briefing", "DSO", "Termly", after_row_id=first.id)
    rows = plan.rows(session)
    assert [r.id for r in rows][:2] == [first.id, new_id]
    assert rows[1].no == 1  # a second action for the same area keeps the area's number
    assert plan.move_row(session, new_id, -1)
    assert plan.rows(session)[0].id == new_id
    assert not plan.move_row(session, new_id, -1)
    with pytest.raises(ValidationError):
        plan.retire_row(session, new_id, "")
    plan.retire_row(session, new_id, "Merged into row 1")
    assert new_id not in [r.id for r in plan.rows(session)]
    assert new_id in [r.id for r in plan.rows(session, include_retired=True)]
    assert session.conn.execute("SELECT count(*) FROM plan_rows").fetchone()[0] == 13
    fields = [e.field for e in plan.history(session, new_id)]
    assert fields == ["retired", "position", "created"]


def test_evidence_is_stored_in_the_vault_and_size_limited(session, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    row = plan.rows(session)[0]
    note_id = plan.add_evidence_note(session, row.id, "Training matrix checked: 100% complete")
    file_id = plan.add_evidence_file(session, row.id, "matrix.txt", b"SENTINEL-EVIDENCE-7731 staff list")
    items = plan.evidence(session, row.id)
    assert [(e.kind, e.filename, e.mime, e.size) for e in items] == [
        ("note", "", "text/plain", 0), ("file", "matrix.txt", "text/plain", 33),
    ]
    assert plan.evidence_bytes(session, file_id) == b"SENTINEL-EVIDENCE-7731 staff list"
    assert plan.row(session, row.id).evidence_count == 2
    assert b"SENTINEL-EVIDENCE-7731" not in paths.database.read_bytes()  # encrypted at rest
    with pytest.raises(EvidenceTooLarge, match="at most 10 MB"):
        plan.add_evidence_file(session, row.id, "big.bin", b"\0" * (MAX_EVIDENCE_BYTES + 1))
    plan.retire_evidence(session, note_id)
    assert [e.id for e in plan.evidence(session, row.id)] == [file_id]


def test_private_temp_is_0700_under_the_data_dir_and_wiped(session, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    target = plan.write_private_temp(paths, "../../escape.docx", b"secret bytes")
    assert target.parent == paths.root / "viewing"
    assert (target.parent.stat().st_mode & 0o777) == 0o700
    assert (target.stat().st_mode & 0o777) == 0o600
    second = plan.write_private_temp(paths, "escape.docx", b"more")
    assert second.name == "escape (2).docx"
    assert plan.wipe_private_temp(paths) == 2
    assert not (paths.root / "viewing").exists()
    assert plan.wipe_private_temp(paths) == 0


def test_review_moves_last_updated_and_restarts_recurrences(clock, session) -> None:  # type: ignore[no-untyped-def]
    today = clock.today
    assert plan.rows(session)[0].due_status == "overdue"  # Annual, last looked at Dec 2023
    review_id = plan.review_plan(session, today.strftime("%d/%m/%Y"), "Test DSO", "All rows walked through")
    assert plan.header(session).date_last_updated == today.isoformat()
    assert [(r.id, r.reviewer, r.notes) for r in plan.reviews(session)] == [
        (review_id, "Test DSO", "All rows walked through"),
    ]
    assert all(r.last_reviewed == today.isoformat() for r in plan.rows(session))
    assert plan.rows(session)[0].due_status == "ok"


def test_overdue_rows_feed_home(session) -> None:  # type: ignore[no-untyped-def]
    rows = plan.rows(session)
    plan.update_row(session, rows[3].id, "when_text", "2020-01-15")
    plan.update_row(session, rows[3].id, "rag", "red", reason="Lapsed")
    items = [i for i in home.attention_items(session, date(2026, 11, 26)) if i.area == "Action plan"]
    texts = [i.text for i in items]
    assert "4. Security: due 15 Jan 2020 is overdue." in texts
    assert "4. Security is rated Red." in texts
    assert "1. Awareness: annual review is overdue." in texts
    assert "5. Events needs a RAG rating." in texts
    assert any(i.severity == "overdue" and "action plan's review" in i.text for i in items)
    plan.update_header(session, date_actions_to_be_reviewed="01/09/2026")
    texts = [i.text for i in home.attention_items(session, date(2026, 11, 26)) if i.area == "Action plan"]
    assert "The action plan's actions were to be reviewed by 1 Sep 2026." in texts


def test_duty_mapping_and_coverage(session) -> None:  # type: ignore[no-untyped-def]
    rows = plan.rows(session)
    cov = {c.duty_id: c for c in plan.coverage(session)}
    assert [no for no, _a, _r in cov["it-security"].rows] == [3]
    assert "Green" in cov["it-security"].warning
    plan.update_row(session, rows[2].id, "rag", "green", reason="Certificate on file")
    assert plan.coverage(session)[4].warning == ""
    plan.set_duty_rows(session, "it-security", [])
    cov = {c.duty_id: c for c in plan.coverage(session)}
    assert cov["it-security"].rows == ()
    assert cov["it-security"].warning.startswith("No action-plan row")
    plan.set_row_duties(session, rows[0].id, ["training", "it-security"])
    assert plan.row(session, rows[0].id).duties == ("it-security", "training")
    with pytest.raises(ValidationError):
        plan.set_row_duties(session, rows[0].id, ["nonsense"])


def test_header_edit_and_rag_definitions(clock, session) -> None:  # type: ignore[no-untyped-def]
    plan.update_header(session, date_actions_to_be_reviewed="01/03/2027", next_review_due="2027-12-01")
    h = plan.header(session)
    assert (h.date_actions_to_be_reviewed, h.next_review_due, h.date_last_updated) == (
        "2027-03-01", "2027-12-01", clock.today.isoformat(),
    )
    with pytest.raises(ValidationError, match="Next review due"):
        plan.update_header(session, next_review_due="someday")
    plan.set_rag_definition(session, Rag.AMBER, "Partly in place")
    assert plan.rag_definitions(session)[Rag.AMBER] == "Partly in place"
    assert [e.field for e in plan.history(session)][:3] == [
        "rag_definition.amber", "header.next_review_due", "header.date_actions_to_be_reviewed",
    ]


def test_csv_export_is_excel_friendly(session) -> None:  # type: ignore[no-untyped-def]
    plan.update_row(session, plan.rows(session)[4].id, "action", "=HYPERLINK(\"x\")")
    data = plan.export_csv(session)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    assert "No.,Potential Prevent Vulnerability,Action Required / Evidence if in place,Who,When,RAG" in text
    assert "'=HYPERLINK" in text
    assert "1,Awareness,Mandatory training,All staff,Annual,Needs rating" in text
