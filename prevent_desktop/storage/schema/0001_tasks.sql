-- Per-case tasks (cases area): what is to be done, by when, and who ticked it off when. Never deleted from the UI
-- (a task done by mistake is reopened); the retention purge removes them with their case.
CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    due_on      TEXT NOT NULL DEFAULT '',       -- ISO day, '' = no due date
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    done_at     TEXT NOT NULL DEFAULT '',       -- '' while open
    done_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_case ON tasks(case_id, id);
-- Home: open tasks by due date (done_at = '' first, so the open ones are one range of the index).
CREATE INDEX tasks_due ON tasks(done_at, due_on);
