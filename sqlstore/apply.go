package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/county/emessage"
)

// Apply writes a change in one write transaction, or nothing: the new
// records and their first history entries, the conditional status change
// and its history entry, the read receipt, the uploads, the notifications
// and texts,
// an operator's change to a sign-in, the webhook events and the audit
// entries. IDs given by the
// database are set on the change's uploads and notifications.
func (s *Store) Apply(ctx context.Context, ch *emessage.Change) error {
	return s.write(ctx, func(tx runner) error {
		if ch.Release != nil {
			if err := release(ctx, tx, ch.Release); err != nil {
				return err
			}
		}
		if ch.Cancel != nil {
			if err := cancelScheduled(ctx, tx, ch.Cancel); err != nil {
				return err
			}
		}
		for _, m := range ch.Messages {
			if err := insertMessage(ctx, tx, m); err != nil {
				return err
			}
			by := author{m.AuthorKind, m.AuthorID, m.AuthorUsername}
			var note emessage.HistoryNote
			if m.Scheduled {
				note = emessage.NoteScheduled
			}
			if err := insertHistory(ctx, tx, m.ID, m.Status, m.CreatedAt, by, note); err != nil {
				return err
			}
		}
		if ch.Status != nil {
			if err := changeStatus(ctx, tx, ch.Status); err != nil {
				return err
			}
		}
		if v := ch.Viewed; v != nil {
			_, err := tx.exec(ctx, `UPDATE messages SET viewed_at = $1 WHERE id = $2 AND viewed_at IS NULL`,
				micros(v.At), v.MessageID)
			if err != nil {
				return err
			}
		}
		if len(ch.Uploads) > 0 {
			if err := insertUploads(ctx, tx, ch.UploadsTo, ch.UploadsWhile, ch.Uploads); err != nil {
				return err
			}
		}
		for i := range ch.Notifications {
			if err := insertNotification(ctx, tx, &ch.Notifications[i]); err != nil {
				return err
			}
		}
		for i := range ch.Texts {
			if err := insertText(ctx, tx, &ch.Texts[i]); err != nil {
				return err
			}
		}
		if ch.User != nil {
			if err := applyUserChange(ctx, tx, ch.User); err != nil {
				return err
			}
		}
		if err := markOnceCarriedOut(ctx, tx, ch); err != nil {
			return err
		}
		if err := queueEvents(ctx, tx, ch); err != nil {
			return err
		}
		return appendAudit(ctx, tx, ch.Audit...)
	})
}

// insertMessage writes a new record; its county is its case's.
func insertMessage(ctx context.Context, tx runner, m *emessage.Message) error {
	var doc string
	if m.Document != nil {
		doc = m.Document.Code
	}
	thread := m.ThreadID
	if thread == "" {
		thread = m.ID
	}
	return tx.later(ctx, nil, func(err error) error {
		if emessage.ErrorCode(err) == emessage.EConflict {
			return emessage.Errorf(emessage.EConflict, "e-Message %s already exists.", m.ID)
		}
		return err
	}, `INSERT INTO messages (id, legacy_id, case_id, county, person_key, account_id,
			type, action_type, document_code, direction, subject, body, status, created_at, updated_at,
			author_kind, author_id, author_name, due_date, viewed_at, thread_id, in_reply_to, program,
			send_at, scheduled, cancelled)
		VALUES ($1, $2, $3, (SELECT county FROM cases WHERE id = $3), $4, $5,
			$6, $7, $8, $9, $10, $11, $12, $13, $14,
			$15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25)`,
		m.ID, nullText(m.LegacyID), m.CaseID, m.PersonKey, nullID(m.AccountID),
		string(m.Type), nullText(string(m.ActionType)), nullText(doc), string(m.Direction), m.Subject, m.Body,
		string(m.Status), micros(m.CreatedAt), micros(updatedAt(m)),
		m.AuthorKind, m.AuthorID, m.AuthorUsername, nullText(m.DueDate), nullMicros(m.ViewedAt), thread, nullText(m.InReplyTo), m.Program,
		nullMicros(m.SendAt), m.Scheduled, m.Cancelled)
}

func updatedAt(m *emessage.Message) time.Time {
	if m.UpdatedAt.IsZero() {
		return m.CreatedAt
	}
	return m.UpdatedAt
}

// author is who made a status change, as history keeps it.
type author struct {
	kind     string
	id       int64
	username string
}

// insertHistory records a status change, with what else it tells (note,
// often ""); the name of a worker is looked up, an account is named by its
// username.
func insertHistory(ctx context.Context, tx runner, messageID string, st emessage.Status, at time.Time, by author, note emessage.HistoryNote) error {
	return tx.later(ctx, nil, nil, `INSERT INTO message_history (message_id, status, at, by_kind, by_id, by_username, by_name, note)
		VALUES ($1, $2, $3, $4, $5, $6,
			COALESCE((SELECT name FROM workers WHERE id = $5 AND $4 = 'worker'), $6), $7)`,
		messageID, string(st), micros(at), by.kind, by.id, by.username, string(note))
}

// changeStatus moves a record to c.To if it is still in one of c.From.
func changeStatus(ctx context.Context, tx runner, c *emessage.StatusChange) error {
	if len(c.From) == 0 {
		return emessage.Errorf(emessage.EInvalidTransition, "No e-Message can move to %s.", c.To.Label())
	}
	var a args
	query := "UPDATE messages SET status = " + a.add(string(c.To)) + ", updated_at = " + a.add(micros(c.At)) +
		" WHERE id = " + a.add(c.MessageID) + " AND status IN (" + a.list(c.From) + ")"
	n, err := tx.execN(ctx, query, a...)
	if err != nil {
		return err
	}
	if n == 0 {
		return transitionError(ctx, tx, c)
	}
	return insertHistory(ctx, tx, c.MessageID, c.To, c.At, author{c.By.Kind(), c.By.ID, c.By.Username}, "")
}

// transitionError explains why a conditional status change matched nothing.
func transitionError(ctx context.Context, tx runner, c *emessage.StatusChange) error {
	var now emessage.Status
	err := tx.queryRow(ctx, `SELECT status FROM messages WHERE id = $1`, c.MessageID).Scan(&now)
	if errors.Is(err, sql.ErrNoRows) {
		return emessage.NotFound("e-Message " + c.MessageID)
	}
	if err != nil {
		return err
	}
	return emessage.Errorf(emessage.EInvalidTransition, "The e-Message is %s now, so it cannot move to %s.",
		strings.ToLower(now.Label()), c.To.Label())
}

// insertUploads adds uploads to a record, refused when it would then hold
// more than MaxUploadsPerItem; counted inside the transaction.
func insertUploads(ctx context.Context, tx runner, messageID string, while []emessage.Status, ups []emessage.Upload) error {
	if messageID == "" {
		messageID = ups[0].MessageID
	}
	// The record stays locked until the transaction ends (FOR UPDATE; in
	// SQLite the transaction holds the whole database), so that two uploads
	// at once cannot both count the same uploads.
	var status emessage.Status
	err := tx.queryRow(ctx, `SELECT status FROM messages WHERE id = $1`+tx.d.forUpdate, messageID).Scan(&status)
	if err != nil {
		return notFound(err, "e-Message "+messageID)
	}
	if len(while) > 0 && !slices.Contains(while, status) {
		return emessage.Errorf(emessage.EInvalidTransition, "This request is %s; it takes no more documents.", status.Label())
	}
	var have int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM uploads WHERE message_id = $1`, messageID).Scan(&have); err != nil {
		return err
	}
	if have+len(ups) > emessage.MaxUploadsPerItem {
		return emessage.FieldError(emessage.ETooManyFiles, "file",
			"You can upload at most %d files to one request; it has %d already.", emessage.MaxUploadsPerItem, have)
	}
	for i := range ups {
		u := &ups[i]
		u.MessageID = messageID
		if u.PublicID == "" {
			return fmt.Errorf("upload %q has no public id", u.Filename)
		}
		err := tx.queryRow(ctx, `INSERT INTO uploads (public_id, message_id, filename, content_type, size,
				storage_name, sha256, uploaded_at, account_id, trimmed)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			u.PublicID, messageID, u.Filename, u.ContentType, u.Size, u.StorageName, u.SHA256, micros(u.UploadedAt),
			u.AccountID, u.Trimmed).Scan(&u.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

// insertNotification queues an e-Notification email; a second one for the
// same record is a conflict (R7: exactly one email).
func insertNotification(ctx context.Context, tx runner, n *emessage.Notification) error {
	status := n.Status
	if status == "" {
		status = emessage.NotificationPending
	}
	n.Status = status
	return tx.later(ctx, func(r scanner) error { return r.Scan(&n.ID) }, nil,
		`INSERT INTO notifications (message_id, account_id, email, language, status,
			attempts, next_at, mail_id, created_at, sent_at, last_error, leased_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		n.MessageID, n.AccountID, n.Email, n.Language, string(status), n.Attempts, micros(n.NextAt), n.MailID,
		micros(n.CreatedAt), nullMicros(n.SentAt), n.LastError, nullMicros(n.LeasedUntil))
}
