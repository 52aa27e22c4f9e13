"""Cases repository: people, cases (with the referral draft as JSON), decisions, outcomes, reviews, chronology,
full-text search, keyset-paged listing, the demo bulk load and the retention purge.

SQL only, rows mapped to the records of ``domain/case_records.py``; rules live in ``domain/cases.py``, flow in
``services/cases/``. Dates ("today", cut-offs) are always passed in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from prevent_desktop.domain.case_records import (
    CaseFilter,
    CaseRecord,
    CaseRow,
    ChronologyEntry,
    Decision,
    Outcome,
    PersonRecord,
    ReferralAwaiting,
    Review,
    ReviewDue,
)
from prevent_desktop.domain.case_status import CaseEvent
from prevent_desktop.storage import attachments
from prevent_desktop.storage.db import Connection

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


def to_json(value: Any) -> str:
    """How answers and points are stored: stable key order, text kept as typed (not \\u-escaped)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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


def _person(r: Any) -> PersonRecord:
    return PersonRecord(int(r["id"]), r["forenames"], r["surname"], r["dob"], r["role"], r["name_key"])


def get_person(conn: Connection, person_id: int) -> PersonRecord | None:
    r = conn.execute("SELECT * FROM people WHERE id = ?", (person_id,)).fetchone()
    return _person(r) if r is not None else None


def person_candidates(conn: Connection, key: str, dob: str, limit: int = 2000) -> list[PersonRecord]:
    """People who might be the same person: same DOB, or a name starting with the same letters."""
    prefix = key[:2]
    return [
        _person(r)
        for r in conn.execute(
            "SELECT * FROM people WHERE (dob != '' AND dob = ?) OR name_key = ? OR "
            "(name_key >= ? AND name_key < ?) LIMIT ?",
            (dob, key, prefix, prefix + "\uffff", limit),
        ).fetchall()
    ]


# ----------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------


def last_ref_starting(conn: Connection, prefix: str) -> str | None:
    """The highest reference beginning with ``prefix`` (longest first, so "...-10000" follows "...-9999")."""
    row = conn.execute(
        "SELECT ref FROM cases WHERE ref LIKE ? ORDER BY length(ref) DESC, ref DESC LIMIT 1", (f"{prefix}%",)
    ).fetchone()
    return str(row[0]) if row else None


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO cases ({cols}) VALUES ({marks})", tuple(values.values()))
    return int(cur.lastrowid)


def _case(r: Any) -> CaseRecord:
    return CaseRecord(
        id=int(r["id"]),
        ref=r["ref"],
        person_id=int(r["person_id"]),
        status=r["status"],
        opened_at=r["opened_at"],
        summary=r["summary"],
        concern_text=r["concern_text"],
        raised_by_role=r["raised_by_role"],
        raiser_name=r["raiser_name"],
        immediate_danger=bool(r["immediate_danger"]),
        form_version=r["form_version"],
        answers=json.loads(r["answers_json"]),
        points=json.loads(r["points_json"]),
        ready_reason=r["ready_reason"],
        ready_at=r["ready_at"],
        exit_date=r["exit_date"],
        closed_at=r["closed_at"],
        version=int(r["version"]),
    )


def get_case(conn: Connection, case_id: int) -> CaseRecord | None:
    r = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    return _case(r) if r is not None else None


def get_case_by_ref(conn: Connection, ref: str) -> CaseRecord | None:
    r = conn.execute("SELECT * FROM cases WHERE ref = ?", (ref,)).fetchone()
    return _case(r) if r is not None else None


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


def cases_of_person(conn: Connection, person_id: int) -> list[CaseRecord]:
    return [
        _case(r)
        for r in conn.execute("SELECT * FROM cases WHERE person_id = ? ORDER BY opened_at, id", (person_id,))
    ]


def refs_of_person(conn: Connection, person_id: int) -> list[tuple[int, str]]:
    """(id, ref) of each of the person's cases, oldest first (matching and "other cases" need no more)."""
    return [
        (int(r[0]), str(r[1]))
        for r in conn.execute("SELECT id, ref FROM cases WHERE person_id = ? ORDER BY opened_at, id", (person_id,))
    ]


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


def add_chronology(
    conn: Connection, case_id: int, kind: str, text: str, *, occurred: str, recorded: str, author: str,
    amends_id: int | None = None, event: str = "",
) -> int:
    return insert_row(conn, "chronology", {
        "case_id": case_id, "occurred_at": occurred, "recorded_at": recorded, "author": author, "kind": kind,
        "text": text, "amends_id": amends_id, "event": event,
    })


def case_events(conn: Connection, case_id: int) -> list[CaseEvent]:
    """The case's status events in the order they were recorded (``domain.case_status.case_state`` replays them)."""
    return [
        CaseEvent.decode(r[0], r[1])
        for r in conn.execute(
            "SELECT event, occurred_at FROM chronology WHERE case_id = ? AND event != '' ORDER BY id", (case_id,)
        ).fetchall()
    ]


def set_status(conn: Connection, case_id: int, status: str, closed_at: str) -> None:
    """The stored copy of the status rule's result (for list filters and Home); no version bump."""
    conn.execute("UPDATE cases SET status = ?, closed_at = ? WHERE id = ?", (status, closed_at, case_id))


def _rows_of_case(conn: Connection, table: str, case_id: int) -> list[Any]:
    assert table in {"decisions", "outcomes", "reviews", "chronology"}
    return list(conn.execute(f"SELECT * FROM {table} WHERE case_id = ? ORDER BY id", (case_id,)).fetchall())


def chronology_of_case(conn: Connection, case_id: int) -> list[ChronologyEntry]:
    """Every entry in order, addenda included (each points at the entry it corrects by ``amends_id``)."""
    return [
        ChronologyEntry(int(r["id"]), r["occurred_at"], r["recorded_at"], r["author"], r["kind"], r["text"],
                        int(r["amends_id"]) if r["amends_id"] is not None else None, event=r["event"])
        for r in _rows_of_case(conn, "chronology", case_id)
    ]


def is_entry_of_case(conn: Connection, entry_id: int, case_id: int) -> bool:
    row = conn.execute("SELECT 1 FROM chronology WHERE id = ? AND case_id = ?", (entry_id, case_id)).fetchone()
    return row is not None


def decisions_of_case(conn: Connection, case_id: int) -> list[Decision]:
    return [
        Decision(int(d["id"]), d["kind"], d["reason"], d["decided_on"], d["decided_by"], d["recorded_at"])
        for d in _rows_of_case(conn, "decisions", case_id)
    ]


def outcomes_of_case(conn: Connection, case_id: int) -> list[Outcome]:
    return [
        Outcome(int(o["id"]), o["kind"], o["outcome_on"], o["notes"], o["recorded_by"], o["recorded_at"])
        for o in _rows_of_case(conn, "outcomes", case_id)
    ]


def reviews_of_case(conn: Connection, case_id: int) -> list[Review]:
    return [
        Review(int(r["id"]), r["label"], r["due_on"], r["done_on"], r["notes"], r["done_by"])
        for r in _rows_of_case(conn, "reviews", case_id)
    ]


def complete_review(conn: Connection, review_id: int, done_on: str, notes: str, by: str) -> None:
    conn.execute(
        "UPDATE reviews SET done_on = ?, notes = ?, done_by = ? WHERE id = ? AND done_on = ''",
        (done_on, notes, by, review_id),
    )


def due_reviews(conn: Connection, until: str) -> list[ReviewDue]:
    return [
        ReviewDue(int(r["case_id"]), r["ref"], r["label"], r["due_on"])
        for r in conn.execute(
            "SELECT r.case_id, r.label, r.due_on, c.ref FROM reviews r JOIN cases c ON c.id = r.case_id "
            "WHERE r.done_on = '' AND r.due_on <= ? ORDER BY r.due_on LIMIT 500",
            (until,),
        ).fetchall()
    ]


def awaiting_answer(
    conn: Connection, decided_before: str, *, status: str, decision_kinds: frozenset[str]
) -> list[ReferralAwaiting]:
    """Cases at ``status`` whose last decision of ``decision_kinds`` is no later than the date, with no outcome
    since."""
    kinds = sorted(decision_kinds)
    marks = ", ".join("?" for _ in kinds)
    return [
        ReferralAwaiting(int(r["id"]), r["ref"], r["decided_on"])
        for r in conn.execute(
            "SELECT x.id, x.ref, x.decided_on FROM (SELECT c.id, c.ref, max(d.decided_on) AS decided_on "
            f"FROM cases c JOIN decisions d ON d.case_id = c.id AND d.kind IN ({marks}) "
            "WHERE c.status = ? GROUP BY c.id) x "
            "WHERE x.decided_on <= ? AND NOT EXISTS "
            "(SELECT 1 FROM outcomes o WHERE o.case_id = x.id AND o.outcome_on >= x.decided_on) "
            "ORDER BY x.decided_on LIMIT 500",
            (*kinds, status, decided_before),
        ).fetchall()
    ]


# ----------------------------------------------------------------------------------------------------
# Retention purge and the demo bulk load (both run inside the caller's transaction)
# ----------------------------------------------------------------------------------------------------


def purge_closed_before(conn: Connection, cutoff: str) -> int:
    """Delete cases closed before ``cutoff`` (ISO date) with all their rows, and people left with no case.

    The chronology's no-delete trigger is lifted and restored inside the caller's transaction, so a failure
    leaves it in place. Returns the number of cases deleted.
    """
    ids = [int(r[0]) for r in conn.execute(
        "SELECT id FROM cases WHERE status = 'closed' AND closed_at != '' AND closed_at < ?", (cutoff,)
    ).fetchall()]
    if not ids:
        return 0
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'chronology_no_delete'"
    ).fetchone()
    conn.execute("CREATE TEMP TABLE purge_ids (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO purge_ids (id) VALUES (?)", [(i,) for i in ids])
    attachments.delete_for_purge(conn, "temp.purge_ids")  # before the entries they point at
    conn.execute("DROP TRIGGER chronology_no_delete")
    conn.execute("DELETE FROM chronology_fts WHERE rowid IN "
                 "(SELECT id FROM chronology WHERE case_id IN (SELECT id FROM purge_ids))")
    conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids) AND amends_id IS NOT NULL")
    conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids)")
    conn.execute(trigger[0])
    for table in ("decisions", "outcomes", "reviews"):
        conn.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT id FROM purge_ids)")
    conn.execute("DELETE FROM cases_fts WHERE rowid IN (SELECT id FROM purge_ids)")
    people = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT person_id FROM cases WHERE id IN (SELECT id FROM purge_ids)").fetchall()]
    conn.execute("DELETE FROM cases WHERE id IN (SELECT id FROM purge_ids)")
    conn.execute("DROP TABLE temp.purge_ids")
    for pid in people:
        if conn.execute("SELECT 1 FROM cases WHERE person_id = ?", (pid,)).fetchone() is None:
            conn.execute("DELETE FROM people_fts WHERE rowid = ?", (pid,))
            conn.execute("DELETE FROM people WHERE id = ?", (pid,))
    return len(ids)


def last_ids(conn: Connection) -> tuple[int, int, int]:
    """The highest person, case and chronology ids (0 when empty): a bulk load numbers its rows after them."""
    return tuple(  # type: ignore[return-value]
        int(conn.execute(f"SELECT COALESCE(max(id), 0) FROM {table}").fetchone()[0])
        for table in ("people", "cases", "chronology")
    )


def all_refs(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT ref FROM cases").fetchall()]


@contextmanager
def large_page_cache(conn: Connection) -> Iterator[None]:
    """A 100 MB page cache for a bulk write, so dirty pages are not spilled to the file mid-transaction."""
    old = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute("PRAGMA cache_size = -100000")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {old}")


def bulk_insert(
    conn: Connection,
    people: Sequence[tuple[Any, ...]],
    cases: Sequence[tuple[Any, ...]],
    fts: Sequence[tuple[Any, ...]],
    chron: Sequence[tuple[Any, ...]],
    decisions: Sequence[tuple[Any, ...]],
    outcomes: Sequence[tuple[Any, ...]],
    reviews: Sequence[tuple[Any, ...]],
) -> None:
    """Rows generated in bulk (the demo fill), written with ``executemany``; the search indexes filled too."""
    conn.executemany(
        "INSERT INTO people (id, forenames, surname, dob, role, name_key, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", people)
    conn.executemany(
        "INSERT INTO cases (id, ref, person_id, status, opened_at, summary, concern_text, raised_by_role, "
        "raiser_name, immediate_danger, form_version, answers_json, points_json, exit_date, closed_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cases)
    conn.executemany("INSERT INTO cases_fts (rowid, body) VALUES (?, ?)", fts)
    conn.executemany(
        "INSERT INTO chronology (id, case_id, occurred_at, recorded_at, author, kind, text, amends_id, event) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", chron)
    if people or chron:
        index_bulk(conn, people[0][0] if people else 1 << 62, chron[0][0] if chron else 1 << 62)
    conn.executemany(
        "INSERT INTO decisions (case_id, kind, reason, decided_on, decided_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", decisions)
    conn.executemany(
        "INSERT INTO outcomes (case_id, kind, outcome_on, notes, recorded_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", outcomes)
    conn.executemany(
        "INSERT INTO reviews (case_id, label, due_on, done_on, notes, done_by) VALUES (?, ?, ?, ?, ?, ?)",
        reviews)
