-- Systems of the county (SPEC 15) sign in with a token made by
-- "emessage token create": only its SHA-256 hash is kept. A token bound to
-- a county touches that county alone (county NULL: every county). A revoked
-- token keeps its row, for the audit trail; its name may then be given to a
-- new one.
CREATE TABLE system_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    county       TEXT REFERENCES counties (code),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE UNIQUE INDEX system_tokens_name ON system_tokens (name) WHERE revoked_at IS NULL;

-- A case's own documents (SPEC 14, Notices of Action) sit beside the
-- catalogue's forms, with the case (and the person, when one is named)
-- they belong to. Their PDF is a file of the document store, as uploads
-- are (file names the file, size its bytes); the catalogue's forms keep
-- theirs in pdf.
ALTER TABLE documents ADD COLUMN case_id BIGINT REFERENCES cases (id);
ALTER TABLE documents ADD COLUMN person_key BIGINT REFERENCES persons (id);
ALTER TABLE documents ADD COLUMN file TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX documents_case ON documents (case_id) WHERE case_id IS NOT NULL;
