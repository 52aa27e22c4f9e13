"""The audit log viewer shows actions in words and cases by reference (issue 15), through the real dialog."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from prevent_desktop.services import backup_service
from prevent_desktop.services.cases import queries
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.ui.vault_dialogs import AuditLogDialog
from tests.conftest import PASSPHRASE
from tests.factories import log_case

WHAT, RECORD = 3, 4


def test_audit_viewer_names_actions_in_words_and_cases_by_reference(qtbot, qtmodeltester, session) -> None:  # type: ignore[no-untyped-def]
    case_id = log_case(session, decision="channel", outcome="channel_adopted")
    backup_service.backup_now(session)
    backup_service.rekey(session, PASSPHRASE, kdf=TEST_KDF)
    ref = queries.case_detail(session, case_id).ref
    dialog = AuditLogDialog(session)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    rows = [(model.index(i, WHAT).data(), model.index(i, RECORD).data()) for i in range(model.rowCount())]
    assert ("Concern logged", f"Case {ref}") in rows
    assert ("Decision recorded", f"Case {ref}") in rows and ("Outcome recorded", f"Case {ref}") in rows
    assert ("Backup made", "Backup") in rows
    assert rows[0] == ("Recovery key replaced (vault re-encrypted)", "Vault")  # newest first
    assert not any(re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", what) for what, _ in rows), rows  # no internal ids
    assert not any(record == f"case {case_id}" for _, record in rows)
    assert model.index(0, WHAT).data(Qt.ItemDataRole.ToolTipRole) == "vault.rekey"  # the stored id, for IT
    dialog.close()
