package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/county/emessage"
)

// outbox is a queue table that a dispatcher empties, claiming rows under a
// lease and retrying them at next_at: the e-Notification emails, the
// webhook events and the texts. Their columns differ only in name.
type outbox struct {
	table   string
	state   string // the column of pending, done or failed
	doneAt  string // the column of when it was done
	what    string // for the not-found error
	columns string // a claimed row's columns, as its scan reads them
	only    string // what else a claimed row q must meet ("AND ...")
}

// outboxClaim leases up to limit pending rows of o due at now until
// leaseUntil, oldest due first (due says when, and the id). The lease is
// taken in a write transaction, so two claimers never claim the same row
// while its lease lasts.
func outboxClaim[T any](ctx context.Context, s *Store, o outbox, now, leaseUntil time.Time, limit int,
	scan func(scanner, *T) error, due func(T) (time.Time, int64)) ([]T, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []T
	err := s.write(ctx, func(tx runner) error {
		// The lease is taken on the rows the materialized query picked: a
		// subquery in the WHERE clause could be run again for each row and,
		// passing over the rows this very statement had just leased, pick
		// more than limit. The outer conditions repeat the inner ones so
		// that a database with row locks re-checks them on rows another
		// claimer just leased; there (PostgreSQL) the inner query also
		// passes over the rows another process is claiming (SKIP LOCKED)
		// instead of waiting.
		rows, err := tx.query(ctx, `WITH picked AS MATERIALIZED (SELECT q.id FROM `+o.table+` q
				WHERE q.`+o.state+` = 'pending' AND q.next_at <= $2 AND (q.leased_until IS NULL OR q.leased_until < $2)
					`+o.only+`
				ORDER BY q.next_at, q.id LIMIT $3`+tx.d.skipLocked+`)
			UPDATE `+o.table+` SET leased_until = $1
			WHERE id IN (SELECT id FROM picked)
				AND `+o.state+` = 'pending' AND (leased_until IS NULL OR leased_until < $2)
			RETURNING `+o.columns,
			micros(leaseUntil), micros(now), limit)
		out, err = collect(rows, err, scan)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b T) int {
		at, aid := due(a)
		bt, bid := due(b)
		return cmp.Or(at.Compare(bt), cmp.Compare(aid, bid))
	})
	return out, nil
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
func (s *Store) outboxRetry(ctx context.Context, o outbox, id int64, next time.Time, lastError string, failed bool) error {
	state := "pending"
	if failed {
		state = "failed"
	}
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

// outboxCounts returns how many rows of o wait, how many failed, and when
// the oldest waiting one was queued (zero when none).
func (s *Store) outboxCounts(ctx context.Context, o outbox) (pending, failed int, oldest time.Time, err error) {
	var first sql.NullInt64
	err = s.read().queryRow(ctx, `SELECT
			COUNT(CASE WHEN `+o.state+` = 'pending' THEN 1 END),
			COUNT(CASE WHEN `+o.state+` = 'failed' THEN 1 END),
			MIN(CASE WHEN `+o.state+` = 'pending' THEN created_at END)
		FROM `+o.table+` WHERE `+o.state+` IN ('pending', 'failed')`).Scan(&pending, &failed, &first)
	if first.Valid {
		oldest = fromMicros(first.Int64)
	}
	return pending, failed, oldest, err
}
