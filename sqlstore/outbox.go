package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/county/emessage"
)

// outbox is a queue table that a dispatcher empties, claiming rows under a
// lease and retrying them at next_at: the e-Notification emails and the
// webhook events. Their columns differ only in name.
type outbox struct {
	table  string
	state  string // the column of pending, done or failed
	doneAt string // the column of when it was done
	what   string // for the not-found error
}

// outboxDone records a row's delivery, in state done.
func (s *Store) outboxDone(ctx context.Context, o outbox, id int64, done string, at time.Time) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE `+o.table+` SET `+o.state+` = $1, `+o.doneAt+` = $2, leased_until = NULL
			WHERE id = $3`, done, micros(at), id)
		if err == nil && n == 0 {
			return emessage.NotFound(o.what)
		}
		return err
	})
}

// outboxRetry schedules another try of a pending row at next, or gives it
// up (state failed).
func (s *Store) outboxRetry(ctx context.Context, o outbox, id int64, next time.Time, lastError, state string) error {
	return s.write(ctx, func(tx runner) error {
		n, err := tx.execN(ctx, `UPDATE `+o.table+` SET attempts = attempts + 1, next_at = $1, last_error = $2,
				leased_until = NULL, `+o.state+` = $3
			WHERE id = $4 AND `+o.state+` = 'pending'`, micros(next), lastError, state, id)
		if err == nil && n == 0 {
			return emessage.NotFound("Pending " + strings.ToLower(o.what))
		}
		return err
	})
}
