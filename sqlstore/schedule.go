package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/county/emessage"
)

// Scheduled send (SPEC 22). A scheduled record is released, or cancelled,
// by one UPDATE guarded by "still scheduled and not cancelled": on
// PostgreSQL a second transaction updating the same row waits for the
// first to end and then finds the guard false (READ COMMITTED re-checks
// the row), on SQLite writes take turns; either way exactly one of them
// matches the row and the other changes nothing and fails the whole of its
// change, the email and webhook events it meant to queue with it.

// release sends a scheduled record: it is dated by the release (the time it
// reached the customer) and gets the history entry "released".
func release(ctx context.Context, tx runner, r *emessage.ReleaseChange) error {
	m := r.Message
	n, err := tx.execN(ctx, `UPDATE messages SET scheduled = FALSE, created_at = $1, updated_at = $1
		WHERE id = $2 AND scheduled AND NOT cancelled`, micros(r.At), m.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return emessage.Errorf(emessage.EInvalidTransition, "e-Message %s is not waiting for its send time any more.", m.ID)
	}
	return insertHistory(ctx, tx, m.ID, m.Status, r.At, author{m.AuthorKind, m.AuthorID, m.AuthorUsername}, emessage.NoteReleased)
}

// cancelScheduled cancels a scheduled record, which moves to c.To, with the
// history entry "cancelled" by the worker.
func cancelScheduled(ctx context.Context, tx runner, c *emessage.CancelChange) error {
	n, err := tx.execN(ctx, `UPDATE messages SET scheduled = FALSE, cancelled = TRUE, status = $1, updated_at = $2
		WHERE id = $3 AND scheduled AND NOT cancelled`, string(c.To), micros(c.At), c.MessageID)
	if err != nil {
		return err
	}
	if n == 0 {
		return emessage.Errorf(emessage.EInvalidTransition, "e-Message %s is not waiting for its send time any more.", c.MessageID)
	}
	return insertHistory(ctx, tx, c.MessageID, c.To, c.At, author{c.By.Kind(), c.By.ID, c.By.Username}, emessage.NoteCancelled)
}

// DueScheduled lists the ids of up to limit scheduled records due at now,
// earliest first, from the partial index messages_scheduled.
func (s *Store) DueScheduled(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := s.read().query(ctx, `SELECT id FROM messages WHERE scheduled AND send_at <= $1
		ORDER BY send_at, id LIMIT $2`, micros(now), limit)
	return collect(rows, err, func(r scanner, id *string) error { return r.Scan(id) })
}

// ScheduledWaiting counts the scheduled records and finds the earliest
// send time among them.
func (s *Store) ScheduledWaiting(ctx context.Context) (int, time.Time, error) {
	var n int
	var next sql.NullInt64
	err := s.read().queryRow(ctx, `SELECT COUNT(*), MIN(send_at) FROM messages WHERE scheduled`).Scan(&n, &next)
	if err != nil || !next.Valid {
		return n, time.Time{}, err
	}
	return n, fromMicros(next.Int64), nil
}
