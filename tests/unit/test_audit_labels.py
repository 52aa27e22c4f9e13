"""Every audit action the code writes has words (domain/audit_actions.py), and entries name cases by reference
(issue 15: "the audit log viewer shows case references and readable action names, not internal ids only")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import prevent_desktop
from prevent_desktop.domain.audit_actions import ACTION_LABELS, action_label, record_label
from prevent_desktop.services import audit_service, backup_service
from prevent_desktop.services import settings as vault_settings
from prevent_desktop.services.cases import retention
from tests.factories import log_case

PACKAGE = Path(prevent_desktop.__file__).parent
ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        # storage.audit.append(conn, actor, ACTION, ...): only that append (list.append("x.y") is not an entry)
        if func.attr == "append":
            return "audit.append" if isinstance(func.value, ast.Name) and func.value.id == "audit" else ""
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def written_actions() -> dict[str, str]:
    """{action: where} for every string literal passed as the action of an audit entry: to ``audit.append``,
    ``Session.audit`` or any function of ours taking an ``action`` parameter that passes it on (``_record``,
    ``_set_status`` …)."""
    trees = {path: ast.parse(path.read_text("utf-8")) for path in PACKAGE.rglob("*.py") if "forms" not in path.parts}
    takes_action = {"audit", "audit.append"} | {
        node.name
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(a.arg == "action" for a in node.args.args + node.args.kwonlyargs)
        and node.name != "append"
    }
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in takes_action:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and ACTION.match(arg.value):
                        found.setdefault(arg.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_action_written_has_a_label() -> None:
    written = written_actions()
    # The scan itself must see the writers it is about (a scan that finds nothing proves nothing).
    assert {"vault.create", "vault.unlock", "case.create", "backup.create", "settings.change", "export.pdf",
            "contact.retire", "vault.rekey"} <= set(written), sorted(written)
    missing = {action: where for action, where in written.items() if action not in ACTION_LABELS}
    assert not missing, f"add a label to domain/audit_actions.ACTION_LABELS for: {missing}"
    assert all(label and label[0].isupper() and not ACTION.match(label) for label in ACTION_LABELS.values())


def test_labels_from_the_issue() -> None:
    assert action_label("case.create") == "Concern logged"
    assert action_label("backup.create") == "Backup made"
    assert action_label("vault.rekey") == "Recovery key replaced (vault re-encrypted)"
    assert action_label("future.thing") == "future.thing"  # written by a newer version: shown as stored


def test_entries_name_cases_by_reference_people_by_their_cases_and_settings_by_label(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case_id = log_case(session)
    other = log_case(session, forenames="Other", surname="Person")
    backup_service.backup_now(session, tmp_path / "b.pdbackup")
    vault_settings.change(session, vault_settings.BACKUP_KEEP, 7)
    lines = audit_service.readable_entries(session)
    by_action = {line.action: line for line in reversed(lines)}  # the newest of each
    ref = next(line.case_ref for line in lines if line.action == "case.create" and line.entity_id == str(case_id))
    assert re.fullmatch(r"PV-\d{4}-\d{4}", ref)
    created = next(line for line in lines if line.entity_id == str(case_id) and line.action == "case.create")
    assert (created.label, created.record) == ("Concern logged", f"Case {ref}")
    person = next(line for line in lines if line.action == "person.create")
    assert person.record.startswith("Person ") and "PV-" in person.record
    assert by_action["backup.create"].label == "Backup made" and by_action["backup.create"].record == "Backup"
    assert by_action["settings.change"].record == "Setting: Automatic backups to keep"
    assert by_action["vault.create"].label == "Vault created"
    assert all(line.label != line.action for line in lines), [line.action for line in lines]
    assert by_action["case.create"].entity_id == str(other)  # the newest


def test_a_purged_case_keeps_its_id(session) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from prevent_desktop.services.cases import actions, queries

    case_id = log_case(session)
    actions.close_case(session, case_id, queries.case_detail(session, case_id).version, "Synthetic reason.")
    later = date.today() + timedelta(days=2)
    assert retention.purge_closed_before(session, later.isoformat(), today=later) == 1
    gone = [x for x in audit_service.readable_entries(session) if (x.entity, x.entity_id) == ("case", str(case_id))]
    assert gone and all(x.record == f"Case {case_id} (no longer in the vault)" for x in gone)
    purge = audit_service.readable_entries(session, limit=1)[0]
    assert (purge.label, purge.record) == ("Closed cases deleted (retention)", "Cases")
    assert record_label("vault", "") == "Vault" and record_label("", "") == ""
