-- Key contacts (owned by the contacts area). Contacts are retired, never deleted; every change keeps history.
-- phones_json: [{"label", "number" (as typed), "e164" (normalised for dialling; short numbers as their digits)}].
CREATE TABLE contact_groups (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE contacts (
    id            TEXT PRIMARY KEY,
    group_id      TEXT NOT NULL REFERENCES contact_groups(id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    phones_json   TEXT NOT NULL DEFAULT '[]',
    emails_json   TEXT NOT NULL DEFAULT '[]',
    web           TEXT NOT NULL DEFAULT '',
    when_to_use   TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    out_of_hours  INTEGER NOT NULL DEFAULT 0,
    public_line   INTEGER NOT NULL DEFAULT 0,
    last_verified TEXT NOT NULL DEFAULT '',
    retired_at    TEXT,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);

CREATE TABLE contact_history (
    id         INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);

CREATE INDEX contact_history_contact ON contact_history(contact_id, id);
