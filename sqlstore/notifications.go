package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/county/emessage"
)

// ClaimNotifications leases up to limit pending notifications due at now
// until leaseUntil, oldest due first. The lease is taken in a write
// transaction, so two senders never claim the same notification while its
// lease lasts.
func (s *Store) ClaimNotifications(ctx context.Context, now, leaseUntil time.Time, limit int) ([]emessage.Notification, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []emessage.Notification
	err := s.write(ctx, func(tx runner) error {
		// The lease is taken on the rows the materialized query picked: a
		// subquery in the WHERE clause could be run again for each row and,
		// passing over the rows this very statement had just leased, pick
		// more than limit. The outer conditions repeat the inner ones so
		// that a database with row locks re-checks them on rows another
		// claimer just leased; there (PostgreSQL) the inner query also
		// passes over the rows another process is claiming (SKIP LOCKED)
		// instead of waiting.
		rows, err := tx.query(ctx, `WITH picked AS MATERIALIZED (SELECT id FROM notifications
				WHERE status = 'pending' AND next_at <= $2 AND (leased_until IS NULL OR leased_until < $2)
				ORDER BY next_at, id LIMIT $3`+tx.d.skipLocked+`)
			UPDATE notifications SET leased_until = $1
			WHERE id IN (SELECT id FROM picked)
				AND status = 'pending' AND (leased_until IS NULL OR leased_until < $2)
			RETURNING id, message_id, account_id, email, language, status, attempts, next_at, mail_id,
				created_at, sent_at, last_error, leased_until`,
			micros(leaseUntil), micros(now), limit)
		out, err = collect(rows, err, scanNotification)
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextAt.Equal(out[j].NextAt) {
			return out[i].NextAt.Before(out[j].NextAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func scanNotification(r scanner, n *emessage.Notification) error {
	var next, created int64
	var sent, leased sql.NullInt64
	err := r.Scan(&n.ID, &n.MessageID, &n.AccountID, &n.Email, &n.Language, &n.Status, &n.Attempts, &next,
		&n.MailID, &created, &sent, &n.LastError, &leased)
	n.NextAt, n.CreatedAt, n.SentAt, n.LeasedUntil = fromMicros(next), fromMicros(created), timePtr(sent), timePtr(leased)
	return err
}

// notificationQueue is the e-Notification email queue's table.
var notificationQueue = outbox{table: "notifications", state: "status", doneAt: "sent_at", what: "Notification"}

// NotificationSent records the mail server's acceptance.
func (s *Store) NotificationSent(ctx context.Context, id int64, at time.Time) error {
	return s.outboxDone(ctx, notificationQueue, id, "sent", at)
}

// NotificationRetry schedules another try at next, or marks the notification failed.
func (s *Store) NotificationRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error {
	status := emessage.NotificationPending
	if failed {
		status = emessage.NotificationFailed
	}
	return s.outboxRetry(ctx, notificationQueue, id, next, lastError, string(status))
}

// NotificationCounts returns how many notifications wait and how many failed.
func (s *Store) NotificationCounts(ctx context.Context) (pending, failed int, err error) {
	err = s.read().queryRow(ctx, `SELECT
			COUNT(CASE WHEN status = 'pending' THEN 1 END),
			COUNT(CASE WHEN status = 'failed' THEN 1 END)
		FROM notifications WHERE status IN ('pending', 'failed')`).Scan(&pending, &failed)
	return pending, failed, err
}
