-- Retention (issue 18): a county keeps its closed threads in the hot
-- tables for retention_years (0: for ever), then "emessage archive" (and
-- serve, nightly) moves them, whole threads with their history, uploads and
-- e-Notifications, into these tables of the same columns. Nothing is
-- deleted: a search with archived=true reads them, a record's address
-- still opens it, and the audit trail keeps every entry.
ALTER TABLE counties ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 0;

CREATE TABLE messages_archive (
    id            TEXT PRIMARY KEY,
    legacy_id     TEXT UNIQUE,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    county        TEXT NOT NULL,
    person_key    INTEGER NOT NULL REFERENCES persons (id),
    account_id    INTEGER,
    type          TEXT NOT NULL,
    action_type   TEXT,
    document_code TEXT,
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
    in_reply_to   TEXT,
    program       TEXT NOT NULL DEFAULT '',
    archived_at   BIGINT NOT NULL
);
CREATE INDEX messages_archive_case ON messages_archive (case_id, created_at DESC, id DESC);
CREATE INDEX messages_archive_county ON messages_archive (county, created_at DESC, id DESC);
CREATE INDEX messages_archive_thread ON messages_archive (thread_id, created_at);

CREATE TABLE message_history_archive (
    id          BIGINT PRIMARY KEY,
    message_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    by_kind     TEXT NOT NULL,
    by_id       BIGINT NOT NULL DEFAULT 0,
    by_username TEXT NOT NULL,
    by_name     TEXT NOT NULL
);
CREATE INDEX message_history_archive_message ON message_history_archive (message_id, at);

CREATE TABLE uploads_archive (
    id           BIGINT PRIMARY KEY,
    message_id   TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    storage_name TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_at  BIGINT NOT NULL,
    account_id   BIGINT NOT NULL,
    public_id    TEXT NOT NULL UNIQUE,
    trimmed      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX uploads_archive_message ON uploads_archive (message_id);

CREATE TABLE notifications_archive (
    id           BIGINT PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE,
    account_id   BIGINT NOT NULL,
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

-- The webhook outbox's events of archived records (migration 0012).
CREATE TABLE webhook_events_archive (
    id           BIGINT PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    message_id   TEXT NOT NULL,
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    county       TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    leased_until BIGINT
);
