-- The profile's revision: one number that moves on with every change to what the organisation profile is built
-- from (profile documents, contact groups, contacts), whoever makes it (a page, the CLI, a vault job on its own
-- connection), because triggers bump it. services.contacts.routing.vault_profile keeps the profile it built for
-- a session with the revision it read, and builds it again only when the revision has moved on (issue 11: it
-- ran on every autosave). A new table the profile is built from needs the same three triggers (a test checks).
-- Runs after every other 0001 file (file-name order), so the tables exist.
CREATE TABLE profile_revision (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO profile_revision (id, rev) VALUES (1, 0);

CREATE TRIGGER profile_doc_revision_insert AFTER INSERT ON profile_doc
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER profile_doc_revision_update AFTER UPDATE ON profile_doc
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER profile_doc_revision_delete AFTER DELETE ON profile_doc
BEGIN UPDATE profile_revision SET rev = rev + 1; END;

CREATE TRIGGER contact_groups_revision_insert AFTER INSERT ON contact_groups
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER contact_groups_revision_update AFTER UPDATE ON contact_groups
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER contact_groups_revision_delete AFTER DELETE ON contact_groups
BEGIN UPDATE profile_revision SET rev = rev + 1; END;

CREATE TRIGGER contacts_revision_insert AFTER INSERT ON contacts
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER contacts_revision_update AFTER UPDATE ON contacts
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
CREATE TRIGGER contacts_revision_delete AFTER DELETE ON contacts
BEGIN UPDATE profile_revision SET rev = rev + 1; END;
