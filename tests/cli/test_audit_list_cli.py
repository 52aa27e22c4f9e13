"""`audit list` through the real CLI: actions in words, cases by reference (issue 15), the stored ids in --json."""

from __future__ import annotations

import json

from prevent_desktop.services.cases import queries
from tests.conftest import PASSPHRASE, run_cli
from tests.factories import log_case

ENV = {"PREVENT_DESKTOP_PASSPHRASE": PASSPHRASE}


def test_audit_list_reads_as_words_with_case_references(session) -> None:  # type: ignore[no-untyped-def]
    case_id = log_case(session)
    ref = queries.case_detail(session, case_id).ref
    data_dir = session.vault.paths.root
    session.close()
    assert run_cli("backup", data_dir=data_dir, env=ENV).returncode == 0
    rekeyed = run_cli("rekey", data_dir=data_dir, env=ENV)
    assert rekeyed.returncode == 0, rekeyed.stderr

    listed = run_cli("audit", "list", data_dir=data_dir, env=ENV)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(f"Concern logged  [Case {ref}]" in line for line in lines), listed.stdout
    assert any("Backup made  [Backup]" in line for line in lines)
    assert any("Recovery key replaced (vault re-encrypted)  [Vault]" in line for line in lines)
    assert "case.create" not in listed.stdout and f"case:{case_id}" not in listed.stdout

    rows = json.loads(run_cli("audit", "list", "--json", data_dir=data_dir, env=ENV).stdout)
    created = next(r for r in rows if r["action"] == "case.create")
    assert created["entity_id"] == str(case_id) and created["case_ref"] == ref
    assert created["label"] == "Concern logged" and created["record"] == f"Case {ref}"
