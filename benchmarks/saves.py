"""Saves: a chronology note (``actions.add_note``) and a referral-draft autosave (``referral_draft.save_draft``),
each one transaction with its audit entry, against a bare INSERT + COMMIT of a row of the same size on a bare
connection to the same vault file with the same pragmas (synchronous=FULL, rollback journal, secure_delete)."""

from __future__ import annotations

from typing import Any

from benchmarks import data
from benchmarks.core import Bench, Figure, figure, interleaved

MEDIAN_TARGET_MS = 20.0
RATIO_TARGET = 3.0
NOTE = "Phoned the police Prevent team for advice; discussed the concern and agreed the next steps."


def figures(bench: Bench) -> list[Figure]:
    from prevent_desktop.domain.case_records import CaseFilter
    from prevent_desktop.paths import DataPaths
    from prevent_desktop.services.background import open_session
    from prevent_desktop.services.cases import actions, queries, referral_draft

    folder = bench.data.fresh_copy("saves")
    key = data.bare_key(folder)
    session = open_session(DataPaths(folder), key)
    bare = data.bare_connect(folder / "vault.db", key)
    bare.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    runs = bench.runs_for(cheap=True)
    try:
        open_case = queries.list_page(session, CaseFilter(status="concern"), None, 1)[0].id
        draft_case = queries.list_page(session, CaseFilter(status="drafting"), None, 1)[0].id
        detail = queries.case_detail(session, draft_case)
        answers: dict[str, Any] = dict(detail.answers)
        points = {str(p.no): p.answer for p in detail.points if p.answer}
        state = {"version": detail.version, "i": 0}

        def note() -> None:
            actions.add_note(session, open_case, NOTE)

        def draft() -> None:  # what the wizard saves 800 ms after typing stops: the whole draft, one more word
            state["i"] += 1
            answers["describe_concerns"] = f"{detail.concern_text} Update {state['i']}."
            state["version"] = referral_draft.save_draft(session, draft_case, state["version"], answers, points)

        def bare_insert() -> None:
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO bench_bare_insert (body) VALUES (?)", (NOTE,))
            bare.execute("COMMIT")

        rows = []
        for name, fn in (("save a chronology note", note), ("save a referral draft (autosave)", draft)):
            p, b = interleaved(fn, bare_insert, runs, warmup=2)
            rows.append(figure(name, p, b, f"median ≤ {MEDIAN_TARGET_MS:g} ms and ≤ {RATIO_TARGET:g} × bare insert",
                               p.median <= MEDIAN_TARGET_MS and p.median <= RATIO_TARGET * b.median,
                               note="incl. audit chain; baseline: INSERT + COMMIT, same file and pragmas"))
    finally:
        bare.close()
        session.close()
        bench.data.drop(folder)
    return rows
