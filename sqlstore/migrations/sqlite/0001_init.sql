-- e-Messages schema, SQLite dialect. Times are Unix microseconds (UTC) in
-- BIGINT columns; due dates are TEXT YYYY-MM-DD; booleans are 0/1.

CREATE TABLE counties (
    code                   TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    two_way                BOOLEAN NOT NULL DEFAULT FALSE,
    response_business_days INTEGER NOT NULL DEFAULT 2
);

CREATE TABLE workers (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    county        TEXT NOT NULL REFERENCES counties (code),
    password_hash TEXT NOT NULL,
    rights        TEXT NOT NULL DEFAULT '', -- comma separated
    disabled      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE ssp_accounts (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    e_notification BOOLEAN NOT NULL DEFAULT FALSE,
    language       TEXT NOT NULL DEFAULT 'en',
    disabled       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE documents (
    code         TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    ssp_sendable BOOLEAN NOT NULL DEFAULT FALSE,
    pdf          BLOB
);

CREATE TABLE cases (
    id     INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    county TEXT NOT NULL REFERENCES counties (code),
    status TEXT NOT NULL
);
CREATE INDEX cases_county ON cases (county);

CREATE TABLE case_programs (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    code      TEXT NOT NULL,
    worker_id INTEGER NOT NULL REFERENCES workers (id),
    UNIQUE (case_id, code)
);
-- The caseload of a worker (R10).
CREATE INDEX case_programs_worker ON case_programs (worker_id, case_id);

CREATE TABLE persons (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    person_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    account_id INTEGER REFERENCES ssp_accounts (id),
    UNIQUE (case_id, person_id)
);
-- The persons of a customer's inbox.
CREATE INDEX persons_account ON persons (account_id);

CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    legacy_id     TEXT UNIQUE,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    county        TEXT NOT NULL, -- the case's county, copied for the county searches
    person_key    INTEGER NOT NULL REFERENCES persons (id),
    account_id    INTEGER, -- the person's SSP account when the record was written
    type          TEXT NOT NULL,
    action_type   TEXT,
    document_code TEXT REFERENCES documents (code),
    direction     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    author_kind   TEXT NOT NULL,
    author_id     BIGINT NOT NULL DEFAULT 0,
    author_name   TEXT NOT NULL,
    due_date      TEXT,
    viewed_at     BIGINT,
    thread_id     TEXT NOT NULL,
    in_reply_to   TEXT
);
-- Search by case, and the caseload searches (case_id IN the worker's cases).
CREATE INDEX messages_case ON messages (case_id, created_at DESC, id DESC);
-- Searches over the whole county, with or without one status.
CREATE INDEX messages_county ON messages (county, created_at DESC, id DESC);
CREATE INDEX messages_county_status ON messages (county, status, created_at DESC, id DESC);
-- The customer inbox.
CREATE INDEX messages_person ON messages (person_key, created_at DESC, id DESC);
-- Threads, oldest first.
CREATE INDEX messages_thread ON messages (thread_id, created_at);
-- Home counts: only the records that may need the worker, covering the counts.
CREATE INDEX messages_open ON messages (case_id, status, created_at, due_date)
    WHERE status IN ('received', 'read', 'action_completed', 'new_action');

CREATE TABLE message_history (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL REFERENCES messages (id),
    status      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    by_kind     TEXT NOT NULL,
    by_id       BIGINT NOT NULL DEFAULT 0,
    by_username TEXT NOT NULL,
    by_name     TEXT NOT NULL
);
CREATE INDEX message_history_message ON message_history (message_id, at);

CREATE TABLE uploads (
    id           INTEGER PRIMARY KEY,
    message_id   TEXT NOT NULL REFERENCES messages (id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    storage_name TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_at  BIGINT NOT NULL,
    account_id   INTEGER NOT NULL
);
CREATE INDEX uploads_message ON uploads (message_id);

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE REFERENCES messages (id),
    account_id   INTEGER NOT NULL,
    email        TEXT NOT NULL,
    language     TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    mail_id      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    sent_at      BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    leased_until BIGINT
);
CREATE INDEX notifications_due ON notifications (status, next_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    BIGINT NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
