"""Cases repository: people, cases (with the referral draft as JSON), decisions, outcomes, reviews, chronology,
full-text search, keyset-paged listing, the demo bulk load and the retention purge.

SQL only, rows mapped to the records of ``domain/case_records.py``; rules live in ``domain/cases.py``, flow in
``services/cases/``. Dates ("today", cut-offs) are always passed in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from prevent_desktop.domain.case_records import (
    CaseFilter,
    CasePage,
    CaseRecord,
    CaseRow,
    CaseWaiting,
    ChronologyEntry,
    Decision,
    Outcome,
    PersonRecord,
    ReferralAwaiting,
    Review,
    ReviewDue,
    SearchCursor,
)
from prevent_desktop.domain.case_status import CaseEvent
from prevent_desktop.storage import attachments
from prevent_desktop.storage.db import Connection, read_snapshot

_NEXT_REVIEW = "COALESCE((SELECT min(r.due_on) FROM reviews r WHERE r.case_id = c.id AND r.done_on = ''), '')"
_LIST_COLUMNS = (
    "SELECT c.id, c.ref, p.forenames || ' ' || p.surname AS person, p.role, c.status, c.opened_at, "
    f"{_NEXT_REVIEW} AS next_review, "
    "c.category "
)
_FROM = "FROM cases c JOIN people p ON p.id = c.person_id"
_LIST_SELECT = _LIST_COLUMNS + _FROM
# Search: the index drives the query in its own order (newest document first, see 0001_cases.sql); each document
# read is mapped to its case (CROSS JOIN keeps that order), joined to the case and its person only where a filter
# needs them, and reading stops once the page has its cases: nothing is sorted and no hit beyond the page is looked
# up. The page's rows are then read by id, once per case (a case has many matching documents: its own text and
# each note), as the list reads them (``_LIST_SELECT``).
_SEARCH_HITS = "SELECT f.rowid AS position, d.case_id FROM search_fts f CROSS JOIN search_docs d ON d.id = -f.rowid "
_SEARCH_FILTERED = "CROSS JOIN cases c ON c.id = d.case_id JOIN people p ON p.id = c.person_id "
_BY_ID = 500  # case ids read in one statement (well under SQLite's limit on parameters)
_SEARCH_START = -(1 << 63)  # before the first index position
# A bulk load this large leaves the index in several segments, which FTS5 would later merge in one go during an
# ordinary save (a 1.2 s pause on a note after a 100,000-case load): index_bulk merges them there and then.
BULK_OPTIMIZE_DOCS = 5_000


def to_json(value: Any) -> str:
    """How answers and points are stored: stable key order, text kept as typed (not \\u-escaped)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _case_rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[CaseRow]:
    """The list's rows a ``_LIST_SELECT`` statement reads (plain tuples: a page is hundreds of rows)."""
    cur = conn.cursor()
    cur.row_factory = None
    try:
        return [CaseRow(*r) for r in cur.execute(sql, params).fetchall()]
    finally:
        cur.close()


def list_cases(conn: Connection) -> list[CaseRow]:
    return _case_rows(conn, _LIST_SELECT + " ORDER BY c.opened_at DESC, c.id DESC")


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every token must match, as a prefix; quotes neutralise FTS syntax.

    Split the way the unicode61 tokenizer splits (on anything but letters, digits and marks), so "PV-2026-0011"
    or "Al-Saʼdi" become several single-token terms: a multi-token quoted string would be a phrase query, which
    the index (detail=none) cannot answer.
    """
    words = re.findall(r"[^\W_]+|_+", text)
    words = [w for w in words if w.strip("_")]
    return " ".join('"' + w + '"*' for w in words)


def _conditions(f: CaseFilter, after: tuple[str, int] | None = None) -> tuple[list[str], list[Any]]:
    """The filter's WHERE conditions on ``c`` (cases) and ``p`` (people), with their parameters in order; the
    search words are not among them (see ``search_cases``)."""
    clauses: list[str] = []
    params: list[Any] = []
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
    if f.category is not None:  # the concern category filter ("" = not recorded); index cases_category_opened
        clauses.append("c.category = ?")
        params.append(f.category)
    if after is not None:
        clauses.append("(c.opened_at < ? OR (c.opened_at = ? AND c.id < ?))")
        params += [after[0], after[0], after[1]]
    return clauses, params


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def page_cases(
    conn: Connection, f: CaseFilter, after: tuple[str, int] | None = None, limit: int = 200
) -> list[CaseRow]:
    """One page of the list, newest concern first; ``after`` is the (opened_at, id) of the last row already shown
    (keyset paging: each page costs the same however deep the list is scrolled). With search words, the first
    page of ``search_cases`` (whose later pages follow a ``SearchCursor`` instead)."""
    if f.query.strip():
        if after is not None:
            raise ValueError("search results page on with a SearchCursor (search_cases), not (opened_at, id)")
        return list(search_cases(conn, f, None, limit).rows)
    clauses, params = _conditions(f, after)
    sql = f"{_LIST_SELECT}{_where(clauses)} ORDER BY c.opened_at DESC, c.id DESC LIMIT {int(limit)}"
    return _case_rows(conn, sql, params)


def search_sql(f: CaseFilter) -> tuple[str, list[Any]]:
    """The search statement for a filter with search words, and its parameters after (words, position): every
    matching document from a position on, newest first, as (position, case id), the filter applied."""
    clauses, params = _conditions(f)
    joins = _SEARCH_FILTERED if clauses else ""
    sql = (_SEARCH_HITS + joins + "WHERE search_fts MATCH ? AND f.rowid > ?"
           + "".join(f" AND {c}" for c in clauses) + " ORDER BY f.rowid")
    return sql, params


def rows_by_id(conn: Connection, case_ids: Sequence[int]) -> list[CaseRow]:
    """The list's rows of these cases, in the order given (a case gone meanwhile is left out)."""
    found: dict[int, CaseRow] = {}
    for start in range(0, len(case_ids), _BY_ID):
        chunk = case_ids[start : start + _BY_ID]
        sql = f"{_LIST_SELECT} WHERE c.id IN ({','.join('?' * len(chunk))})"
        found.update((row.id, row) for row in _case_rows(conn, sql, chunk))
    return [found[i] for i in case_ids if i in found]


def search_cases(conn: Connection, f: CaseFilter, after: SearchCursor | None = None, limit: int = 200) -> CasePage:
    """One page of search results: the cases with a document (the case's own text, or one chronology entry) that
    holds every search word as a word prefix, the case with the newest such document first, each case once.

    The index is read in its own order and reading stops once the page is full, so a page costs about what the
    bare index lookup for it costs, however many documents match (a common word matches most of the vault). The
    hits and the page's rows are read in one read transaction: one state of the vault.
    """
    words = fts_query(f.query)
    shown: set[int] = after.shown if after is not None else set()
    if not words:  # only punctuation: nothing can match
        return CasePage((), None)
    sql, params = search_sql(f)
    page: list[int] = []
    cursor: SearchCursor | None = None
    with read_snapshot(conn):
        cur = conn.execute(sql, [words, after.position if after is not None else _SEARCH_START, *params])
        try:
            for position, case_id in cur:
                if case_id in shown:
                    continue
                shown.add(case_id)
                page.append(int(case_id))
                if len(page) == limit:
                    cursor = SearchCursor(int(position), shown)
                    break
        finally:
            cur.close()
        return CasePage(tuple(rows_by_id(conn, page)), cursor)


def count_cases(conn: Connection, f: CaseFilter, cap: int | None = None) -> int:
    """How many cases the filter lists; with ``cap``, counting stops at ``cap + 1`` (so a caller can say "500+"
    without counting a whole vault: a common search word or a broad filter matches most of it)."""
    limit = -1 if cap is None else cap + 1
    words = fts_query(f.query) if f.query.strip() else ""
    if f.query.strip() and not words:
        return 0
    if words:
        # Distinct cases, read in the index's order: the search's own statement (``search_sql``).
        sql, params = search_sql(f)
        seen: set[int] = set()
        cur = conn.execute(sql, [words, _SEARCH_START, *params])
        try:
            for r in cur:
                seen.add(int(r[1]))
                if len(seen) == limit:
                    break
        finally:
            cur.close()
        return len(seen)
    clauses, params = _conditions(f)
    people = " JOIN people p ON p.id = c.person_id" if f.role else ""
    if cap is None:
        return int(conn.execute(f"SELECT count(*) FROM cases c{people}{_where(clauses)}", params).fetchone()[0])
    inner = f"SELECT 1 FROM cases c{people}{_where(clauses)} LIMIT {int(limit)}"
    return int(conn.execute(f"SELECT count(*) FROM ({inner})", params).fetchone()[0])


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
    return int(cur.lastrowid)  # the name is indexed with each of the person's cases (reindex_case)


def update_person(
    conn: Connection, person_id: int, forenames: str, surname: str, dob: str, role: str, key: str, now: str
) -> None:
    old = conn.execute("SELECT forenames, surname FROM people WHERE id = ?", (person_id,)).fetchone()
    conn.execute(
        "UPDATE people SET forenames = ?, surname = ?, dob = ?, role = ?, name_key = ?, updated_at = ? "
        "WHERE id = ?",
        (forenames, surname, dob, role, key, now, person_id),
    )
    if old is not None and (old[0], old[1]) != (forenames, surname):  # the name is in each case's own text
        for (case_id,) in conn.execute("SELECT id FROM cases WHERE person_id = ?", (person_id,)).fetchall():
            reindex_case(conn, case_id)


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
        category=r["category"],
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


def _index(conn: Connection, case_id: int, entry_id: int | None, body: str) -> None:
    """Add one search document (numbered after every document already written: the index lists it first)."""
    doc = conn.execute("INSERT INTO search_docs (case_id, entry_id) VALUES (?, ?)", (case_id, entry_id)).lastrowid
    conn.execute("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", (-int(doc), body))


def case_body(conn: Connection, case_id: int) -> str | None:
    """The case's own search text as stored now (None if there is no such case)."""
    row = conn.execute(
        "SELECT p.forenames || ' ' || p.surname, c.ref, c.summary, c.concern_text, c.answers_json, c.points_json "
        "FROM cases c JOIN people p ON p.id = c.person_id WHERE c.id = ?", (case_id,)
    ).fetchone()
    return case_search_body(*tuple(row)) if row is not None else None


def reindex_case(conn: Connection, case_id: int) -> None:
    """Replace the case's own search document (name, reference, concern, answers) after any of them changed; the
    new one is the newest document, so the case comes first in searches that match it."""
    for (doc,) in conn.execute(
        "SELECT id FROM search_docs WHERE case_id = ? AND entry_id IS NULL", (case_id,)
    ).fetchall():
        conn.execute("DELETE FROM search_fts WHERE rowid = ?", (-int(doc),))
        conn.execute("DELETE FROM search_docs WHERE id = ?", (doc,))
    body = case_body(conn, case_id)
    if body is not None:
        _index(conn, case_id, None, body)


def index_bulk(conn: Connection, docs: Sequence[tuple[int, int | None, str]], *, optimize: bool | None = None) -> None:
    """Index documents written in bulk (the demo fill, an import): ``(case_id, entry_id or None for the case's
    own text, text)`` in the order they were written. They are numbered in that order, and handed to the index
    in its own order (newest first): FTS5 starts a new segment whenever a rowid is not above the previous one, so
    writing them oldest first would write one segment per document. A large load is merged into one segment at the
    end (``BULK_OPTIMIZE_DOCS``), so the saves that follow never pay for merging it; a load fed in several batches
    passes ``optimize=False`` and calls ``optimize_search_index`` once at its end."""
    first = int(conn.execute("SELECT COALESCE(max(id), 0) FROM search_docs").fetchone()[0]) + 1
    numbered = [(first + i, case_id, entry_id) for i, (case_id, entry_id, _text) in enumerate(docs)]
    conn.executemany("INSERT INTO search_docs (id, case_id, entry_id) VALUES (?, ?, ?)", numbered)
    conn.executemany(
        "INSERT INTO search_fts (rowid, body) VALUES (?, ?)",
        ((-(first + i), docs[i][2]) for i in range(len(docs) - 1, -1, -1)),
    )
    if optimize if optimize is not None else len(docs) >= BULK_OPTIMIZE_DOCS:
        optimize_search_index(conn)


def optimize_search_index(conn: Connection) -> None:
    """Merge the search index into one segment (after a bulk load)."""
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


EXPORT_BATCH = 200  # cases read at a time by the export (with their rows of the other tables)
_CASE_TABLES = ("decisions", "outcomes", "reviews", "chronology", "tasks")


def people_for_export(conn: Connection) -> Iterator[Any]:
    """Every person by id, read as the export writes them (never the whole table at once)."""
    return iter(conn.execute("SELECT * FROM people ORDER BY id"))


def cases_for_export(
    conn: Connection, batch: int | None = None
) -> Iterator[tuple[list[Any], dict[str, dict[int, list[Any]]]]]:
    """Every case by id, ``batch`` (EXPORT_BATCH) at a time, each batch with its decisions, outcomes, reviews,
    chronology and tasks by case id (each in id order): the export reads a batch, writes it, then reads the next."""
    size = batch or EXPORT_BATCH
    last = 0
    while True:
        cases = conn.execute("SELECT * FROM cases WHERE id > ? ORDER BY id LIMIT ?", (last, size)).fetchall()
        if not cases:
            return
        first, last = int(cases[0]["id"]), int(cases[-1]["id"])
        rows: dict[str, dict[int, list[Any]]] = {}
        for table in _CASE_TABLES:
            grouped: dict[int, list[Any]] = {}
            for r in conn.execute(
                f"SELECT * FROM {table} WHERE case_id BETWEEN ? AND ? ORDER BY case_id, id", (first, last)
            ):
                grouped.setdefault(int(r["case_id"]), []).append(r)
            rows[table] = grouped
        yield cases, rows


def entries_for_index(conn: Connection, first_case: int, last_case: int) -> Iterator[tuple[int, int, str]]:
    """``(case_id, entry_id, text)`` of the entries of cases ``first_case`` to ``last_case``, by case then id (a bulk
    load indexes them with ``index_bulk`` once its rows are written)."""
    return iter(conn.execute(
        "SELECT case_id, id, text FROM chronology WHERE case_id BETWEEN ? AND ? ORDER BY case_id, id",
        (first_case, last_case),
    ))


def max_chronology_id(conn: Connection) -> int:
    return int(conn.execute("SELECT COALESCE(max(id), 0) FROM chronology").fetchone()[0])


def case_search_body(
    name: str, ref: str, summary: str, concern: str, answers_json: str, points_json: str
) -> str:
    """The text a case is found by (besides its chronology): the person's name, the reference, the concern, and
    the referral's answers and Annex B2 points."""
    parts = [name, ref, summary, concern]
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


def refs_of_cases(conn: Connection, case_ids: Iterable[int]) -> dict[int, str]:
    """{case id: reference} for the ids that exist (the audit viewer names cases by reference)."""
    return dict(_in_chunks(conn, "SELECT id, ref FROM cases WHERE id IN ({})", sorted(set(case_ids))))


def refs_of_people(conn: Connection, person_ids: Iterable[int]) -> dict[int, list[str]]:
    """{person id: their cases' references, oldest first} for the people that have cases."""
    found: dict[int, list[str]] = {}
    rows = _in_chunks(
        conn, "SELECT person_id, ref FROM cases WHERE person_id IN ({}) ORDER BY opened_at, id",
        sorted(set(person_ids)),
    )
    for person_id, ref in rows:
        found.setdefault(person_id, []).append(ref)
    return found


def _in_chunks(conn: Connection, sql: str, ids: list[int], size: int = 500) -> list[tuple[int, str]]:
    rows: list[tuple[int, str]] = []
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        rows += [(int(r[0]), str(r[1])) for r in conn.execute(sql.format(",".join("?" * len(chunk))), chunk)]
    return rows


def all_case_ids(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM cases ORDER BY id").fetchall()]


# ----------------------------------------------------------------------------------------------------
# Decisions, outcomes, reviews, chronology
# ----------------------------------------------------------------------------------------------------


def insert_row(conn: Connection, table: str, values: dict[str, Any], *, index: bool = True) -> int:
    """Insert a decision, outcome, review, task or chronology entry; an entry is also indexed for search (unless
    ``index`` is False: a bulk load indexes its entries together with ``index_bulk``)."""
    assert table in {"decisions", "outcomes", "reviews", "chronology", "tasks"}
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values()))
    row_id = int(cur.lastrowid)
    if table == "chronology" and index:
        _index(conn, int(values["case_id"]), row_id, str(values["text"]))
    return row_id


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


# Home's reminders. Each reads one index range in order and stops at its LIMIT (counts stop at their cap), so
# Home costs the same with 100 cases or 100,000.


def cases_at_status(conn: Connection, status: str, limit: int) -> list[CaseWaiting]:
    """Cases at ``status``, oldest concern first (index ``cases_status_opened``: no sort)."""
    return [
        CaseWaiting(int(r[0]), str(r[1]), str(r[2]), str(r[3]))
        for r in conn.execute(
            "SELECT id, ref, opened_at, ready_at FROM cases WHERE status = ? ORDER BY opened_at, id LIMIT ?",
            (status, int(limit)),
        ).fetchall()
    ]


def count_at_status(conn: Connection, status: str, cap: int) -> int:
    """How many cases are at ``status``, counting no further than ``cap``."""
    return int(conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM cases WHERE status = ? LIMIT ?)", (status, int(cap))
    ).fetchone()[0])


_DUE_REVIEWS = "FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.done_on = '' AND r.due_on <= ?"


def due_reviews(conn: Connection, until: str, limit: int = 500) -> list[ReviewDue]:
    return [
        ReviewDue(int(r["case_id"]), r["ref"], r["label"], r["due_on"])
        for r in conn.execute(
            f"SELECT r.case_id, r.label, r.due_on, c.ref {_DUE_REVIEWS} ORDER BY r.due_on, r.id LIMIT ?",
            (until, int(limit)),
        ).fetchall()
    ]


def count_due_reviews(conn: Connection, until: str, cap: int) -> int:
    """How many reviews are due by ``until``, counting no further than ``cap`` (the index alone)."""
    return int(conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM reviews WHERE done_on = '' AND due_on <= ? LIMIT ?)", (until, int(cap))
    ).fetchone()[0])


def _awaiting(kinds: Sequence[str]) -> str:
    """Cases at a status (oldest concern first, by the status index) whose last decision of ``kinds`` is no later
    than a date, with no outcome since. Parameters: *kinds, status, decided_before."""
    marks = ", ".join("?" for _ in kinds)
    return (
        "SELECT id, ref, decided_on FROM (SELECT c.id, c.ref, c.opened_at, "
        f"(SELECT max(d.decided_on) FROM decisions d WHERE d.case_id = c.id AND d.kind IN ({marks})) AS decided_on "
        "FROM cases c WHERE c.status = ? ORDER BY c.opened_at, c.id) x "
        "WHERE x.decided_on <= ? AND NOT EXISTS "
        "(SELECT 1 FROM outcomes o WHERE o.case_id = x.id AND o.outcome_on >= x.decided_on)"
    )


def awaiting_answer(
    conn: Connection, decided_before: str, *, status: str, decision_kinds: frozenset[str], limit: int = 500
) -> list[ReferralAwaiting]:
    """Cases at ``status`` whose last decision of ``decision_kinds`` is no later than the date, with no outcome
    since; oldest concern first, at most ``limit``."""
    kinds = sorted(decision_kinds)
    return [
        ReferralAwaiting(int(r[0]), str(r[1]), str(r[2]))
        for r in conn.execute(f"{_awaiting(kinds)} LIMIT ?", (*kinds, status, decided_before, int(limit))).fetchall()
    ]


def count_awaiting_answer(
    conn: Connection, decided_before: str, *, status: str, decision_kinds: frozenset[str], cap: int
) -> int:
    kinds = sorted(decision_kinds)
    return int(conn.execute(
        f"SELECT count(*) FROM ({_awaiting(kinds)} LIMIT ?)", (*kinds, status, decided_before, int(cap))
    ).fetchone()[0])


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
    conn.execute("DELETE FROM search_fts WHERE rowid IN "
                 "(SELECT -id FROM search_docs WHERE case_id IN (SELECT id FROM purge_ids))")
    conn.execute("DELETE FROM search_docs WHERE case_id IN (SELECT id FROM purge_ids)")
    conn.execute("DROP TRIGGER chronology_no_delete")
    conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids) AND amends_id IS NOT NULL")
    conn.execute("DELETE FROM chronology WHERE case_id IN (SELECT id FROM purge_ids)")
    conn.execute(trigger[0])
    for table in ("decisions", "outcomes", "reviews", "tasks"):
        conn.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT id FROM purge_ids)")
    people = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT person_id FROM cases WHERE id IN (SELECT id FROM purge_ids)").fetchall()]
    conn.execute("DELETE FROM cases WHERE id IN (SELECT id FROM purge_ids)")
    conn.execute("DROP TABLE temp.purge_ids")
    for pid in people:
        if conn.execute("SELECT 1 FROM cases WHERE person_id = ?", (pid,)).fetchone() is None:
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
    """Rows generated in bulk (the demo fill), written with ``executemany``; the search index filled too:
    ``fts`` holds each case's own search text (``case_search_body``), ``chron`` rows are
    ``(id, case_id, occurred_at, recorded_at, author, kind, text, amends_id, event)``."""
    conn.executemany(
        "INSERT INTO people (id, forenames, surname, dob, role, name_key, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", people)
    conn.executemany(
        "INSERT INTO cases (id, ref, person_id, status, opened_at, summary, concern_text, raised_by_role, "
        "raiser_name, immediate_danger, form_version, answers_json, points_json, exit_date, closed_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cases)
    conn.executemany(
        "INSERT INTO chronology (id, case_id, occurred_at, recorded_at, author, kind, text, amends_id, event) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", chron)
    entries: dict[int, list[tuple[int, int | None, str]]] = {}
    for e in chron:
        entries.setdefault(int(e[1]), []).append((int(e[1]), int(e[0]), str(e[6])))
    index_bulk(conn, [doc for case_id, body in fts for doc in ((int(case_id), None, str(body)),
                                                                *entries.get(int(case_id), []))])
    conn.executemany(
        "INSERT INTO decisions (case_id, kind, reason, decided_on, decided_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", decisions)
    conn.executemany(
        "INSERT INTO outcomes (case_id, kind, outcome_on, notes, recorded_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", outcomes)
    conn.executemany(
        "INSERT INTO reviews (case_id, label, due_on, done_on, notes, done_by) VALUES (?, ?, ?, ?, ?, ?)",
        reviews)
