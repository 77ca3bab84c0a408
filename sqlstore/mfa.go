package sqlstore

import (
	"context"
	"time"

	"github.com/county/emessage"
)

// The workers' second factor: the authenticator app's secret and last step
// on workers, recovery codes (hashes), half-done sign-ins (token hashes).

// Worker returns a worker by id, disabled or not.
func (s *Store) Worker(ctx context.Context, id int64) (*emessage.Worker, error) {
	var w emessage.Worker
	err := scanWorker(s.read().queryRow(ctx, `SELECT `+workerColumns+` FROM workers WHERE id = $1`, id), &w)
	if err != nil {
		return nil, notFound(err, "Worker")
	}
	return &w, nil
}

// SetPendingTOTP keeps a secret being set up, replacing any other.
func (s *Store) SetPendingTOTP(ctx context.Context, workerID int64, secret string, at time.Time) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE workers SET totp_pending = $1, totp_pending_at = $2 WHERE id = $3`,
			secret, micros(at), workerID)
		if err == nil && n == 0 {
			err = emessage.NotFound("Worker")
		}
		return err
	})
}

// EnableTOTP makes the pending secret the worker's, if it is still the
// pending one, replaces the recovery codes and ends the worker's sessions
// but keep.
func (s *Store) EnableTOTP(ctx context.Context, workerID int64, keep, secret string, step int64, codeHashes []string, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE workers SET totp_secret = totp_pending, totp_last_step = $1,
				totp_pending = '', totp_pending_at = 0
			WHERE id = $2 AND totp_pending = $3 AND totp_pending <> ''`, step, workerID, secret)
		if err != nil {
			return err
		}
		if n == 0 {
			return emessage.Errorf(emessage.EConflict, "The set-up changed meanwhile (another window?). Please start again.")
		}
		if err := replaceRecoveryCodes(ctx, tx, workerID, codeHashes); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND role <> 'ssp' AND token_hash <> $2`, workerID, keep); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

// DisableTOTP forgets the secret, pending or not, and the recovery codes.
func (s *Store) DisableTOTP(ctx context.Context, workerID int64, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE workers SET totp_secret = '', totp_pending = '', totp_pending_at = 0 WHERE id = $1`, workerID)
		if err != nil {
			return err
		}
		if n == 0 {
			return emessage.NotFound("Worker")
		}
		if err := replaceRecoveryCodes(ctx, tx, workerID, nil); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM mfa_challenges WHERE worker_id = $1`, workerID); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

// ReplaceRecoveryCodes replaces the worker's recovery codes.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, workerID int64, codeHashes []string, audit emessage.AuditEntry) error {
	return s.write(ctx, func(tx runner) error {
		if err := replaceRecoveryCodes(ctx, tx, workerID, codeHashes); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

func replaceRecoveryCodes(ctx context.Context, tx runner, workerID int64, codeHashes []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE worker_id = $1`, workerID); err != nil {
		return err
	}
	for _, h := range codeHashes {
		if _, err := tx.exec(ctx, `INSERT INTO recovery_codes (worker_id, code_hash) VALUES ($1, $2)`, workerID, h); err != nil {
			return err
		}
	}
	return nil
}

// RecoveryCodesLeft counts the worker's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, workerID int64) (int, error) {
	var n int
	err := s.read().queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE worker_id = $1 AND used_at IS NULL`, workerID).Scan(&n)
	return n, err
}

// UseTOTPStep records step as the last used, only if it is after the last
// one: the condition in the UPDATE makes two sign-ins with the same code
// (in one process or several) pass once.
func (s *Store) UseTOTPStep(ctx context.Context, workerID, step int64) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx runner) error {
		var err error
		n, err = tx.execN(ctx, `UPDATE workers SET totp_last_step = $1
			WHERE id = $2 AND totp_secret <> '' AND totp_last_step < $1`, step, workerID)
		return err
	})
	return n == 1, err
}

// UseRecoveryCode marks an unused code used, once.
func (s *Store) UseRecoveryCode(ctx context.Context, workerID int64, codeHash string, at time.Time) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx runner) error {
		var err error
		n, err = tx.execN(ctx, `UPDATE recovery_codes SET used_at = $1
			WHERE worker_id = $2 AND code_hash = $3 AND used_at IS NULL`, micros(at), workerID, codeHash)
		return err
	})
	return n == 1, err
}

// CreateMFAChallenge keeps a half-done sign-in, and drops those that expired.
func (s *Store) CreateMFAChallenge(ctx context.Context, c emessage.MFAChallenge) error {
	return s.write(ctx, func(tx runner) error {
		if _, err := tx.exec(ctx, `DELETE FROM mfa_challenges WHERE expires_at <= $1`, micros(c.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO mfa_challenges (token_hash, worker_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			c.TokenHash, c.WorkerID, micros(c.CreatedAt), micros(c.ExpiresAt))
		return err
	})
}

// MFAChallenge returns a half-done sign-in not past its end.
func (s *Store) MFAChallenge(ctx context.Context, tokenHash string, now time.Time) (emessage.MFAChallenge, error) {
	c := emessage.MFAChallenge{TokenHash: tokenHash}
	var created, expires int64
	err := s.read().queryRow(ctx, `SELECT worker_id, created_at, expires_at FROM mfa_challenges
		WHERE token_hash = $1 AND expires_at > $2`, tokenHash, micros(now)).Scan(&c.WorkerID, &created, &expires)
	if err != nil {
		return emessage.MFAChallenge{}, notFound(err, "Sign-in")
	}
	c.CreatedAt, c.ExpiresAt = fromMicros(created), fromMicros(expires)
	return c, nil
}

// DeleteMFAChallenge ends a half-done sign-in; ending one that is gone is not an error.
func (s *Store) DeleteMFAChallenge(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `DELETE FROM mfa_challenges WHERE token_hash = $1`, tokenHash)
		return err
	})
}
