-- The workers' second factor (ASVS V6.4-V6.6). On workers: the base32 secret
-- of the authenticator app ('' for none), the time step of the last code
-- taken (each code is good once), and a secret being set up with when it was
-- made, until a code from the app confirms it. Recovery codes are single use
-- and kept as SHA-256 hashes only. A sign-in whose password was right waits
-- for the code in mfa_challenges (only its token's hash), never as a session.
ALTER TABLE workers ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE workers ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE workers ADD COLUMN totp_pending_at BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recovery_codes (
    worker_id BIGINT NOT NULL REFERENCES workers (id),
    code_hash TEXT COLLATE "C" NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (worker_id, code_hash)
);

CREATE TABLE mfa_challenges (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    worker_id  BIGINT NOT NULL REFERENCES workers (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX mfa_challenges_expires ON mfa_challenges (expires_at);
