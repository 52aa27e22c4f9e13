"""Settings: each declared once (type, range, default), read typed, validated all-or-nothing, saved in one
transaction, audited by name only; and no module other than the registry touches a setting key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prevent_desktop.domain import settings as declared
from prevent_desktop.errors import ValidationError
from prevent_desktop.services import settings
from prevent_desktop.storage import audit

ROOT = Path(__file__).resolve().parents[2]


def test_defaults(session) -> None:  # type: ignore[no-untyped-def]
    values = settings.current(session)
    assert values["autolock_minutes"] == "5"
    assert values["protective_marking"] == "OFFICIAL-SENSITIVE"
    assert values["user_name"] == "Test DSO"
    assert list(values) == [s.key for s in declared.SETTINGS if s.editable]


def test_typed_reads(session) -> None:  # type: ignore[no-untyped-def]
    assert settings.get(session, settings.AUTOLOCK_MINUTES) == 5
    assert settings.get(session, settings.LOCK_ON_MINIMISE) is False
    assert settings.get(session, settings.AUTO_BACKUP) is True
    assert settings.get(session, settings.BACKUP_KEEP) == 10
    assert settings.get(session, settings.CHASE_DAYS) == 14
    assert settings.get(session, settings.CONTACT_STALE_MONTHS) == 12
    assert settings.get(session, settings.CLIPBOARD_CLEAR_SECONDS) == 30
    assert settings.get(session, settings.USER_NAME) == "Test DSO" == session.user
    assert settings.get(session, settings.DEMO) is False and session.demo is False
    assert settings.get(session, settings.PROFILE_SOURCE) == "mkc-training.toml"


@pytest.mark.parametrize("stored", ["abc", "9999", "-3", "2.5", "", "1e400", "nan"])
def test_an_unreadable_stored_value_reads_as_the_default(session, stored: str) -> None:  # type: ignore[no-untyped-def]
    session.vault.set_setting("cases.chase_days", stored)  # as an older version, or a hand edit, left it
    assert settings.get(session, settings.CHASE_DAYS) == 14


def test_update_saves_and_audits_names_only(session) -> None:  # type: ignore[no-untyped-def]
    changed = settings.update(session, {"autolock_minutes": "10", "user_name": "Zoë Example-Łukasz"})
    assert sorted(changed) == ["autolock_minutes", "user_name"]
    assert settings.current(session)["autolock_minutes"] == "10"
    assert settings.get(session, settings.AUTOLOCK_MINUTES) == 10
    entries = [e for e in audit.entries(session.conn) if e.action == "settings.change"]
    assert {e.entity_id for e in entries} >= {"autolock_minutes", "user_name"}
    assert all("Zoë" not in e.detail for e in entries)
    assert audit.verify(session.conn) == []
    assert settings.update(session, {"autolock_minutes": " 10 "}) == []  # unchanged: nothing written


def test_auto_lock_zero_means_off(session) -> None:  # type: ignore[no-untyped-def]
    """Defect 10b: "0 = off" was documented but refused (the range was 1-120)."""
    assert settings.update(session, {"autolock_minutes": "0"}) == ["autolock_minutes"]
    assert settings.get(session, settings.AUTOLOCK_MINUTES) == 0
    assert "0 (off)" in settings.AUTOLOCK_MINUTES.describe()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("autolock_minutes", "abc", "type a whole number from 0 (off) to 120"),
        ("autolock_minutes", "0.5", "type a whole number"),
        ("autolock_minutes", "-1", "from 0 (off) to 120"),
        ("autolock_minutes", "9999", "from 0 (off) to 120"),
        ("contact_stale_months", "2.5", "whole number"),
        ("contact_stale_months", "0", "from 1 to 120"),
        ("cases.chase_days", "366", "from 1 to 365"),
        ("lock_on_minimise", "yes", "on (1) or off (0)"),
        ("user_name", "  ", "cannot be empty"),
        ("user_name", "x" * 500, "at most 120 characters"),
        ("protective_marking", "A\x00B", "control characters"),
        ("dso_phone", "call me", "Your telephone (on referrals): not a telephone number"),
        ("dso_phone", "01634 8223", "Your telephone (on referrals): not a valid UK telephone number"),
        ("dso_email", "sam at example", "Your email (on referrals): not a valid email address"),
        ("no_such", "1", "Unknown setting"),
        ("demo", "1", "Unknown setting"),  # recorded by the application, never changed
    ],
)
def test_bad_values_change_nothing(session, key: str, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = settings.current(session)
    with pytest.raises(ValidationError, match=re.escape(message)):
        settings.update(session, {"contact_clipboard_clear_seconds": "60", key: value})
    assert settings.current(session) == before


def test_the_dsos_contact_details_follow_the_contacts_rules(session) -> None:  # type: ignore[no-untyped-def]
    # Checked by the contacts' one rule (domain.contacts), kept as typed; empty means not given.
    assert settings.get(session, settings.DSO_PHONE) == "" and settings.get(session, settings.DSO_EMAIL) == ""
    settings.update(session, {"dso_phone": " 01634 822386 ", "dso_email": "Sam.Example@Example.org"})
    assert settings.get(session, settings.DSO_PHONE) == "01634 822386"
    assert settings.get(session, settings.DSO_EMAIL) == "Sam.Example@Example.org"
    settings.update(session, {"dso_phone": ""})
    assert settings.get(session, settings.DSO_PHONE) == ""
    assert settings.get(session, settings.DSO_ROLE) == "Designated Safeguarding Officer"


def test_typed_change(session) -> None:  # type: ignore[no-untyped-def]
    assert settings.change(session, settings.CHASE_DAYS, 21) is True
    assert settings.change(session, settings.CHASE_DAYS, 21) is False
    assert settings.change(session, settings.LOCK_ON_MINIMISE, True) is True
    assert settings.get(session, settings.LOCK_ON_MINIMISE) is True
    with pytest.raises(ValidationError, match="from 1 to 365"):
        settings.change(session, settings.CHASE_DAYS, 0)
    assert settings.get(session, settings.CHASE_DAYS) == 21


def test_the_areas_read_the_same_declaration(session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services import backup_service, exports
    from prevent_desktop.services.cases import attention as cases
    from prevent_desktop.services.contacts import settings as contacts

    settings.update(
        session,
        {"lock_on_minimise": "1", "cases.chase_days": "21", "contact_stale_months": "6", "backup_keep": "3",
         "contact_clipboard_clear_seconds": "0", "public_marking": "OFFICIAL – for display"},
    )
    assert cases.chase_days(session) == 21
    assert contacts.stale_months(session) == 6
    assert contacts.clipboard_clear_seconds(session) == 0
    assert backup_service.backup_keep(session) == 3
    assert exports.marking_for(session, False) == "OFFICIAL – for display"
    contacts.set_stale_months(session, 9)
    cases.set_chase_days(session, 30)
    assert settings.current(session)["contact_stale_months"] == "9"
    assert settings.current(session)["cases.chase_days"] == "30"
    with pytest.raises(ValidationError, match="from 0 \\(never clear\\) to 3600"):
        contacts.set_clipboard_clear_seconds(session, 4000)


def test_protective_marking_defaults_to_the_organisation_profile(session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services import exports
    from prevent_desktop.storage import profile_store
    from prevent_desktop.storage.db import transaction

    with transaction(session.conn):
        profile_store.put(session.conn, "organisation", {**session.organisation(), "protective_marking": "SECRET-ISH"})
    assert settings.current(session)["protective_marking"] == "SECRET-ISH"  # what the dialog shows ...
    assert exports.marking_for(session, True) == "SECRET-ISH"  # ... is what the documents print
    settings.update(session, {"protective_marking": "OFFICIAL-SENSITIVE PERSONAL"})
    assert exports.marking_for(session, True) == "OFFICIAL-SENSITIVE PERSONAL"


def test_every_declaration_is_consistent() -> None:
    keys = [s.key for s in declared.SETTINGS]
    assert len(keys) == len(set(keys))
    for spec in declared.SETTINGS:
        assert spec.label and spec.describe()
        if spec.editable:
            assert spec.clean(spec.text(spec.default)) == spec.text(spec.default), spec.key  # the default is valid
        if isinstance(spec, declared.IntSetting):
            assert spec.minimum <= spec.default <= spec.maximum, spec.key


# ----------------------------------------------------------------------------------------------------
# One home: only the registry reads or writes a setting
# ----------------------------------------------------------------------------------------------------

_REGISTRY = {"prevent_desktop/domain/settings.py", "prevent_desktop/services/settings.py"}
# The settings table's repository (read_setting / store_setting / write_setting, and the raw Vault accessors the
# tests use to plant values): storage, not a reader or writer with an opinion about any setting.
_TABLE = "prevent_desktop/storage/vault.py"
_ACCESS = re.compile(
    r"\.setting\(|\bset_setting\(|\b(read|store|write)_setting\b|\b(FROM|INTO|UPDATE|JOIN)\s+settings\b", re.I
)
# Keys that are also ordinary words elsewhere ("demo" documents, rows' "created_at"): their access is caught by
# the pattern above; every other key must not even be spelt outside the registry.
_COMMON_WORDS = {"demo", "created_at"}


def _modules() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "prevent_desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("prevent_desktop/ui/forms/") or rel in _REGISTRY or rel == _TABLE:
            continue
        out.append((rel, path.read_text(encoding="utf-8")))
    return out


def test_no_module_but_the_registry_reads_or_writes_a_setting() -> None:
    offenders = [
        f"{rel}:{n}: {line.strip()}"
        for rel, text in _modules()
        for n, line in enumerate(text.splitlines(), start=1)
        if _ACCESS.search(line)
    ]
    assert offenders == []


def test_no_module_but_the_registry_spells_a_setting_key() -> None:
    keys = [s.key for s in declared.SETTINGS if s.key not in _COMMON_WORDS]
    alternatives = "|".join(re.escape(k) for k in keys)
    literal = re.compile(rf"""["']({alternatives})["']""")
    offenders = [
        f"{rel}:{n}: {line.strip()}"
        for rel, text in _modules()
        for n, line in enumerate(text.splitlines(), start=1)
        if literal.search(line)
    ]
    assert offenders == []


def test_the_architecture_check_finds_a_direct_read() -> None:
    # The check itself can fail: these are the shapes main had before the registry.
    for line in (
        'return self.session.vault.setting("lock_on_minimise", "0") == "1"',
        "user = conn.execute(\"SELECT value FROM settings WHERE key = 'user_name'\").fetchone()",
        "session.vault.set_setting(CHASE_DAYS_SETTING, str(days), session.user)",
        'vault.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))',
    ):
        assert _ACCESS.search(line), line
