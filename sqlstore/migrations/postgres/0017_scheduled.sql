-- Scheduled send (SPEC 22): a worker's record may wait until send_at
-- (Unix microseconds) with scheduled set, listed for workers but invisible
-- to the customer, and announced (email, webhook) only when the release
-- loop of one of the servers flips scheduled off at its time. A record
-- cancelled before its time has cancelled set and is never shown to the
-- customer. The archive keeps the same columns.
ALTER TABLE messages ADD COLUMN send_at BIGINT;
ALTER TABLE messages ADD COLUMN scheduled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN cancelled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages_archive ADD COLUMN send_at BIGINT;
ALTER TABLE messages_archive ADD COLUMN scheduled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages_archive ADD COLUMN cancelled BOOLEAN NOT NULL DEFAULT FALSE;

-- The release loop's pick ("which records are due?") and the count of
-- those waiting: only the few records still scheduled are in it.
CREATE INDEX messages_scheduled ON messages (send_at, id) WHERE scheduled;

-- What a history entry says besides its status: "scheduled" (written to go
-- out at send_at), "released" (gone out at its time), "cancelled"
-- (cancelled before sending); '' for an ordinary status change.
ALTER TABLE message_history ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE message_history_archive ADD COLUMN note TEXT NOT NULL DEFAULT '';
