"""Defect 2: after every kind of case document is exported and printed (each writes a "document" entry in the
chronology), `cases export` imports into a fresh vault through the real CLI, and a second export is identical
apart from its export metadata. The case view shows the kind as a label ("Document"), never the raw id.

Real parts: a vault on disk, the real export service (encrypted and plain), the print path of the real export
dialog onto a QPrinter writing a PDF file, the case view's real widgets, and the CLI in child processes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from prevent_desktop.domain import cases as rules
from prevent_desktop.domain.case_records import ConcernInput
from prevent_desktop.paths import DataPaths
from prevent_desktop.services import exports
from prevent_desktop.services.cases import intake, queries
from prevent_desktop.services.vault_service import create_vault
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.case_view import CaseView
from prevent_desktop.ui.export_dialog import ExportDialog
from tests.conftest import PASSPHRASE, run_cli

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}
CASE_KINDS = [kind for kind, spec in exports.KINDS.items() if spec.has_case_data]  # every document of a case


def _concern(forenames: str, link: int | None = None) -> ConcernInput:
    return ConcernInput(
        forenames=forenames,
        surname="Example",
        dob="01/02/2008",
        subject_role="learner",
        raised_by_role="staff",
        raiser_name="A Tutor",
        concern_date=date(2026, 3, 2).strftime("%d/%m/%Y"),
        what_happened="Shared extremist material in class.",
        link_person_id=link,
    )


def _print(qtbot, session, kind: str, params: dict[str, int], out: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(session, kind, params)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.page_count > 0, timeout=20000)
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for a printer
    printer.setOutputFileName(str(out))
    assert dialog.print_to(printer) == dialog.page_count
    dialog.close()
    assert out.stat().st_size > 0


def test_cases_export_imports_after_every_document_was_exported_and_printed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "vault")
    session, _ = create_vault(paths, PASSPHRASE, user_name="Test DSO", kdf=TEST_KDF)
    try:
        first = intake.log_concern(session, _concern("Alex"))
        person = queries.case_detail(session, first).person.id
        second = intake.log_concern(session, _concern("Alex", link=person))  # a case file notes both cases
        params = {"referral-pack": {"case_id": first}, "case-file": {"person_id": person}}
        assert set(CASE_KINDS) <= set(params), "a new case document: add its parameters here"
        for kind in CASE_KINDS:
            exports.export_document(session, kind, tmp_path / f"{kind}-enc.pdf", "a long pdf password", **params[kind])
            exports.export_document(session, kind, tmp_path / f"{kind}-plain.pdf", None, **params[kind])
            _print(qtbot, session, kind, params[kind], tmp_path / f"{kind}-printed.pdf")

        kinds = [e.kind for e in queries.case_detail(session, first).chronology]
        assert kinds.count("document") == 3 * len(CASE_KINDS)  # 2 exports + 1 print of each kind
        assert [e.kind for e in queries.case_detail(session, second).chronology].count("document") == 3

        view = CaseView(session, first)
        qtbot.addWidget(view)
        view.show()
        shown = [view.chron_model.index(r, 4).data() for r in range(view.chron_model.rowCount())]
        assert "Document" in shown
        assert not set(shown) & set(rules.CHRONOLOGY_KINDS)  # labels only: never "document", "concern"…
        view.close()
    finally:
        session.close()

    one, two = tmp_path / "one.json", tmp_path / "two.json"
    done = run_cli("cases", "export", "-o", str(one), data_dir=paths.root, env=ENV)
    assert done.returncode == 0, done.stderr
    exported = json.loads(one.read_text("utf-8"))
    assert "document" in {e["kind"] for c in exported["cases"] for e in c["chronology"]}

    fresh = tmp_path / "fresh"
    assert run_cli("init", "--passphrase-stdin", data_dir=fresh, stdin=PASSPHRASE + "\n").returncode == 0
    imported = run_cli("cases", "import", str(one), data_dir=fresh, env=ENV)
    assert imported.returncode == 0, imported.stderr
    done = run_cli("cases", "export", "-o", str(two), data_dir=fresh, env=ENV)
    assert done.returncode == 0, done.stderr
    again = json.loads(two.read_text("utf-8"))
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported
