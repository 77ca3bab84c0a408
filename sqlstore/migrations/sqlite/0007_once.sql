-- Sending once (SPEC section 19): the keys of requests that create
-- something, by caller, with a fingerprint of the request and, once it is
-- answered, the answer to give again. A key is kept 24 hours; a pending
-- claim older than the lease is taken over by the next request with it.
CREATE TABLE once_keys (
    caller      TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL, -- 'pending' or 'done'
    status      INTEGER NOT NULL DEFAULT 0,
    body        BLOB,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX once_keys_created ON once_keys (created_at);
