"""Search reads only as far as the page it shows (issue 11): whatever the speed of the machine, the statements a
search runs read the index in its own order and sort nothing, a page of results costs the same however many cases
match, pages follow each other without gaps or repeats, and a count stops at its cap."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prevent_desktop.domain.case_records import CaseFilter
from prevent_desktop.services import demo
from prevent_desktop.services.cases import actions as case_actions
from prevent_desktop.services.cases import intake, referral_draft
from prevent_desktop.services.cases import queries as case_queries
from tests import factories

# Every demo case's own text holds its reference ("PV-2026-0001"), so "PV" matches every case, as a common word
# matches most of a real vault; "Spoke" matches the cases with that chronology note, several notes in some.
EVERY_CASE = "PV"


@contextmanager
def statements(session: Any) -> Iterator[list[str]]:
    """The SQL statements run on the session's connection meanwhile, with their parameters filled in."""
    seen: list[str] = []
    session.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        session.conn.set_trace_callback(None)


@contextmanager
def vm_steps(session: Any) -> Iterator[list[int]]:
    """Counts SQLite virtual-machine steps (in thousands) meanwhile: work done, independent of the clock."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    session.conn.set_progress_handler(tick, 1000)
    try:
        yield count
    finally:
        session.conn.set_progress_handler(None, 0)


def _plan(session: Any, sql: str) -> list[str]:
    return [str(r[3]) for r in session.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]


def test_search_statements_read_the_index_in_order_and_sort_or_scan_nothing(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 120, seed=3)
    filters = [
        CaseFilter(query=EVERY_CASE),
        CaseFilter(query="spoke tutor", status="closed", role="learner", overdue_review=True, today="2026-01-01",
                   date_from="2020-01-01", date_to="2030-01-01"),
    ]
    for f in filters:
        with statements(demo_session) as run:
            case_queries.next_page(demo_session, f, None, 20)
            case_queries.count(demo_session, f, 50)
        searches = [s for s in run if "MATCH" in s]
        assert len(searches) == 2, run
        for sql in searches:
            plan = _plan(demo_session, sql)
            assert plan[0].startswith("SCAN f VIRTUAL TABLE"), plan  # the index drives, in its own order
            assert not [step for step in plan if "TEMP B-TREE" in step], plan  # nothing collected and sorted
            assert not [step for step in plan[1:] if step.startswith("SCAN")], plan  # only lookups by key
            assert not [step for step in plan if "COMPOUND" in step or "UNION" in step], plan


def test_a_page_of_results_costs_the_same_however_many_cases_match(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 150, seed=4)

    def first_page_steps() -> int:
        case_queries.search(demo_session, EVERY_CASE, limit=20)  # warm
        with vm_steps(demo_session) as steps:
            rows = case_queries.search(demo_session, EVERY_CASE, limit=20)
        assert len(rows) == 20
        return steps[0]

    few = first_page_steps()
    demo.fill_demo(demo_session, 1350, seed=5)  # ten times as many matches
    many = first_page_steps()
    assert many <= few * 1.5 + 2, (few, many)


def test_pages_follow_without_gaps_or_repeats_newest_matching_text_first(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 90, seed=6)
    for words in (EVERY_CASE, "spoke", "tutor"):
        f = CaseFilter(query=words)
        everything = case_queries.search(demo_session, words, limit=10_000)
        ids = [r.id for r in everything]
        assert ids and len(ids) == len(set(ids))
        paged: list[int] = []
        page = case_queries.next_page(demo_session, f, None, 7)
        paged += [r.id for r in page.rows]
        while page.next is not None:
            page = case_queries.next_page(demo_session, f, page.next, 7)
            paged += [r.id for r in page.rows]
        assert paged == ids, words
        assert case_queries.count(demo_session, f) == len(ids)
        assert case_queries.count(demo_session, f, cap=5) == 6  # stops counting at cap + 1
    # the case whose matching text was written last comes first
    case_id = factories.log_case(demo_session, what_happened="Spoke with the family")
    assert case_queries.search(demo_session, "spoke", limit=3)[0].id == case_id
    older = case_queries.search(demo_session, "spoke", limit=3)[1].id
    case_actions.add_note(demo_session, older, "Spoke again with the tutor")
    assert [r.id for r in case_queries.search(demo_session, "spoke", limit=2)] == [older, case_id]


def test_filters_apply_to_search_pages_and_counts(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 200, seed=7)
    f = CaseFilter(query=EVERY_CASE, status="closed", role="learner")
    ids = [r.id for r in case_queries.search(demo_session, EVERY_CASE, limit=10_000)]
    want = [i for i in ids if (lambda d: d.status == "closed" and d.person.role == "learner")(
        case_queries.case_detail(demo_session, i))]
    assert want
    page = case_queries.next_page(demo_session, f, None, 10_000)
    assert [r.id for r in page.rows] == want and page.next is None
    assert case_queries.count(demo_session, f) == len(want)
    assert case_queries.list_page(demo_session, f, None, 3) == list(page.rows[:3])


def test_a_search_result_row_is_the_case_lists_row_for_that_case(demo_session: Any) -> None:
    # A search's rows once left out the concern category, so the Cases list's Category column went blank
    # whenever the DSO searched.
    demo.fill_demo(demo_session, 80, seed=10)
    listed = {r.id: r for r in case_queries.list_all(demo_session)}
    found = case_queries.search(demo_session, EVERY_CASE, limit=10_000)
    assert len(found) == len(listed)
    assert [r for r in found if r.category], "the demo records a category for most cases"
    assert all(r == listed[r.id] for r in found)
    page = case_queries.next_page(demo_session, CaseFilter(query=EVERY_CASE), None, 7)
    while page.next is not None:  # later pages too
        page = case_queries.next_page(demo_session, CaseFilter(query=EVERY_CASE), page.next, 7)
        assert all(r == listed[r.id] for r in page.rows)


def test_a_search_inside_an_open_transaction_reads_that_transactions_state(demo_session: Any) -> None:
    from prevent_desktop.storage.db import transaction

    case_id = factories.log_case(demo_session, what_happened="Zebracrossing mentioned in class")
    with transaction(demo_session.conn):
        assert [r.id for r in case_queries.search(demo_session, "zebracrossing")] == [case_id]
        assert demo_session.conn.in_transaction  # the search neither ended nor nested the writer's transaction


def test_a_corrected_name_finds_all_the_persons_cases(session: Any) -> None:
    first = factories.log_case(session, forenames="Quentin", surname="Oldname")
    person = case_queries.case_detail(session, first).person.id
    second = intake.log_concern(session, factories.concern_input(
        forenames="Quentin", surname="Oldname", link_person_id=person))
    assert {r.id for r in case_queries.search(session, "oldname")} == {first, second}
    d = case_queries.case_detail(session, second)
    referral_draft.save_draft(session, second, d.version, {**d.answers, "surname": "Newname"}, {})
    assert {r.id for r in case_queries.search(session, "newname quentin")} == {first, second}
    assert second not in {r.id for r in case_queries.search(session, "oldname")}  # the first's answers still say it


def test_the_list_filtered_by_status_pages_in_index_order_without_sorting(demo_session: Any) -> None:
    demo.fill_demo(demo_session, 60, seed=8)
    for f in (CaseFilter(), CaseFilter(status="closed"), CaseFilter(date_from="2020-01-01")):
        with statements(demo_session) as run:
            rows = case_queries.list_page(demo_session, f, None, 10)
        assert rows
        (sql,) = [s for s in run if "ORDER BY c.opened_at DESC" in s]
        plan = _plan(demo_session, sql)
        assert not [step for step in plan if "TEMP B-TREE" in step], plan


def test_a_large_bulk_load_leaves_the_search_index_in_one_segment(demo_session: Any) -> None:
    # Left in several segments, the index would be merged in one go during some later ordinary save: a pause
    # of over a second on the UI thread after a 100,000-case load (issue 11).
    from prevent_desktop.storage import cases as store

    # FTS5 writes a segment per 1 MB of pending index data; a small budget makes this load as fragmented as a
    # 100,000-case one.
    demo_session.conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 8192)")
    demo.fill_demo(demo_session, 2200, seed=9)
    docs = demo_session.conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    assert docs >= store.BULK_OPTIMIZE_DOCS
    segments = demo_session.conn.execute("SELECT count(DISTINCT segid) FROM search_fts_idx").fetchone()[0]
    assert segments == 1
    assert len(case_queries.search(demo_session, EVERY_CASE, limit=5000)) == 2200
