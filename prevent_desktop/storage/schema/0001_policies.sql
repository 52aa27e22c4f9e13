-- The policy's own metadata (a new version is a new row), its summary of changes, the associated-policy register.
CREATE TABLE policy_versions (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    version        TEXT NOT NULL,
    effective_date TEXT NOT NULL DEFAULT '',
    review_date    TEXT NOT NULL DEFAULT '',
    next_review    TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL
);

CREATE TABLE policy_changes (
    id      INTEGER PRIMARY KEY,
    serial  INTEGER NOT NULL,
    issue   TEXT NOT NULL,
    date    TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE associated_policies (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT NOT NULL,
    grp                    TEXT NOT NULL DEFAULT 'training',
    owner                  TEXT NOT NULL DEFAULT '',
    last_review            TEXT NOT NULL DEFAULT '',
    review_interval_months INTEGER NOT NULL DEFAULT 12 CHECK (review_interval_months > 0),
    position               INTEGER NOT NULL,
    retired_at             TEXT,
    updated_at             TEXT NOT NULL,
    updated_by             TEXT NOT NULL
);
