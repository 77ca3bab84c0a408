package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/county/emessage"
)

// ClaimNotifications leases up to limit pending notifications due at now
// until leaseUntil, oldest due first. The lease is taken in a write
// transaction, so two senders never claim the same notification while its
// lease lasts.
func (s *Store) ClaimNotifications(ctx context.Context, now, leaseUntil time.Time, limit int) ([]emessage.Notification, error) {
	return outboxClaim(ctx, s, notificationQueue, now, leaseUntil, limit, scanNotification,
		func(n emessage.Notification) (time.Time, int64) { return n.NextAt, n.ID })
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
var notificationQueue = outbox{table: "notifications", state: "status", doneAt: "sent_at", what: "Notification",
	columns: `id, message_id, account_id, email, language, status, attempts, next_at, mail_id,
		created_at, sent_at, last_error, leased_until`}

// NotificationSent records the mail server's acceptance.
func (s *Store) NotificationSent(ctx context.Context, id int64, at time.Time) error {
	return s.outboxDone(ctx, notificationQueue, id, "sent", at)
}

// NotificationRetry schedules another try at next, or marks the notification failed.
func (s *Store) NotificationRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error {
	return s.outboxRetry(ctx, notificationQueue, id, next, lastError, failed)
}

// NotificationCounts returns how many notifications wait and how many failed.
func (s *Store) NotificationCounts(ctx context.Context) (pending, failed int, err error) {
	pending, failed, _, err = s.outboxCounts(ctx, notificationQueue)
	return pending, failed, err
}
