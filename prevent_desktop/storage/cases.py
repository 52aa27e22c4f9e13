"""Cases repository: people, cases (with the referral draft as JSON), decisions, outcomes, reviews, chronology,
full-text search and keyset-paged listing. SQL only; rules live in domain/cases.py, flow in services/cases.py."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from prevent_desktop.storage.db import Connection


@dataclass(frozen=True)
class CaseRow:
    id: int
    ref: str
    person: str
    role: str
    status: str
    opened_at: str
    next_review: str = ""


@dataclass(frozen=True)
class CaseFilter:
    query: str = ""
    status: str = ""
    role: str = ""
    overdue_review: bool = False
    date_from: str = ""
    date_to: str = ""
    today: str = ""  # ISO date used by overdue_review
    person_id: int | None = None


_LIST_COLUMNS = (
    "SELECT c.id, c.ref, p.forenames || ' ' || p.surname AS person, p.role, c.status, c.opened_at, "
    "COALESCE((SELECT min(r.due_on) FROM reviews r WHERE r.case_id = c.id AND r.done_on = ''), '') AS next_review "
)
_FROM = "FROM cases c JOIN people p ON p.id = c.person_id"
# With a search, the matching case ids drive the query (CROSS JOIN keeps that order), so only matching cases
# are read instead of every case being probed against the match list.
_FROM_SEARCH = (
    "FROM (SELECT rowid AS id FROM cases_fts WHERE cases_fts MATCH ? "
    "UNION SELECT k.id FROM people_fts JOIN cases k ON k.person_id = people_fts.rowid WHERE people_fts MATCH ? "
    "UNION SELECT h.case_id FROM chronology_fts JOIN chronology h ON h.id = chronology_fts.rowid "
    "WHERE chronology_fts MATCH ?) hits CROSS JOIN cases c ON c.id = hits.id JOIN people p ON p.id = c.person_id"
)
_LIST_SELECT = _LIST_COLUMNS + _FROM


def list_cases(conn: Connection) -> list[CaseRow]:
    rows = conn.execute(_LIST_SELECT + " ORDER BY c.opened_at DESC, c.id DESC").fetchall()
    return [CaseRow(*tuple(r)) for r in rows]


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every token must match, as a prefix; quotes neutralise FTS syntax.

    Split the way the unicode61 tokenizer splits (on anything but letters, digits and marks), so "PV-2026-0011"
    or "Al-Saʼdi" become several single-token terms: a multi-token quoted string would be a phrase query, which
    the indexes (detail=none) cannot answer.
    """
    words = re.findall(r"[^\W_]+|_+", text)
    words = [w for w in words if w.strip("_")]
    return " ".join('"' + w + '"*' for w in words)


def _where(f: CaseFilter, after: tuple[str, int] | None = None) -> tuple[str, list[Any]]:
    """The FROM clause and WHERE conditions (with their parameters, in order) for a filter."""
    clauses: list[str] = []
    params: list[Any] = []
    from_sql = _FROM
    if f.query.strip():
        q = fts_query(f.query)
        if not q:  # only punctuation: nothing can match
            clauses.append("0")
        else:
            from_sql = _FROM_SEARCH
            params += [q, q, q]
    if f.status:
        clauses.append("c.status = ?")
        params.append(f.status)
    if f.role:
        clauses.append("p.role = ?")
        params.append(f.role)
    if f.overdue_review:
        clauses.append("EXISTS (SELECT 1 FROM reviews r WHERE r.case_id = c.id AND r.done_on = '' AND r.due_on < ?)")
        params.append(f.today)
    if f.date_from:
        clauses.append("c.opened_at >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append("c.opened_at <= ?")
        params.append(f.date_to)
    if f.person_id is not None:
        clauses.append("c.person_id = ?")
        params.append(f.person_id)
    if after is not None:
        clauses.append("(c.opened_at < ? OR (c.opened_at = ? AND c.id < ?))")
        params += [after[0], after[0], after[1]]
    return from_sql + ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


def page_cases(
    conn: Connection, f: CaseFilter, after: tuple[str, int] | None = None, limit: int = 200
) -> list[CaseRow]:
    """One page of the list, newest first; ``after`` is the (opened_at, id) of the last row already shown
    (keyset paging: each page costs the same however deep the list is scrolled)."""
    where, params = _where(f, after)
    sql = f"{_LIST_COLUMNS}{where} ORDER BY c.opened_at DESC, c.id DESC LIMIT {int(limit)}"
    return [CaseRow(*tuple(r)) for r in conn.execute(sql, params).fetchall()]


def count_cases(conn: Connection, f: CaseFilter) -> int:
    where, params = _where(f)
    return int(conn.execute(f"SELECT count(*) {where}", params).fetchone()[0])


# ----------------------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------------------


def insert_person(
    conn: Connection, forenames: str, surname: str, dob: str, role: str, key: str, now: str
) -> int:
    cur = conn.execute(
        "INSERT INTO people (forenames, surname, dob, role, name_key, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (forenames, surname, dob, role, key, now, now),
    )
    person_id = int(cur.lastrowid)
    conn.execute("INSERT INTO people_fts (rowid, name) VALUES (?, ?)", (person_id, f"{forenames} {surname}"))
    return person_id


def update_person(
    conn: Connection, person_id: int, forenames: str, surname: str, dob: str, role: str, key: str, now: str
) -> None:
    conn.execute(
        "UPDATE people SET forenames = ?, surname = ?, dob = ?, role = ?, name_key = ?, updated_at = ? "
        "WHERE id = ?",
        (forenames, surname, dob, role, key, now, person_id),
    )
    conn.execute("DELETE FROM people_fts WHERE rowid = ?", (person_id,))
    conn.execute("INSERT INTO people_fts (rowid, name) VALUES (?, ?)", (person_id, f"{forenames} {surname}"))


def get_person(conn: Connection, person_id: int) -> Any:
    return conn.execute("SELECT * FROM people WHERE id = ?", (person_id,)).fetchone()


def person_candidates(conn: Connection, key: str, dob: str, limit: int = 2000) -> list[Any]:
    """People who might be the same person: same DOB, or a name starting with the same letters."""
    prefix = key[:2]
    return list(
        conn.execute(
            "SELECT * FROM people WHERE (dob != '' AND dob = ?) OR name_key = ? OR "
            "(name_key >= ? AND name_key < ?) LIMIT ?",
            (dob, key, prefix, prefix + "\uffff", limit),
        ).fetchall()
    )


# ----------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------


def next_ref(conn: Connection, year: int) -> str:
    row = conn.execute(
        "SELECT ref FROM cases WHERE ref LIKE ? ORDER BY length(ref) DESC, ref DESC LIMIT 1", (f"PV-{year}-%",)
    ).fetchone()
    n = int(str(row[0]).rsplit("-", 1)[1]) + 1 if row else 1
    return f"PV-{year}-{n:04d}"


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO cases ({cols}) VALUES ({marks})", tuple(values.values()))
    return int(cur.lastrowid)


def get_case(conn: Connection, case_id: int) -> Any:
    return conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()


def get_case_by_ref(conn: Connection, ref: str) -> Any:
    return conn.execute("SELECT * FROM cases WHERE ref = ?", (ref,)).fetchone()


def update_case(conn: Connection, case_id: int, expected_version: int, values: dict[str, Any]) -> bool:
    """Update with an optimistic version check; False when the case changed since ``expected_version``."""
    sets = ", ".join(f"{k} = ?" for k in values)
    cur = conn.execute(
        f"UPDATE cases SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
        (*values.values(), case_id, expected_version),
    )
    return int(cur.rowcount) == 1


def reindex_case(conn: Connection, case_id: int) -> None:
    row = conn.execute(
        "SELECT ref, summary, concern_text, answers_json, points_json FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    conn.execute("DELETE FROM cases_fts WHERE rowid = ?", (case_id,))
    if row is not None:
        conn.execute("INSERT INTO cases_fts (rowid, body) VALUES (?, ?)", (case_id, case_search_body(*tuple(row))))


def case_search_body(ref: str, summary: str, concern: str, answers_json: str, points_json: str) -> str:
    parts = [ref, summary, concern]
    for value in json.loads(answers_json or "{}").values():
        parts.append(value.get("text", "") if isinstance(value, dict) else str(value))
    parts.extend(str(v) for v in json.loads(points_json or "{}").values())
    return "\n".join(p for p in parts if p)


def cases_of_person(conn: Connection, person_id: int) -> list[Any]:
    return list(
        conn.execute("SELECT * FROM cases WHERE person_id = ? ORDER BY opened_at, id", (person_id,)).fetchall()
    )


def all_case_ids(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id").fetchall()]


# ----------------------------------------------------------------------------------------------------
# Decisions, outcomes, reviews, chronology
# ----------------------------------------------------------------------------------------------------


def insert_row(conn: Connection, table: str, values: dict[str, Any]) -> int:
    assert table in {"decisions", "outcomes", "reviews", "chronology"}
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))
    row_id = int(cur.lastrowid)
    if table == "chronology":
        conn.execute("INSERT INTO chronology_fts (rowid, body) VALUES (?, ?)", (row_id, values["text"]))
    return row_id


def index_bulk(conn: Connection, first_person: int, first_entry: int) -> None:
    """Fill the people and chronology indexes for rows bulk-loaded from these ids on (one statement each)."""
    conn.execute(
        "INSERT INTO people_fts (rowid, name) SELECT id, forenames || ' ' || surname FROM people WHERE id >= ?",
        (first_person,),
    )
    conn.execute(
        "INSERT INTO chronology_fts (rowid, body) SELECT id, text FROM chronology WHERE id >= ?", (first_entry,)
    )


def rows_of_case(conn: Connection, table: str, case_id: int) -> list[Any]:
    assert table in {"decisions", "outcomes", "reviews", "chronology"}
    return list(conn.execute(f"SELECT * FROM {table} WHERE case_id = ? ORDER BY id", (case_id,)).fetchall())


def complete_review(conn: Connection, review_id: int, done_on: str, notes: str, by: str) -> None:
    conn.execute(
        "UPDATE reviews SET done_on = ?, notes = ?, done_by = ? WHERE id = ? AND done_on = ''",
        (done_on, notes, by, review_id),
    )


def due_reviews(conn: Connection, until: str) -> list[Any]:
    return list(
        conn.execute(
            "SELECT r.*, c.ref FROM reviews r JOIN cases c ON c.id = r.case_id "
            "WHERE r.done_on = '' AND r.due_on <= ? ORDER BY r.due_on LIMIT 500",
            (until,),
        ).fetchall()
    )


def awaiting_answer(conn: Connection, decided_before: str) -> list[Any]:
    """Referred cases whose last referral decision is older than the date and with no outcome since."""
    return list(
        conn.execute(
            "SELECT x.id, x.ref, x.decided_on FROM (SELECT c.id, c.ref, max(d.decided_on) AS decided_on "
            "FROM cases c JOIN decisions d ON d.case_id = c.id AND d.kind IN ('police_prevent', 'channel') "
            "WHERE c.status = 'referred' GROUP BY c.id) x "
            "WHERE x.decided_on <= ? AND NOT EXISTS "
            "(SELECT 1 FROM outcomes o WHERE o.case_id = x.id AND o.outcome_on >= x.decided_on) "
            "ORDER BY x.decided_on LIMIT 500",
            (decided_before,),
        ).fetchall()
    )
