package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"github.com/county/emessage"
)

// insertText queues a text-message e-Notification (SPEC 20), or folds it
// into the account's latest text when emessage.TextFolds says so: then t
// takes that text's ID and state, and the text counts one more folded
// record. The account's row is locked first (FOR UPDATE; in SQLite the
// transaction holds the whole database), so that two records written at
// once for one account look at the same latest text one after the other
// and queue one text between them.
func insertText(ctx context.Context, tx runner, t *emessage.Text) error {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM ssp_accounts WHERE id = $1`+tx.d.forUpdate, t.AccountID).Scan(&id)
	if err != nil {
		return notFound(err, "Account")
	}
	var prev emessage.Text
	var sent sql.NullInt64
	err = tx.queryRow(ctx, `SELECT id, state, sent_at FROM texts
		WHERE account_id = $1 AND state IN ('pending', 'sent') ORDER BY id DESC LIMIT 1`, t.AccountID).
		Scan(&prev.ID, &prev.State, &sent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil {
		prev.SentAt = timePtr(sent)
		if emessage.TextFolds(prev, t.CreatedAt) {
			t.ID, t.State = prev.ID, prev.State
			_, err := tx.exec(ctx, `UPDATE texts SET folded = folded + 1 WHERE id = $1`, prev.ID)
			return err
		}
	}
	if t.State == "" {
		t.State = emessage.TextPending
	}
	return tx.queryRow(ctx, `INSERT INTO texts (account_id, phone, language, message_id, folded, state,
			attempts, next_at, created_at, last_error)
		VALUES ($1, $2, $3, $4, 0, $5, 0, $6, $7, '') RETURNING id`,
		t.AccountID, t.Phone, t.Language, t.MessageID, string(t.State), micros(t.NextAt), micros(t.CreatedAt)).Scan(&t.ID)
}

// ClaimTexts leases up to limit pending texts due at now until leaseUntil,
// oldest due first, as ClaimNotifications leases emails: two servers never
// claim the same text while its lease lasts.
func (s *Store) ClaimTexts(ctx context.Context, now, leaseUntil time.Time, limit int) ([]emessage.Text, error) {
	return outboxClaim(ctx, s, textQueue, now, leaseUntil, limit, scanText,
		func(t emessage.Text) (time.Time, int64) { return t.NextAt, t.ID })
}

func scanText(r scanner, t *emessage.Text) error {
	var next, created int64
	var sent, leased sql.NullInt64
	err := r.Scan(&t.ID, &t.AccountID, &t.Phone, &t.Language, &t.MessageID, &t.Folded, &t.State, &t.Attempts, &next,
		&created, &sent, &t.LastError, &leased)
	t.NextAt, t.CreatedAt, t.SentAt, t.LeasedUntil = fromMicros(next), fromMicros(created), timePtr(sent), timePtr(leased)
	return err
}

// textQueue is the texts' outbox table.
var textQueue = outbox{table: "texts", state: "state", doneAt: "sent_at", what: "Text",
	columns: `id, account_id, phone, language, message_id, folded, state, attempts, next_at,
		created_at, sent_at, last_error, leased_until`}

// TextSent records the provider's acceptance.
func (s *Store) TextSent(ctx context.Context, id int64, at time.Time) error {
	return s.outboxDone(ctx, textQueue, id, string(emessage.TextSent), at)
}

// TextRetry schedules another try at next, or marks the text failed.
func (s *Store) TextRetry(ctx context.Context, id int64, next time.Time, lastError string, failed bool) error {
	return s.outboxRetry(ctx, textQueue, id, next, lastError, failed)
}

// TextHold puts a pending text off until next and lets its lease go,
// without counting a try.
func (s *Store) TextHold(ctx context.Context, id int64, next time.Time) error {
	return s.write(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `UPDATE texts SET next_at = $1, leased_until = NULL WHERE id = $2 AND state = 'pending'`,
			micros(next), id)
		return err
	})
}

// TextCounts returns how many texts wait and how many failed.
func (s *Store) TextCounts(ctx context.Context) (pending, failed int, err error) {
	pending, failed, _, err = s.outboxCounts(ctx, textQueue)
	return pending, failed, err
}

// Texts lists the texts queued for an account, oldest first (for tests
// and support).
func (s *Store) Texts(ctx context.Context, accountID int64) ([]emessage.Text, error) {
	rows, err := s.read().query(ctx, `SELECT `+textQueue.columns+` FROM texts WHERE account_id = $1 ORDER BY id`,
		accountID)
	return collect(rows, err, scanText)
}

// SetTextsByPhone turns texts off (STOP: and marks them stopped, and calls
// off the texts waiting) or on again (START) for every account of phone
// whose setting changes, with audit, one entry per account (ObjectID the
// username). It returns the usernames changed.
func (s *Store) SetTextsByPhone(ctx context.Context, phone string, on bool, audit emessage.AuditEntry) ([]string, error) {
	var names []string
	err := s.write(ctx, func(tx runner) error {
		query := `UPDATE ssp_accounts SET sms_notification = FALSE, sms_stopped = TRUE
			WHERE phone = $1 AND (sms_notification OR NOT sms_stopped) RETURNING username`
		if on {
			query = `UPDATE ssp_accounts SET sms_notification = TRUE, sms_stopped = FALSE
				WHERE phone = $1 AND (NOT sms_notification OR sms_stopped) RETURNING username`
		}
		rows, err := tx.query(ctx, query, phone)
		names, err = collect(rows, err, func(r scanner, name *string) error { return r.Scan(name) })
		if err != nil {
			return err
		}
		sort.Strings(names)
		if !on {
			_, err := tx.exec(ctx, `UPDATE texts SET state = 'failed', last_error = 'the customer answered STOP',
				leased_until = NULL WHERE phone = $1 AND state = 'pending'`, phone)
			if err != nil {
				return err
			}
		}
		entries := make([]emessage.AuditEntry, len(names))
		for i, name := range names {
			entries[i] = audit
			entries[i].ObjectID = name
		}
		return appendAudit(ctx, tx, entries...)
	})
	return names, err
}

// callOffTexts gives up the texts waiting for an account that no longer
// takes them there: texts off, another phone, or the account disabled.
func callOffTexts(ctx context.Context, tx runner, accountID int64, why string) error {
	_, err := tx.exec(ctx, `UPDATE texts SET state = 'failed', last_error = $2, leased_until = NULL
		WHERE account_id = $1 AND state = 'pending' AND EXISTS (SELECT 1 FROM ssp_accounts a
			WHERE a.id = texts.account_id AND (NOT a.sms_notification OR a.disabled OR a.phone <> texts.phone))`,
		accountID, why)
	return err
}
