package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/county/emessage"
)

// ClaimOnce records a request made once, or answers why it may not go on
// (emessage.OnceStore). It runs in one write transaction, so that of two
// requests with the same key one claims it and the other waits or is told.
func (s *Store) ClaimOnce(ctx context.Context, caller, key, fingerprint string, now time.Time) (*emessage.OnceAnswer, error) {
	var answer *emessage.OnceAnswer
	err := s.write(ctx, func(tx runner) error {
		answer = nil
		// Keys past their window are free again: gone before the look.
		if _, err := tx.exec(ctx, `DELETE FROM once_keys WHERE created_at < $1`, micros(now.Add(-emessage.OnceWindow))); err != nil {
			return err
		}
		var (
			fp, state string
			status    int
			body      []byte
			createdAt int64
		)
		err := tx.queryRow(ctx, `SELECT fingerprint, state, status, body, created_at FROM once_keys
			WHERE caller = $1 AND key = $2`, caller, key).Scan(&fp, &state, &status, &body, &createdAt)
		seen := err == nil
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case fp != fingerprint:
			return emessage.FieldError(emessage.EIdempotencyReused, "Idempotency-Key",
				"This Idempotency-Key was used for another request; use a new key for a new request.")
		case state == "done":
			answer = &emessage.OnceAnswer{Status: status, Body: body}
			return nil
		case fromMicros(createdAt).After(now.Add(-emessage.OnceLease)):
			return inProgress()
		case state == "carried_out":
			// Its records were written, but its server stopped before
			// keeping the answer: making it again would make them twice.
			return emessage.Errorf(emessage.EConflict,
				"The request with this Idempotency-Key was carried out (e-Message %s), but its answer was lost when the server stopped; look the e-Message up instead of sending again.", body)
		}
		// New, or a pending claim whose server did not answer. The claim
		// holds only if the key is still as it was seen: on PostgreSQL two
		// requests may both have seen no row (or the same stale one), and
		// the second to write must not take the first one's claim over.
		var n int64
		if seen {
			n, err = tx.execN(ctx, `UPDATE once_keys SET state = 'pending', status = 0, body = NULL, created_at = $1
				WHERE caller = $2 AND key = $3 AND state = 'pending' AND created_at = $4`, micros(now), caller, key, createdAt)
		} else {
			n, err = tx.execN(ctx, `INSERT INTO once_keys (caller, key, fingerprint, state, created_at) VALUES ($1, $2, $3, 'pending', $4)
				ON CONFLICT (caller, key) DO NOTHING`, caller, key, fingerprint, micros(now))
		}
		if err == nil && n == 0 {
			return inProgress()
		}
		return err
	})
	return answer, err
}

func inProgress() error {
	return emessage.Errorf(emessage.ERequestInProgress,
		"The first request with this Idempotency-Key is still being answered; try again in a moment.")
}

// markOnceCarriedOut marks the claim of the request in ctx, if any, as
// carried out when ch creates records (the first such change of the
// request), keeping what it made: the new record, or the record uploaded
// to.
func markOnceCarriedOut(ctx context.Context, tx runner, ch *emessage.Change) error {
	c, ok := emessage.OnceClaimFrom(ctx)
	if !ok {
		return nil
	}
	made := ""
	switch {
	case len(ch.Messages) > 0:
		made = ch.Messages[0].ID
	case len(ch.Uploads) > 0:
		made = ch.UploadsTo
	default:
		return nil
	}
	_, err := tx.exec(ctx, `UPDATE once_keys SET state = 'carried_out', body = $1 WHERE caller = $2 AND key = $3 AND state = 'pending'`,
		[]byte(made), c.Caller, c.Key)
	return err
}

// FinishOnce keeps the answer of a claimed request.
func (s *Store) FinishOnce(ctx context.Context, caller, key string, answer emessage.OnceAnswer) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `UPDATE once_keys SET state = 'done', status = $1, body = $2 WHERE caller = $3 AND key = $4`,
			answer.Status, answer.Body, caller, key)
		return err
	})
}

// ReleaseOnce forgets a claim.
func (s *Store) ReleaseOnce(ctx context.Context, caller, key string) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `DELETE FROM once_keys WHERE caller = $1 AND key = $2 AND state = 'pending'`, caller, key)
		return err
	})
}
