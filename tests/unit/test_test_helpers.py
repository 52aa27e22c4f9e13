"""The test suite's own helpers do what they promise: the log check fails tests, template copies are separate
real vaults, fresh_vault makes new secrets."""

from __future__ import annotations

import pytest

from prevent_desktop.paths import DataPaths
from prevent_desktop.storage.keyslots import KeySlotFile
from tests.conftest import ROOT
from tests.helpers.vaults import VaultTemplate

LOGFAIL_CASES = '''
import logging
import threading

import pytest

log = logging.getLogger("prevent_desktop.sample")


def test_quiet():
    log.info("info is fine")
    logging.getLogger("somebody.else").warning("other libraries are not checked")


def test_unexpected_warning():
    log.warning("automatic backup failed: OSError")


def test_unexpected_error_from_a_thread():
    worker = threading.Thread(target=lambda: log.error("backup failed: OSError"))
    worker.start()
    worker.join()


@pytest.mark.expect_log("WARNING", "automatic backup failed")
def test_marker_allows_it():
    log.warning("automatic backup failed: OSError")


@pytest.mark.expect_log("WARNING", "automatic backup failed")
def test_marker_requires_it():
    pass


@pytest.mark.expect_log("WARNING", "automatic backup failed")
def test_marker_is_by_level():
    log.error("automatic backup failed: OSError")


def test_context_manager_allows_inside_only(expect_log):
    with expect_log("WARNING", "^automatic") as records:
        log.warning("automatic backup failed: OSError")
    assert len(records) == 1
    log.warning("automatic backup failed again")


def test_context_manager_requires_it(expect_log):
    with expect_log("ERROR", "never"):
        pass


@pytest.fixture
def noisy():
    yield
    log.warning("teardown trouble")


def test_teardown_is_checked(noisy):
    pass
'''


def test_unexpected_logs_fail_and_expectations_are_kept(pytester: pytest.Pytester, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ("tests.helpers.logfail",)')
    pytester.makepyfile(test_cases=LOGFAIL_CASES)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    result.stdout.fnmatch_lines(
        [
            "*test_cases.py::test_unexpected_warning*",
            "*test_cases.py::test_unexpected_error_from_a_thread*",
            "*test_cases.py::test_marker_requires_it*",
            "*test_cases.py::test_marker_is_by_level*",
            "*test_cases.py::test_context_manager_allows_inside_only*",
            "*test_cases.py::test_context_manager_requires_it*",
        ],
        consecutive=False,
    )
    assert "WARNING prevent_desktop.sample: automatic backup failed again" in result.stdout.str()
    assert "expected log record(s) never came: WARNING matching 'automatic backup failed' (marker)" in (
        result.stdout.str()
    )
    assert outcomes.get("passed") == 3, result.stdout.str()
    assert outcomes.get("failed") == 6 and outcomes.get("errors") == 1, result.stdout.str()


def test_template_copies_are_separate_real_vault_files(vault_template: VaultTemplate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first, second = vault_template.open(tmp_path / "a"), vault_template.open(tmp_path / "b")
    try:
        first.vault.set_setting("marker", "only in a")
        assert second.vault.setting("marker") == ""
        assert first.vault.paths.database.stat().st_ino != second.vault.paths.database.stat().st_ino
        assert first.vault.paths.database.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted, as made
    finally:
        first.close()
        second.close()
    reopened = vault_template.open(tmp_path / "c")
    try:
        assert reopened.vault.setting("marker") == ""
    finally:
        reopened.close()


def _salts(paths: DataPaths) -> set[bytes]:
    return {s.salt for s in KeySlotFile.read(paths.keyslots).slots}


def test_the_session_fixture_is_a_copy_of_the_template(session, vault_template: VaultTemplate) -> None:  # type: ignore[no-untyped-def]
    assert session.vault.key == vault_template.key
    assert _salts(session.vault.paths) == _salts(DataPaths(vault_template.folder))


@pytest.mark.fresh_vault
def test_fresh_vault_marker_makes_new_secrets(session, vault_template: VaultTemplate) -> None:  # type: ignore[no-untyped-def]
    assert session.vault.key != vault_template.key
    assert not _salts(session.vault.paths) & _salts(DataPaths(vault_template.folder))


def test_clock_sets_every_today_and_moves(clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime, timedelta

    from prevent_desktop.domain import dates
    from prevent_desktop.storage.audit import now_iso
    from tests.helpers.clock import START

    assert dates.today() == date.today() == clock.today == START.date() == date(2026, 3, 18)
    assert datetime.now().date() == START.date() and now_iso().startswith("2026-03-18T10:0")
    clock.set(date(2027, 1, 31))
    assert dates.today() == date(2027, 1, 31)
    clock.advance(days=29)
    assert dates.today() == date(2027, 1, 31) + timedelta(days=29) == date(2027, 3, 1)


def test_factories_make_real_records_with_synthetic_defaults(clock, session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services import plan, policies
    from prevent_desktop.services.cases import queries as case_queries
    from tests import factories

    case_id = factories.log_case(session, age=16, referral=True, ready=True, decision="channel", outcome="exit")
    d = case_queries.case_detail(session, case_id)
    assert (d.status, d.person.age_at_concern, d.person.under_18) == ("monitoring", 16, True)
    assert [e.kind for e in d.chronology][:1] == ["concern"] and "referral" in [e.kind for e in d.chronology]
    assert d.answers["addresses"] == factories.REFERRAL_ANSWERS["addresses"]
    contact = factories.make_contact(session)
    assert contact.last_verified == clock.today.isoformat() and contact.group_id == "other-learners"
    row_id = factories.make_plan_row(session, rag="red")
    assert plan.row(session, row_id).rag == "red"
    policy_id = factories.make_policy(session, last_review="2026-01-01")
    assert [p.name for p in policies.register(session) if p.id == policy_id] == ["Synthetic policy"]


def test_vault_factory_gives_more_vaults_of_the_test_own(session, vault_factory) -> None:  # type: ignore[no-untyped-def]
    other = vault_factory("other")
    assert other.vault.paths.root != session.vault.paths.root
    other.vault.set_setting("marker", "x")
    assert session.vault.setting("marker") == ""
    assert vault_factory("fresh", fresh=True).vault.key != session.vault.key
