"""``cases export`` / ``cases import`` stream (issue 11), on real vaults: the streamed file is the old whole-table
export's content (people now before cases), an old file (sorted keys: cases before people) still imports, every
problem is named as the whole-file check named it, sealed files are written and read a chunk at a time in the same
container ``sealed.unseal`` reads, a pass that meets a changed file or a bad tag commits nothing, and the memory used
does not grow with the number of cases (tracemalloc in a process of its own, N against 4N cases: a ratio, never a
time or an absolute size).
"""

from __future__ import annotations

import base64
import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from prevent_desktop.errors import KnownError, ValidationError
from prevent_desktop.services import cases_io
from prevent_desktop.services.cases import actions, attachments, tasks
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.storage import atomic, sealed
from prevent_desktop.storage import cases as store
from prevent_desktop.storage.keyslots import TEST_KDF
from tests import factories

pytestmark = pytest.mark.usefixtures("clock")
PASSWORD = "correct horse battery 12"
MARKER = "Zyzzogeton"  # a synthetic surname to look for in the bytes written


def _old_export(session: Any) -> dict[str, Any]:
    """The export as it was built before it streamed: whole tables read with fetchall() and grouped (the oracle)."""
    conn = session.conn

    def bare(row: Any, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
        return {k: row[k] for k in row.keys() if k not in drop and k != "id"}

    people = [{"id": r["id"], "forenames": r["forenames"], "surname": r["surname"], "dob": r["dob"],
               "role": r["role"], "created_at": r["created_at"]}
              for r in conn.execute("SELECT * FROM people ORDER BY id").fetchall()]
    by_case: dict[str, dict[int, list[Any]]] = {}
    for table in ("decisions", "outcomes", "reviews", "chronology", "tasks", "case_attachments"):
        grouped: dict[int, list[Any]] = {}
        for r in conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall():
            grouped.setdefault(int(r["case_id"]), []).append(r)
        by_case[table] = grouped
    cases = []
    for r in conn.execute("SELECT * FROM cases ORDER BY id").fetchall():
        cid = int(r["id"])
        cases.append({
            **{k: r[k] for k in ("id", "ref", "person_id", "status", "opened_at", "summary", "concern_text",
                                 "raised_by_role", "raiser_name", "form_version", "ready_reason", "ready_at",
                                 "exit_date", "closed_at", "updated_at", "category")},
            "immediate_danger": bool(r["immediate_danger"]),
            "answers": json.loads(r["answers_json"]), "points": json.loads(r["points_json"]),
            "created_at": r["created_at"] or r["updated_at"],
            "decisions": [bare(x) for x in by_case["decisions"].get(cid, [])],
            "outcomes": [bare(x) for x in by_case["outcomes"].get(cid, [])],
            "reviews": [bare(x) for x in by_case["reviews"].get(cid, [])],
            "chronology": [{"id": x["id"], **bare(x)} for x in by_case["chronology"].get(cid, [])],
            "attachments": [{**bare(x, ("case_id", "data")), "data": base64.b64encode(bytes(x["data"])).decode()}
                            for x in by_case["case_attachments"].get(cid, [])],
            "tasks": [bare(x) for x in by_case["tasks"].get(cid, [])],
        })
    return {"format": cases_io.FORMAT, "format_version": cases_io.FORMAT_VERSION, "exported_at": "x",
            "people": people, "cases": cases}


def _fill(session: Any, tmp_path: Path) -> list[int]:
    """Five synthetic cases whose entries interleave (an addendum amends an entry older than another case's),
    with a decision, an outcome, a task, a file and a person without a case of its own."""
    a = factories.log_case(session, surname=MARKER, referral=True, decision="channel")
    b = factories.log_case(session, surname="Second", age=16)
    note_a = actions.add_note(session, a, "Synthetic note on the first case.")
    actions.add_note(session, b, "Synthetic note on the second case.")
    actions.add_addendum(session, a, note_a, "Synthetic correction, written after the second case's note.")
    tasks.add_task(session, b, "Synthetic task")
    scan = tmp_path / "statement.txt"
    scan.write_bytes(b"synthetic statement " * 40)
    attachments.attach_path(session, a, scan, "Synthetic note on the file")
    c = factories.log_case(session, surname="Third", outcome="police_nfa", decision="police_prevent")
    d = factories.log_case(session, surname="Fourth", what_happened="<b>markup</b> \u202eRTL\u202c 👋")
    e = factories.log_case(session, surname="Fifth")
    return [a, b, c, d, e]


def _drop_stamp(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported_at"}


def _counts(session: Any) -> tuple[int, ...]:
    q = session.conn.execute
    return tuple(q(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("cases", "people", "chronology", "case_attachments", "search_docs"))


def _old_style(data: dict[str, Any]) -> str:
    """A file as the export wrote it before it streamed (sorted keys: cases before people)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


# ----------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------


def test_the_streamed_export_is_the_old_export(session: Any, tmp_path: Path, monkeypatch: Any) -> None:
    _fill(session, tmp_path)
    monkeypatch.setattr(store, "EXPORT_BATCH", 2, raising=False)  # batches end mid-way: every boundary crossed
    target = tmp_path / "cases.json"
    assert cases_io.export_to_file(session, target) == 5
    text = target.read_text("utf-8")
    written = json.loads(text)
    assert _drop_stamp(written) == _drop_stamp(_old_export(session))
    assert list(written) == ["format", "format_version", "exported_at", "people", "cases"]  # people first now
    # json.dumps's own layout (indent=1, each item's keys sorted), written a piece at a time
    assert text == json.dumps(written, ensure_ascii=False, indent=1)
    assert _drop_stamp(cases_io.export_data(session)) == _drop_stamp(written)


def test_an_empty_vault_exports_empty_arrays(vault_factory: Any, tmp_path: Path) -> None:
    empty = vault_factory("empty")
    target = tmp_path / "none.json"
    assert cases_io.export_to_file(empty, target) == 0
    data = json.loads(target.read_text("utf-8"))
    assert (data["people"], data["cases"]) == ([], [])
    cases_io.check_file(target)


def test_the_encrypted_export_never_writes_plaintext(session: Any, tmp_path: Path, monkeypatch: Any) -> None:
    _fill(session, tmp_path)
    written: list[bytes] = []

    def recording(fd: int, data: Any) -> int:
        written.append(bytes(data))
        return os.write(fd, data)

    monkeypatch.setattr(atomic, "_write", recording)
    cases_io.export_to_file(session, tmp_path / "plain.json")
    assert MARKER.encode() in b"".join(written)  # (the recorder sees what reaches the disk)
    written.clear()
    target = tmp_path / "cases.sealed"
    cases_io.export_to_file(session, target, PASSWORD)
    assert MARKER.encode() not in b"".join(written) and b"Synthetic" not in b"".join(written)
    assert b"".join(written) == target.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    # the one-shot unseal opens the streamed container: the same plaintext as the plain export
    plain = sealed.unseal(target.read_bytes(), PASSWORD, cases_io.SEALED_CONTENT, target.name)
    assert _drop_stamp(json.loads(plain)) == _drop_stamp(json.loads((tmp_path / "plain.json").read_bytes()))


def test_streamed_and_one_shot_seals_open_each_other(tmp_path: Path) -> None:
    data = os.urandom(300_000)
    pieces = [data[:1], data[1:70_000], b"", data[70_000:]]
    streamed = b"".join(sealed.seal_stream(pieces, PASSWORD, "cases-export", TEST_KDF))
    assert sealed.unseal(streamed, PASSWORD, "cases-export", "x") == data
    one_shot = sealed.seal(data, PASSWORD, "cases-export", TEST_KDF)
    assert len(one_shot) == len(streamed)  # the same container: prefix, ciphertext, tag
    for raw in (streamed, one_shot):
        path = tmp_path / "file.sealed"
        path.write_bytes(raw)
        reader = sealed.SealedReader(path, PASSWORD, "cases-export", path.name)
        for _ in range(2):  # each pass decrypts anew
            stream = reader.open()
            got = b"".join(iter(lambda: stream.read(65_536), b""))  # noqa: B023
            stream.finish()
            stream.close()
            assert got == data
    with pytest.raises(KnownError, match="wrong password"):
        path.write_bytes(one_shot[:-1] + bytes([one_shot[-1] ^ 1]))
        stream = sealed.SealedReader(path, PASSWORD, "cases-export", path.name).open()
        stream.finish()


# ----------------------------------------------------------------------------------------------------
# Import
# ----------------------------------------------------------------------------------------------------


def test_ijson_uses_its_c_backend() -> None:
    from prevent_desktop.services import json_passes

    assert json_passes.ijson_module().backend in json_passes.C_BACKENDS


def test_an_old_sorted_keys_file_imports_and_round_trips(
    session: Any, tmp_path: Path, vault_factory: Any, monkeypatch: Any
) -> None:
    _fill(session, tmp_path)
    old = tmp_path / "old.json"
    old.write_text(_old_style(cases_io.export_data(session)), "utf-8")
    text = old.read_text("utf-8")
    assert text.index('"cases"') < text.index('"people"')
    monkeypatch.setattr(cases_io, "INDEX_CASES", 2)  # the search index fed in several batches
    fresh = vault_factory("fresh")
    cases_io.check_file(old)
    assert cases_io.import_file(fresh, old) == 5
    assert _drop_stamp(cases_io.export_data(fresh)) == _drop_stamp(cases_io.export_data(session))
    # entries kept their ids (a fresh vault numbers them as the source did), and search finds them
    assert [r.ref for r in case_queries.search(fresh, "correction")] == [
        r.ref for r in case_queries.search(session, "correction")]
    assert case_queries.search(fresh, MARKER)
    segments = fresh.conn.execute("SELECT count(DISTINCT segid) FROM search_fts_idx").fetchone()[0]
    assert segments == 1
    audit = fresh.conn.execute("SELECT detail FROM audit_log WHERE action = 'cases.import'").fetchall()
    assert [r[0].split(" at=")[0] for r in audit] == ["count=5"]


def test_import_into_a_vault_with_entries_moves_the_ids_past_its_own(
    session: Any, tmp_path: Path, vault_factory: Any
) -> None:
    ids = _fill(session, tmp_path)
    target = tmp_path / "cases.json"
    cases_io.export_to_file(session, target)
    data = json.loads(target.read_text("utf-8"))
    for c in data["cases"]:
        c["ref"] = f"IMP-{c['ref']}"  # (the other vault numbers its own case as the first of these was)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    other = vault_factory("other")
    own = factories.log_case(other, surname="Resident")
    actions.add_note(other, own, "Synthetic note already here.")
    before = store.max_chronology_id(other.conn)
    assert cases_io.import_file(other, target) == 5
    exported = json.loads(target.read_text("utf-8"))
    again = cases_io.export_data(other)
    imported = [c for c in again["cases"] if c["ref"].startswith("IMP-")]
    assert len(imported) == len(ids)
    for old, new in zip(exported["cases"], imported, strict=True):
        assert [e["id"] + before for e in old["chronology"]] == [e["id"] for e in new["chronology"]]
        assert [e["amends_id"] and e["amends_id"] + before for e in old["chronology"]] == [
            e["amends_id"] for e in new["chronology"]]
        assert [a["entry_id"] + before for a in old["attachments"]] == [a["entry_id"] for a in new["attachments"]]
        assert (old["status"], old["tasks"], old["decisions"]) == (new["status"], new["tasks"], new["decisions"])
    cases_io.validate(again)  # amends_id and attachments still point at entries of their own case
    with pytest.raises(ValidationError, match=r"cases\[0\]\.ref: the case .* is already in this vault"):
        cases_io.import_file(other, target)


def test_a_checked_file_is_imported_without_checking_each_case_twice(
    session: Any, tmp_path: Path, vault_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI checks a plain file before asking for the passphrase, then imports it: on main every case went
    through the schema twice (~1.7 ms a case each time: 352 s for 100,000 cases). Now the import takes the checked
    file, reads exactly the bytes checked, and checks only what needs the vault."""
    _fill(session, tmp_path)
    target = tmp_path / "cases.json"
    cases_io.export_to_file(session, target)
    checked_items: list[str] = []
    item_problem = cases_io._item_problem

    def counted(kind: str, item: Any, prefix: tuple[str | int, ...]) -> str | None:
        checked_items.append(kind)
        return item_problem(kind, item, prefix)

    monkeypatch.setattr(cases_io, "_item_problem", counted)
    fresh = vault_factory("fresh")
    checked = cases_io.check_file(target)
    assert cases_io.import_file(fresh, checked) == 5
    assert checked_items.count("case") == 5, "each case checked against the schema once"
    assert _drop_stamp(cases_io.export_data(fresh)) == _drop_stamp(cases_io.export_data(session))
    # What needs the vault is still checked: the same file again names the first case already in it.
    with pytest.raises(ValidationError, match=r"cases\[0\]\.ref: the case .* is already in this vault"):
        cases_io.import_file(fresh, cases_io.check_file(target))
    assert fresh.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 5  # nothing of the second try


def test_a_file_changed_after_its_check_is_not_imported(
    session: Any, tmp_path: Path, vault_factory: Any
) -> None:
    """Between the check and the import the DSO types the passphrase: a file changed meanwhile (one byte of one
    case's text) is refused whole, though the changed bytes were never checked against the schema."""
    _fill(session, tmp_path)
    target = tmp_path / "cases.json"
    cases_io.export_to_file(session, target)
    checked = cases_io.check_file(target)
    text = target.read_text("utf-8")
    target.write_text(text.replace(MARKER, MARKER[:-1] + "X", 1), "utf-8")
    fresh = vault_factory("fresh")
    with pytest.raises(ValidationError, match="changed while it was being imported; nothing was imported"):
        cases_io.import_file(fresh, checked)
    assert fresh.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    assert fresh.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    def case(i: int, **values: Any) -> Callable[[dict[str, Any]], Any]:
        return lambda d: d["cases"][i].update(values)

    def first_entry(d: dict[str, Any]) -> None:
        d["cases"][1]["chronology"][0]["id"] = d["cases"][0]["chronology"][0]["id"]

    def bad_file(d: dict[str, Any]) -> None:
        d["cases"][0]["attachments"][0]["data"] = base64.b64encode(b"other bytes").decode()

    return [
        ("kind", lambda d: d["cases"][0]["chronology"][0].update(kind="memo")),
        ("opened form", case(0, opened_at="2026/03/02")),
        ("points name", lambda d: d["cases"][0]["points"].update(x="")),
        ("ref missing", lambda d: d["cases"][2].pop("ref")),
        ("surname empty", lambda d: d["people"][0].update(surname="")),
        ("person field", lambda d: d["people"][1].update(nickname="x")),
        ("amends type", lambda d: d["cases"][0]["chronology"][1].update(amends_id="1")),
        ("amends later", lambda d: d["cases"][0]["chronology"][1].update(amends_id=999)),
        ("answers type", lambda d: d["cases"][0]["answers"].update(extra=3)),
        ("format", lambda d: d.update(format="x")),
        ("format_version missing", lambda d: d.pop("format_version")),
        ("top field", lambda d: d.update(extra=1)),
        ("cases object", lambda d: d.update(cases={})),
        ("people object", lambda d: d.update(people={"a": 1})),
        ("top array", lambda d: [d]),
        ("decision reason", case(1, decisions=[{"kind": "nfa"}])),
        ("future", case(1, opened_at="2099-01-01")),
        ("no person", case(3, person_id=999)),
        ("case twice", lambda d: d["cases"][4].update(ref=d["cases"][3]["ref"])),
        ("entry twice", first_entry),
        ("person twice", lambda d: d["people"][1].update(id=d["people"][0]["id"])),
        ("dob future", lambda d: d["people"][0].update(dob="2099-01-01")),
        ("file changed", bad_file),
        # several problems: the one the whole-document check named
        ("schema after a date", lambda d: (d["cases"][0].update(opened_at="2099-01-01"),
                                           d["cases"][3].update(status="lost"))),
        ("case schema after a person's date", lambda d: (d["people"][0].update(dob="2099-01-01"),
                                                          d["cases"][4].pop("summary"))),
        ("person schema before a case's", lambda d: (d["cases"][0].update(status="lost"),
                                                      d["people"][2].update(role=5))),
        ("top before people", lambda d: (d["people"][0].update(surname=""), d.update(format="x"))),
    ]


@pytest.mark.parametrize(("name", "change"), _mutations(), ids=[m[0] for m in _mutations()])
def test_every_problem_is_named_as_the_whole_file_check_named_it(
    session: Any, tmp_path: Path, vault_factory: Any, name: str, change: Callable[[dict[str, Any]], Any]
) -> None:
    _fill(session, tmp_path)
    data = copy.deepcopy(cases_io.export_data(session))
    mutated = change(data)
    data = data if mutated is None or isinstance(mutated, tuple) else mutated
    with pytest.raises(ValidationError) as expected:
        cases_io.validate(data)
    fresh = vault_factory("fresh")
    before = _counts(fresh)
    for layout in ("new", "old"):
        path = tmp_path / f"{layout}.json"
        if layout == "old" or not isinstance(data, dict):
            path.write_text(_old_style(data), "utf-8")
        else:
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        for check in (lambda p: cases_io.check_file(p), lambda p: cases_io.import_file(fresh, p)):
            with pytest.raises(ValidationError) as got:
                check(path)
            assert str(got.value) == str(expected.value), layout
        assert _counts(fresh) == before


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "is not valid JSON (line 1: "),
        (b"{not json", "is not valid JSON (line 1: "),
        (b'{\n "format": "prevent-desktop-cases",\n "format_version": 1\n "people": []\n}', "(line 4: "),
        (b'{\n "a": [1,\n  2,\n', "is not valid JSON (line 4: "),
        (b'{"a": 1} trailing', "is not valid JSON (line 1: "),
        (b'{"a": "\xff"}', "is not UTF-8 text"),
        (b'{\n "a": tru\n}\n' + b" " * 200_000 + b'"\xc3"', "is not UTF-8 text"),  # anywhere in the file
        (b"[" * 5000 + b"]" * 5000, "is nested too deeply"),
        (b'{"cases": [], "cases": []}', "bad.json: 'cases' appears twice at the top level"),
    ],
)
def test_a_file_that_is_not_json_is_named(session: Any, tmp_path: Path, raw: bytes, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    before = _counts(session)
    with pytest.raises(ValidationError, match=r"Not imported: bad\.json[ :]") as info:
        cases_io.import_file(session, path)
    assert problem in str(info.value)
    assert "\n" not in str(info.value) and "{" not in str(info.value)  # never an excerpt of the file
    if problem.startswith("(line"):  # the line Python's own parser names
        with pytest.raises(json.JSONDecodeError) as py:
            json.loads(raw)
        assert f"(line {py.value.lineno}: " in str(info.value)
    assert _counts(session) == before


def test_a_byte_order_mark_is_skipped(session: Any, tmp_path: Path, vault_factory: Any) -> None:
    _fill(session, tmp_path)
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(cases_io.export_data(session)).encode())
    assert cases_io.import_file(vault_factory("fresh"), path) == 5


def test_encrypted_import_streams_and_a_wrong_password_imports_nothing(
    session: Any, tmp_path: Path, vault_factory: Any
) -> None:
    _fill(session, tmp_path)
    target = tmp_path / "cases.sealed"
    cases_io.export_to_file(session, target, PASSWORD)
    fresh = vault_factory("fresh")
    before = _counts(fresh)
    with pytest.raises(ValidationError, match="is encrypted; give its password"):
        cases_io.check_file(target)
    with pytest.raises(KnownError, match=r"wrong password for cases\.sealed"):
        cases_io.import_file(fresh, target, "another password 1")
    for damaged in (b"PDSEALED\x00\x00\x00\x05{}", b"PDSEALED\xff\xff\xff\xff"):
        (tmp_path / "damaged.sealed").write_bytes(damaged)
        with pytest.raises(ValidationError, match="is damaged or is not an encrypted"):
            cases_io.import_file(fresh, tmp_path / "damaged.sealed", PASSWORD)
    assert _counts(fresh) == before
    # an old one-shot sealed file (seal() of the whole JSON) imports too
    old = tmp_path / "old.sealed"
    old.write_bytes(sealed.seal(_old_style(cases_io.export_data(session)).encode(), PASSWORD,
                                cases_io.SEALED_CONTENT, TEST_KDF))
    assert cases_io.import_file(fresh, old, PASSWORD) == 5
    assert _drop_stamp(cases_io.export_data(fresh)) == _drop_stamp(cases_io.export_data(session))


def _swap_before_pass(monkeypatch: Any, number: int, path: Path, replacement: bytes) -> list[int]:
    """Replace the file's bytes just before the ``number``-th pass over it starts."""
    from prevent_desktop.services import json_passes

    passes: list[int] = []
    reading = json_passes.JsonFile.reading

    def counting(self: Any) -> AbstractContextManager[Any]:
        passes.append(len(passes) + 1)
        if len(passes) == number:
            path.write_bytes(replacement)
        return reading(self)

    monkeypatch.setattr(json_passes.JsonFile, "reading", counting)
    return passes


@pytest.mark.parametrize("sealed_file", [False, True])
def test_a_file_changed_before_the_writing_pass_commits_nothing(
    session: Any, tmp_path: Path, vault_factory: Any, monkeypatch: Any, sealed_file: bool
) -> None:
    _fill(session, tmp_path)
    target = tmp_path / "cases.json"
    cases_io.export_to_file(session, target, PASSWORD if sealed_file else None)
    raw = target.read_bytes()
    if sealed_file:  # the tag's last byte: every byte decrypts as before, and only the tag says it changed
        replacement = raw[:-1] + bytes([raw[-1] ^ 1])
    else:  # another valid export: one more case (the writing pass would insert it)
        factories.log_case(session, surname="Late")
        cases_io.export_to_file(session, tmp_path / "more.json")
        replacement = (tmp_path / "more.json").read_bytes()
    fresh = vault_factory("fresh")
    before = _counts(fresh)
    inserted: list[int] = []
    insert_case = cases_io._insert_case

    def recording(*args: Any) -> Any:
        inserted.append(1)
        return insert_case(*args)

    monkeypatch.setattr(cases_io, "_insert_case", recording)
    passes = _swap_before_pass(monkeypatch, 4, target, replacement)  # 1 top and people, 2 cases, 3 people, 4 cases
    error = KnownError if sealed_file else ValidationError
    with pytest.raises(error, match=r"wrong password for cases\.json \(or the file was changed|changed while it was"):
        cases_io.import_file(fresh, target, PASSWORD if sealed_file else None)
    assert passes == [1, 2, 3, 4] and inserted  # the writing pass ran (and wrote, uncommitted) before the check
    assert _counts(fresh) == before


# ----------------------------------------------------------------------------------------------------
# Memory: N against 4N cases
# ----------------------------------------------------------------------------------------------------


def test_memory_does_not_grow_with_the_number_of_cases(tmp_path: Path) -> None:
    n = 60
    result = subprocess.run(  # a process of its own: nothing the session holds counts
        [sys.executable, "-m", "tests.support.stream_memory", str(tmp_path), str(n)],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["cases_large"] == 4 * n
    # Holding the file (or whole tables) makes 4N cases cost 4 times N's (4.1 and 4.1 before issue 11); streamed,
    # the peak is a batch's worth plus a few bytes per case and entry (the ids and references checked for
    # duplicates, the map of people's ids): 1.2 and 1.2 when written.
    assert got["export_large"] < 2.5 * got["export_small"], got
    assert got["import_large"] < 2.5 * got["import_small"], got
