"""Numbered schema migrations.

Each file in ``storage/schema`` is named ``NNNN_area.sql``; all files with the same number form one migration,
applied in one transaction, in file-name order. The version lives in ``PRAGMA user_version``. Before an existing
vault is migrated, the caller makes a verified encrypted backup (see ``Vault.open``).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from prevent_desktop.errors import SchemaTooNew
from prevent_desktop.storage.db import Connection, transaction

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@functools.cache  # the packaged files: read once (0.6 ms a read, several reads per unlock on the UI thread)
def _schema_files() -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    folder = resources.files("prevent_desktop.storage") / "schema"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        match = _NAME.match(entry.name)
        if match:
            found.setdefault(int(match.group(1)), []).append((entry.name, entry.read_text("utf-8")))
    return found


def target_version() -> int:
    return max(_schema_files())


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: Connection) -> list[int]:
    have = current_version(conn)
    return [v for v in sorted(_schema_files()) if v > have]


def migrate(conn: Connection) -> list[int]:
    """Apply every pending migration; returns the versions applied."""
    have = current_version(conn)
    if have > target_version():
        raise SchemaTooNew(
            f"This vault was written by a newer version of Prevent Desktop (schema {have}); "
            "please update the app before opening it."
        )
    applied = []
    files = _schema_files()
    for version in pending(conn):
        with transaction(conn):
            for _name, sql in files[version]:
                for statement in split_statements(sql):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
        applied.append(version)
    return applied


def split_statements(sql: str) -> list[str]:
    """Split a schema file into statements, keeping trigger bodies (BEGIN … END;) whole."""
    import sqlcipher3

    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


_TRIGGER = re.compile(r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def expected_triggers(version: int | None = None) -> set[str]:
    """Every trigger the schema files up to ``version`` create (the append-only guards among them)."""
    names: set[str] = set()
    for number, files in _schema_files().items():
        if version is None or number <= version:
            for _name, sql in files:
                names.update(_TRIGGER.findall(sql))
    return names


def missing_triggers(conn: Connection) -> list[str]:
    """Triggers the schema made that are no longer in the database (someone with the key dropped them)."""
    present = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    return sorted(expected_triggers(current_version(conn)) - present)
