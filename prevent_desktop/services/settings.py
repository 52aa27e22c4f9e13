"""The vault's settings, read and written through their one declaration (:mod:`prevent_desktop.domain.settings`).

Every reader and writer of a setting in the application calls this module: typed reads
(``get(session, AUTOLOCK_MINUTES) -> int``), typed writes (``change``) and the Settings dialog's all-or-nothing
``update``. Each change is saved in one transaction and audited by the setting's name, never its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from prevent_desktop.domain.settings import (
    AUTO_BACKUP,
    AUTOLOCK_MINUTES,
    BACKUP_KEEP,
    BACKUP_REMIND_DAYS,
    BY_KEY,
    CHASE_DAYS,
    CLIPBOARD_CLEAR_SECONDS,
    CONTACT_STALE_MONTHS,
    CREATED_AT,
    DEMO,
    DSO_EMAIL,
    DSO_PHONE,
    DSO_ROLE,
    EDITABLE,
    INTEGRITY_CHECKED_AT,
    INTEGRITY_DAMAGE,
    LOCK_ON_MINIMISE,
    PROFILE_SOURCE,
    PROTECTIVE_MARKING,
    PUBLIC_MARKING,
    SETTINGS,
    USER_NAME,
    BoolSetting,
    ContactSetting,
    IntSetting,
    Setting,
    TextSetting,
)
from prevent_desktop.errors import ValidationError
from prevent_desktop.storage.audit import now_iso
from prevent_desktop.storage.db import Connection, transaction
from prevent_desktop.storage.vault import delete_setting, read_setting, store_setting, write_setting

if TYPE_CHECKING:
    from prevent_desktop.services.session import Session

__all__ = [
    "AUTOLOCK_MINUTES",
    "AUTO_BACKUP",
    "BACKUP_KEEP",
    "BACKUP_REMIND_DAYS",
    "CHASE_DAYS",
    "CLIPBOARD_CLEAR_SECONDS",
    "CONTACT_STALE_MONTHS",
    "CREATED_AT",
    "DEMO",
    "DSO_EMAIL",
    "DSO_PHONE",
    "DSO_ROLE",
    "EDITABLE",
    "INTEGRITY_CHECKED_AT",
    "INTEGRITY_DAMAGE",
    "LOCK_ON_MINIMISE",
    "PROFILE_SOURCE",
    "PROTECTIVE_MARKING",
    "PUBLIC_MARKING",
    "SETTINGS",
    "USER_NAME",
    "BoolSetting",
    "ContactSetting",
    "IntSetting",
    "Setting",
    "TextSetting",
    "change",
    "current",
    "get",
    "read",
    "record",
    "seed_new_vault",
    "update",
]

T = TypeVar("T", int, bool, str)


def read(conn: Connection, spec: Setting[T]) -> T:
    """The setting's value on any open connection to the vault (a worker's own connection too)."""
    return spec.read(read_setting(conn, spec.key))


def get(session: Session, spec: Setting[T]) -> T:
    """The setting's value in this session's vault; the declared default when it was never set."""
    stored = read_setting(session.conn, spec.key)
    if stored is None and isinstance(spec, TextSetting) and spec.organisation_default:
        from_profile = session.organisation().get(spec.organisation_default)
        if isinstance(from_profile, str):
            return spec.read(from_profile)
    return spec.read(stored)


def current(session: Session) -> dict[str, str]:
    """Every setting the DSO can change, as text (the Settings dialog's fields)."""
    return {s.key: s.text(get(session, s)) for s in EDITABLE}


def change(session: Session, spec: Setting[T], value: T) -> bool:
    """Set one setting (validated against its declaration); True if it changed."""
    return bool(update(session, {spec.key: spec.text(value)}))


def update(session: Session, changes: Mapping[str, str]) -> list[str]:
    """Validate every value first (nothing is saved if one is bad), then save all in one transaction.
    Returns the keys that changed."""
    clean: dict[str, str] = {}
    for key, value in changes.items():
        spec = BY_KEY.get(key)
        if spec is None or not spec.editable:
            raise ValidationError(f"Unknown setting {key!r}.")
        clean[key] = spec.clean(value)
    before = current(session)
    changed = [k for k, v in clean.items() if before.get(k) != v]
    if not changed:
        return []
    actor = session.user
    with transaction(session.conn):
        for key in changed:
            write_setting(session.conn, key, clean[key], actor)
    return changed


def record(conn: Connection, spec: Setting[T], value: T | None) -> None:
    """Store a fact the application keeps about itself (a setting that is not ``editable``: offered nowhere for
    editing, so not audited), in its own transaction; None removes it (it reads as its default again)."""
    if spec.editable:
        raise ValidationError(f"{spec.label} is changed by the DSO (``change``), not recorded.")
    with transaction(conn):
        if value is None:
            delete_setting(conn, spec.key)
        else:
            store_setting(conn, spec.key, spec.text(value))


def seed_new_vault(conn: Connection, *, user_name: str, demo: bool, profile_source: str) -> None:
    """The first settings of a new vault (inside its creating transaction; its ``vault.create`` audit entry
    covers them). Everything else reads as its declared default until the DSO changes it."""
    values: dict[Setting[Any], Any] = {
        USER_NAME: USER_NAME.parse(user_name),
        DEMO: demo,
        CREATED_AT: now_iso(),
        PROFILE_SOURCE: profile_source,
    }
    for spec, value in values.items():
        store_setting(conn, spec.key, spec.text(value))

