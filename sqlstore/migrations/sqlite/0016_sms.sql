-- Text-message e-Notification (SPEC 20). An SSP account's mobile phone
-- (E.164, '' for none) and whether texts go to it; sms_stopped says the
-- customer turned them off by answering STOP, for the settings page.
ALTER TABLE ssp_accounts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE ssp_accounts ADD COLUMN sms_notification BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ssp_accounts ADD COLUMN sms_stopped BOOLEAN NOT NULL DEFAULT FALSE;
-- An inbound STOP or START finds the accounts of its phone.
CREATE INDEX ssp_accounts_phone ON ssp_accounts (phone) WHERE phone <> '';

-- The texts' outbox, written by Apply in the transaction of the record
-- that queues a text and emptied by the text dispatcher as the
-- e-Notification queue is: a lease per claim, retries at next_at, given
-- up (state 'failed') after 72 hours. A text holds no words: they are
-- made when it is sent, from its language and the portal's address.
-- message_id is the record that queued it (no foreign key: the archive
-- moves records, and a text is the account's, not the record's); folded
-- counts the later records it stands for.
CREATE TABLE texts (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES ssp_accounts (id),
    phone        TEXT NOT NULL,
    language     TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    folded       INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    sent_at      BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    leased_until BIGINT
);
-- The dispatcher's pick and the counts.
CREATE INDEX texts_due ON texts (state, next_at, id);
-- At most one text waits for an account: later records fold into it.
CREATE UNIQUE INDEX texts_pending_account ON texts (account_id) WHERE state = 'pending';
-- The account's latest text, for folding.
CREATE INDEX texts_account ON texts (account_id, id);
