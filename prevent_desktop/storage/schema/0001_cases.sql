-- People, cases, referral drafts, decisions, outcomes, reviews and the append-only chronology (cases area).
-- Cases are never hard-deleted from the UI; chronology rows are never updated or deleted (triggers below).
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    forenames   TEXT NOT NULL,
    surname     TEXT NOT NULL,
    dob         TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT 'other',
    name_key    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX people_dob ON people(dob);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    ref              TEXT NOT NULL UNIQUE,
    person_id        INTEGER NOT NULL REFERENCES people(id),
    status           TEXT NOT NULL DEFAULT 'concern',
    opened_at        TEXT NOT NULL,          -- the date of concern (ISO date)
    summary          TEXT NOT NULL DEFAULT '',
    concern_text     TEXT NOT NULL DEFAULT '',
    raised_by_role   TEXT NOT NULL DEFAULT 'staff',
    raiser_name      TEXT NOT NULL DEFAULT '',
    immediate_danger INTEGER NOT NULL DEFAULT 0,
    form_version     TEXT NOT NULL DEFAULT '',
    answers_json     TEXT NOT NULL DEFAULT '{}',   -- referral form answers by field id (the draft)
    points_json      TEXT NOT NULL DEFAULT '{}',   -- Annex B2 point answers by point number
    ready_reason     TEXT NOT NULL DEFAULT '',     -- why it was marked ready with gaps ("Not provided" reason)
    ready_at         TEXT NOT NULL DEFAULT '',
    exit_date        TEXT NOT NULL DEFAULT '',
    closed_at        TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT '',     -- concern category id (profile concern_categories); '' = not recorded
    version          INTEGER NOT NULL DEFAULT 1,   -- optimistic concurrency: every save bumps it
    created_at       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);
CREATE INDEX cases_opened ON cases(opened_at DESC, id DESC);
CREATE INDEX cases_person ON cases(person_id);
-- Status filters page in order from this index (either direction), and Home's "oldest case at this status
-- first" lists read it in order (a sort of every closed case took ~0.35 s at 100k).
CREATE INDEX cases_status_opened ON cases(status, opened_at, id);
-- The category filter (newest first, as the list pages) and the annual summary's year of one category.
CREATE INDEX cases_category_opened ON cases(category, opened_at, id);

CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_on  TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions(case_id);

CREATE TABLE outcomes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    outcome_on  TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX outcomes_case ON outcomes(case_id);

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    label       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    done_on     TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    done_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reviews_due ON reviews(done_on, due_on);
CREATE INDEX reviews_case ON reviews(case_id, done_on, due_on);

CREATE TABLE chronology (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    amends_id   INTEGER REFERENCES chronology(id)
);
CREATE INDEX chronology_case ON chronology(case_id, id);

CREATE TRIGGER chronology_no_update BEFORE UPDATE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are never edited; add an addendum');
END;

CREATE TRIGGER chronology_no_delete BEFORE DELETE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are never deleted');
END;

-- Full-text search (FTS5, inside the encrypted database): one index over every case's own text (the person's
-- name, reference, concern and referral answers: one document per case, replaced when they change) and every
-- chronology entry (one document each, never changed). search_docs numbers the documents in the order they were
-- written and says whose they are; the index's rowid is minus that number, so the index's own order is newest
-- first and a search reads only as far as the page it shows (storage/cases.py:search_cases). Kept in step by
-- storage/cases.py in the same transaction as the row (not by triggers: bulk loads fill it in one statement,
-- which is many times faster under SQLCipher's memory security). detail=none: searches are word-prefix AND
-- queries, which need no positions; prefix indexes for 1-3 characters, so a short prefix ("o", "pv", "the")
-- is read like one word instead of merging every word it starts.
CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    entry_id INTEGER REFERENCES chronology(id)
);
CREATE INDEX search_docs_case ON search_docs(case_id, entry_id);
CREATE VIRTUAL TABLE search_fts USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2', detail = none, prefix = '1 2 3'
);
