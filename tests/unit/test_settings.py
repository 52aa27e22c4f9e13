"""Settings: validated all-or-nothing, saved in one transaction, audited by name only."""

from __future__ import annotations

import pytest

from prevent_desktop.errors import ValidationError
from prevent_desktop.services import settings
from prevent_desktop.storage import audit


def test_defaults(session) -> None:  # type: ignore[no-untyped-def]
    values = settings.current(session)
    assert values["autolock_minutes"] == "5"
    assert values["protective_marking"] == "OFFICIAL-SENSITIVE"
    assert values["user_name"] == "Test DSO"


def test_update_saves_and_audits_names_only(session) -> None:  # type: ignore[no-untyped-def]
    changed = settings.update(session, {"autolock_minutes": "10", "user_name": "Zoë Example-Łukasz"})
    assert sorted(changed) == ["autolock_minutes", "user_name"]
    assert settings.current(session)["autolock_minutes"] == "10"
    entries = [e for e in audit.entries(session.conn) if e.action == "settings.change"]
    assert {e.entity_id for e in entries} >= {"autolock_minutes", "user_name"}
    assert all("Zoë" not in e.detail for e in entries)
    assert audit.verify(session.conn) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("autolock_minutes", "0"),
        ("autolock_minutes", "abc"),
        ("autolock_minutes", "9999"),
        ("contact_stale_months", "2.5"),
        ("user_name", "  "),
        ("user_name", "x" * 500),
        ("protective_marking", "A\x00B"),
        ("no_such", "1"),
    ],
)
def test_bad_values_change_nothing(session, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    before = settings.current(session)
    with pytest.raises(ValidationError):
        settings.update(session, {"contact_clipboard_clear_seconds": "60", key: value})
    assert settings.current(session) == before


def test_switches_and_other_areas_settings(session) -> None:  # type: ignore[no-untyped-def]
    from prevent_desktop.services.cases import attention
    from prevent_desktop.services.contacts import settings as contact_settings

    settings.update(session, {"lock_on_minimise": "1", "cases.chase_days": "21", "contact_stale_months": "6"})
    assert session.vault.setting("lock_on_minimise") == "1"
    assert attention.chase_days(session) == 21
    assert contact_settings.stale_months(session) == 6
    with pytest.raises(ValidationError):
        settings.update(session, {"lock_on_minimise": "yes"})
