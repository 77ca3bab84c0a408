-- The outbox of webhook events (SPEC 16), written by Apply in the
-- transaction of the change each event tells of, and emptied by the webhook
-- dispatcher as the e-Notification queue is: a lease per claim, retries at
-- next_at, given up (state 'failed') after 72 hours. id is the outbox's
-- order: the events of one record go out one after the other in it;
-- event_id is the id the receiver sees and deduplicates by.
CREATE TABLE webhook_events (
    id           INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    message_id   TEXT NOT NULL REFERENCES messages (id),
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
-- The dispatcher's pick (due pending events, in order) and the counts.
CREATE INDEX webhook_events_due ON webhook_events (state, next_at, id);
-- "Is an earlier event of this record still pending?"
CREATE INDEX webhook_events_message ON webhook_events (message_id, id) WHERE state = 'pending';
