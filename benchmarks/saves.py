"""Saves: a chronology note (``actions.add_note``) and a referral-draft autosave (``referral_draft.save_draft``),
each one transaction with its audit entry, against a bare INSERT + COMMIT of a row of the same size on a bare
connection to the same vault file with the same pragmas (synchronous=FULL, rollback journal, secure_delete).

Each note also gives the save against a second floor: a bare transaction writing the same rows in the same tables
with one plain statement each (the entry or the draft, the search index's document, the audit row), so the
ratio to a one-row insert can be read as what the save's own writes cost and what our code adds."""

from __future__ import annotations

import json
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
    from prevent_desktop.storage import cases as store

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

        other_draft = queries.list_page(session, CaseFilter(status="drafting"), None, 2)[1].id
        other_body = store.case_body(session.conn, other_draft) or ""
        stamp = "2026-01-01T09:00:00+00:00"

        def audit_row(action: str, case_id: int) -> None:
            bare.execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, prev_hash, hash) "
                         "VALUES (?, 'DSO', ?, 'case', ?, '', ?, ?)", (stamp, action, str(case_id), "0" * 64, "1" * 64))

        def bare_note() -> None:  # the rows add_note writes: the entry, its search document, the audit entry
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO chronology (case_id, occurred_at, recorded_at, author, kind, text) "
                         "VALUES (?, ?, ?, 'DSO', 'note', ?)", (open_case, stamp, stamp, NOTE))
            entry = bare.execute("SELECT last_insert_rowid()").fetchone()[0]
            bare.execute("INSERT INTO search_docs (case_id, entry_id) VALUES (?, ?)", (open_case, entry))
            bare.execute("INSERT INTO search_fts (rowid, body) VALUES (-last_insert_rowid(), ?)", (NOTE,))
            audit_row("case.note", open_case)
            bare.execute("COMMIT")

        def bare_draft() -> None:  # the rows save_draft writes: the answers, the case's search document again, audit
            state["j"] = state.get("j", 0) + 1
            body = f"{other_body} Update {state['j']}."  # the case's whole document, as the save indexes it
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("UPDATE cases SET answers_json = ? WHERE id = ?",
                         (json.dumps({**answers, "describe_concerns": body}), other_draft))
            doc = bare.execute("SELECT id FROM search_docs WHERE case_id = ? AND entry_id IS NULL",
                               (other_draft,)).fetchone()
            if doc is not None:
                bare.execute("DELETE FROM search_fts WHERE rowid = ?", (-doc[0],))
                bare.execute("DELETE FROM search_docs WHERE id = ?", (doc[0],))
            bare.execute("INSERT INTO search_docs (case_id, entry_id) VALUES (?, NULL)", (other_draft,))
            bare.execute("INSERT INTO search_fts (rowid, body) VALUES (-last_insert_rowid(), ?)", (body,))
            audit_row("case.draft_save", other_draft)
            bare.execute("COMMIT")

        rows = []
        for name, fn, same in (("save a chronology note", note, bare_note),
                               ("save a referral draft (autosave)", draft, bare_draft)):
            p, b = interleaved(fn, bare_insert, runs, warmup=2)
            p2, s = interleaved(fn, same, runs, warmup=2)
            rows.append(figure(name, p, b, f"median ≤ {MEDIAN_TARGET_MS:g} ms and ≤ {RATIO_TARGET:g} × bare insert",
                               p.median <= MEDIAN_TARGET_MS and p.median <= RATIO_TARGET * b.median,
                               note=("incl. audit chain; baseline: INSERT + COMMIT, same file and pragmas; "
                                     f"{p2.median / s.median:.2f}× a bare transaction of the same rows "
                                     f"({s.median:.2f} ms)"),
                               extra={"same_rows_ms": s.median, "same_rows_ratio": p2.median / s.median}))
    finally:
        bare.close()
        session.close()
        bench.data.drop(folder)
    return rows
