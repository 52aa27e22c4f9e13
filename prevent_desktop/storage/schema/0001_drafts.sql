-- Unsaved work (domain/drafts.py): what an open editor holds, kept as it is typed so that a lock, a crash or a
-- kill loses at most the last second; offered back after unlock. Encrypted with the vault like every row;
-- secure_delete zeroes a draft's pages when it is saved, discarded or its case is purged.
CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: an editor holding an old id cannot write into another draft
    kind         TEXT NOT NULL,
    case_id      INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    context_json TEXT NOT NULL DEFAULT '{}',
    values_json  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX drafts_by_case ON drafts(case_id);
