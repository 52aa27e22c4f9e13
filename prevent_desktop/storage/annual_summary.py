"""What the annual Prevent summary counts, read from the cases tables: one row of facts per case whose date of
concern falls in the year, and nothing that identifies anyone (no name, no reference, no text). SQL only; the
counting and the small-number rule are ``domain/annual_summary.py``'s."""

from __future__ import annotations

from collections.abc import Sequence

from prevent_desktop.domain.annual_summary import CaseFacts
from prevent_desktop.storage.db import Connection


def case_facts(conn: Connection, first: str, before: str, referral_kinds: Sequence[str]) -> list[CaseFacts]:
    """The facts of every case with ``first <= opened_at < before`` (ISO dates), read through the date index.

    The subject's role is the referral's answer when one was given, else the person record's (the rule of
    ``services.cases.queries.case_detail``)."""
    kinds = sorted(referral_kinds)
    marks = ", ".join("?" for _ in kinds) or "''"
    sql = (
        "SELECT c.opened_at, c.category, "
        "COALESCE(NULLIF(CAST(json_extract(c.answers_json, '$.subject_role') AS TEXT), ''), p.role), "
        "COALESCE((SELECT min(d.decided_on) FROM decisions d WHERE d.case_id = c.id), ''), "
        "COALESCE((SELECT d.kind FROM decisions d WHERE d.case_id = c.id ORDER BY d.decided_on DESC, d.id DESC "
        "LIMIT 1), ''), "
        "COALESCE((SELECT d.kind FROM decisions d WHERE d.case_id = c.id AND d.kind IN (" + marks + ") "
        "ORDER BY d.decided_on DESC, d.id DESC LIMIT 1), ''), "
        "COALESCE((SELECT o.kind FROM outcomes o WHERE o.case_id = c.id ORDER BY o.outcome_on DESC, o.id DESC "
        "LIMIT 1), '') "
        "FROM cases c JOIN people p ON p.id = c.person_id "
        "WHERE c.opened_at >= ? AND c.opened_at < ? ORDER BY c.opened_at, c.id"
    )
    rows = conn.execute(sql, (*kinds, first, before)).fetchall()
    return [CaseFacts(str(r[0])[:10], str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6])) for r in rows]


def years_with_cases(conn: Connection) -> tuple[str, str]:
    """The first and last date of concern in the vault ("", "" when there is no case)."""
    row = conn.execute("SELECT COALESCE(min(opened_at), ''), COALESCE(max(opened_at), '') FROM cases").fetchone()
    return str(row[0])[:10], str(row[1])[:10]


def assign_demo_categories(conn: Connection, first_case_id: int, rules: Sequence[tuple[str, str]]) -> None:
    """Give bulk-loaded demo cases (ids from ``first_case_id``) a category by words in their concern text:
    ``rules`` are (text it contains, category id), first match wins; one statement, inside the caller's
    transaction."""
    if not rules:
        return
    when = " ".join("WHEN instr(concern_text, ?) > 0 THEN ?" for _ in rules)
    params: list[object] = [x for pair in rules for x in pair]
    conn.execute(f"UPDATE cases SET category = CASE {when} ELSE category END WHERE id >= ?", (*params, first_case_id))
