-- Files attached to a case (cases area): stored encrypted in the vault like every row (the bytes inline, as the
-- action plan's evidence), at most 10 MB each (domain/files.py). Part of the record (policy 3.13): never edited or
-- deleted, except by the retention purge with its case (which lifts and restores the trigger in its transaction).
CREATE TABLE case_attachments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    entry_id    INTEGER NOT NULL REFERENCES chronology(id),   -- the chronology entry that records the attaching
    filename    TEXT NOT NULL CHECK (length(filename) > 0),
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    data        BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, id);

CREATE TRIGGER case_attachments_no_update BEFORE UPDATE ON case_attachments
BEGIN
    SELECT RAISE(ABORT, 'attached files are never changed; attach a new one and add an addendum');
END;

CREATE TRIGGER case_attachments_no_delete BEFORE DELETE ON case_attachments
BEGIN
    SELECT RAISE(ABORT, 'attached files are never deleted');
END;
