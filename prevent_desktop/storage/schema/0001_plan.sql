-- The Prevent Action Plan (Annex A), owned by the action-plan area.
CREATE TABLE plan_header (
    id                          INTEGER PRIMARY KEY CHECK (id = 1),
    organisation                TEXT NOT NULL,
    safeguarding_contact        TEXT NOT NULL,
    date_last_updated           TEXT NOT NULL DEFAULT '',
    date_actions_to_be_reviewed TEXT NOT NULL DEFAULT '',
    next_review_due             TEXT NOT NULL DEFAULT ''
);

-- The one-line definition of each RAG level, shown beside the grid (editable).
CREATE TABLE plan_rag_levels (
    rag        TEXT PRIMARY KEY CHECK (rag IN ('', 'red', 'amber', 'green')),
    definition TEXT NOT NULL,
    position   INTEGER NOT NULL
);

CREATE TABLE duties (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL
);

CREATE TABLE plan_rows (
    id             INTEGER PRIMARY KEY,
    no             INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    area           TEXT NOT NULL,
    action         TEXT NOT NULL DEFAULT '',
    who            TEXT NOT NULL DEFAULT '',
    who_contact_id TEXT REFERENCES contacts(id),
    when_text      TEXT NOT NULL DEFAULT '',
    rag            TEXT NOT NULL DEFAULT '' CHECK (rag IN ('', 'red', 'amber', 'green')),
    last_reviewed  TEXT NOT NULL DEFAULT '',
    retired_at     TEXT,
    created_at     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
);
CREATE INDEX plan_rows_position ON plan_rows (position);

CREATE TABLE plan_row_duties (
    row_id  INTEGER NOT NULL REFERENCES plan_rows(id),
    duty_id TEXT NOT NULL REFERENCES duties(id),
    PRIMARY KEY (row_id, duty_id)
);

CREATE TABLE plan_history (
    id         INTEGER PRIMARY KEY,
    row_id     INTEGER REFERENCES plan_rows(id),  -- NULL: a change to the header or the RAG definitions
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_history_row ON plan_history (row_id, id);

CREATE TABLE plan_reviews (
    id          INTEGER PRIMARY KEY,
    reviewed_on TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);

CREATE TABLE plan_evidence (
    id       INTEGER PRIMARY KEY,
    row_id   INTEGER NOT NULL REFERENCES plan_rows(id),
    kind     TEXT NOT NULL CHECK (kind IN ('note', 'file')),
    note     TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    mime     TEXT NOT NULL DEFAULT '',
    data     BLOB,
    size     INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    retired_at TEXT
);
CREATE INDEX plan_evidence_row ON plan_evidence (row_id);
