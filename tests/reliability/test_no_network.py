"""No network: the main flows run with socket creation blocked; anything trying to connect fails the test."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from prevent_desktop.cli import main as cli_main
from prevent_desktop.paths import DataPaths
from prevent_desktop.services.backup_service import backup_now, rekey, restore_backup, verify_backup
from prevent_desktop.services.cases import queries as case_queries
from prevent_desktop.services.vault_service import change_passphrase, create_vault, open_session, verify_audit
from prevent_desktop.storage.keyslots import TEST_KDF
from prevent_desktop.storage.vault import Secret
from tests import factories
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):  # type: ignore[no-untyped-def]
    attempts: list[str] = []

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        attempts.append(repr(args)[:80])
        raise NetworkUsed("network use attempted")

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)
    yield attempts
    assert attempts == []


def test_main_flows_never_touch_the_network(no_network, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "v")
    session, _ = create_vault(paths, PASSPHRASE, kdf=TEST_KDF)
    session.vault.set_setting("k", "v")
    info = backup_now(session)
    change_passphrase(session, NEW_PASSPHRASE, TEST_KDF)
    rekey(session, NEW_PASSPHRASE, TEST_KDF)
    assert verify_audit(session) == []
    session.close()
    # The re-key re-made the backup under the new key: it opens with the passphrase in force at the re-key.
    verify_backup(info.path, Secret.passphrase(NEW_PASSPHRASE))
    restore_backup(DataPaths(tmp_path / "r"), info.path, Secret.passphrase(NEW_PASSPHRASE))
    again = open_session(paths, Secret.passphrase(NEW_PASSPHRASE))
    again.close()
    # Cases, contacts, plan, policies and every PDF, through the admin CLI (the same services the GUI calls).
    work = open_session(paths, Secret.passphrase(NEW_PASSPHRASE))
    try:
        case_id = factories.log_case(
            work, subject_role="soldier", raised_by_role="soldier", raiser_name="Cpl Test", what_happened="Synthetic"
        )
        person_id = case_queries.case_detail(work, case_id).person.id
    finally:
        work.close()
    out = tmp_path / "out"
    out.mkdir()
    for argv in (
        ["check"],
        ["audit", "verify"],
        ["audit", "list", "--json"],
        ["backup"],
        ["backups"],
        ["cases", "list", "--json"],
        ["cases", "search", "Synthetic", "--json"],
        ["cases", "export", "-o", str(out / "cases.json")],
        ["contacts", "list", "--json"],
        ["contacts", "export", "-o", str(out / "c.vcf")],
        ["plan", "list", "--json"],
        ["policies", "list", "--json"],
        ["export", "referral-pack", str(case_id), "-o", str(out / "p.pdf"), "--encrypt"],
        ["export", "case-file", str(person_id), "-o", str(out / "f.pdf")],
        ["export", "action-plan", "-o", str(out / "a.pdf")],
        ["export", "contacts-card", "-o", str(out / "k.pdf")],
        ["export", "policy-register", "-o", str(out / "r.pdf")],
    ):
        # Each run takes the secrets out of the environment as it starts (as a real process does), so set them anew.
        monkeypatch.setenv("PREVENT_DESKTOP_PASSPHRASE", NEW_PASSPHRASE)
        monkeypatch.setenv("PREVENT_DESKTOP_PDF_PASSWORD", "a long pdf password")
        assert cli_main(["--data-dir", str(paths.root), *argv]) == 0, argv
    assert no_network == []


def test_the_guard_itself_works(no_network) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.invalid", 80))
    no_network.clear()
