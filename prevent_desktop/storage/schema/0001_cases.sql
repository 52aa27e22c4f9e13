-- People, cases and the append-only chronology (owned by the cases area).
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    forenames   TEXT NOT NULL,
    surname     TEXT NOT NULL,
    dob         TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT 'other',
    created_at  TEXT NOT NULL
);

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    status      TEXT NOT NULL DEFAULT 'concern',
    opened_at   TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);

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

CREATE TRIGGER chronology_no_update BEFORE UPDATE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are never edited; add an addendum');
END;

CREATE TRIGGER chronology_no_delete BEFORE DELETE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are never deleted');
END;
