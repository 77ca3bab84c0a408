package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/county/emessage"
)

// queueEvents writes the webhook events of ch (SPEC 16) into the outbox,
// when ch asks for them: one for each new record (a scheduled one's when
// it is released), one for the status change, one for each upload. It runs last in Apply, when every row the
// change touches is already locked (the record of a status change or an
// upload; a new record is no other transaction's yet), so that on
// PostgreSQL too the outbox order of one record's events is the order in
// which their changes committed.
func queueEvents(ctx context.Context, tx runner, ch *emessage.Change) error {
	if !ch.Events {
		return nil
	}
	q := eventQueue{tx: tx, records: map[string]eventRecord{}}
	for _, m := range ch.Messages {
		if m.Scheduled {
			continue // told of when it goes out (SPEC 22): the release below
		}
		if err := q.add(ctx, emessage.EventMessageCreated, m.ID, m.Status, m.CreatedAt, ""); err != nil {
			return err
		}
	}
	if r := ch.Release; r != nil {
		if err := q.add(ctx, emessage.EventMessageCreated, r.Message.ID, "", r.At, ""); err != nil {
			return err
		}
	}
	if c := ch.Status; c != nil {
		if err := q.add(ctx, emessage.EventMessageStatusChanged, c.MessageID, c.To, c.At, ""); err != nil {
			return err
		}
	}
	for _, u := range ch.Uploads {
		if err := q.add(ctx, emessage.EventUploadCreated, u.MessageID, "", u.UploadedAt, u.PublicID); err != nil {
			return err
		}
	}
	return nil
}

// eventQueue queues the events of one change, reading each record's case
// once.
type eventQueue struct {
	tx      runner
	records map[string]eventRecord
}

// eventRecord is what an event says of its record besides its id.
type eventRecord struct {
	county, caseNumber, program string
	status                      emessage.Status
}

// add queues one event; status "" is the record's status after the change.
func (q *eventQueue) add(ctx context.Context, typ emessage.EventType, messageID string, status emessage.Status, at time.Time, uploadID string) error {
	r, ok := q.records[messageID]
	if !ok {
		err := q.tx.queryRow(ctx, `SELECT m.county, c.number, m.program, m.status
			FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.id = $1`, messageID).
			Scan(&r.county, &r.caseNumber, &r.program, &r.status)
		if err != nil {
			return notFound(err, "e-Message "+messageID)
		}
		q.records[messageID] = r
	}
	if status == "" {
		status = r.status
	}
	e := emessage.Event{
		ID: emessage.NewEventID(at), Type: typ, At: at.UTC(), County: r.county, CaseNumber: r.caseNumber,
		Program: r.program, MessageID: messageID, Status: status, UploadID: uploadID,
	}
	payload, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = q.tx.exec(ctx, `INSERT INTO webhook_events (event_id, message_id, type, payload, county, state,
			attempts, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6)`,
		e.ID, messageID, string(typ), string(payload), r.county, micros(at))
	return err
}

// ClaimWebhookEvents leases up to limit pending events due at now until
// leaseUntil, oldest due first, and only the earliest pending event of each
// record: a record's next event waits until the one before it is delivered
// or given up, whoever holds it. The claim is taken as ClaimNotifications
// takes its own, so that servers sharing a database never claim the same
// event while its lease lasts.
func (s *Store) ClaimWebhookEvents(ctx context.Context, now, leaseUntil time.Time, limit int) ([]emessage.QueuedEvent, error) {
	return outboxClaim(ctx, s, webhookQueue, now, leaseUntil, limit, scanQueuedEvent,
		func(e emessage.QueuedEvent) (time.Time, int64) { return e.NextAt, e.Seq })
}

func scanQueuedEvent(r scanner, e *emessage.QueuedEvent) error {
	var next, created int64
	var delivered, leased sql.NullInt64
	var payload string
	err := r.Scan(&e.Seq, &e.ID, &e.MessageID, &e.Type, &payload, &e.County, &e.State, &e.Attempts, &next, &created,
		&delivered, &e.LastError, &leased)
	e.Payload = []byte(payload)
	e.NextAt, e.CreatedAt, e.DeliveredAt, e.LeasedUntil = fromMicros(next), fromMicros(created), timePtr(delivered), timePtr(leased)
	return err
}

// webhookQueue is the webhook outbox's table.
var webhookQueue = outbox{table: "webhook_events", state: "state", doneAt: "delivered_at", what: "Webhook event",
	columns: `id, event_id, message_id, type, payload, county, state, attempts, next_at, created_at,
		delivered_at, last_error, leased_until`,
	only: `AND NOT EXISTS (SELECT 1 FROM webhook_events b
		WHERE b.message_id = q.message_id AND b.id < q.id AND b.state = 'pending')`}

// WebhookDelivered records the receiver's acceptance of an event.
func (s *Store) WebhookDelivered(ctx context.Context, seq int64, at time.Time) error {
	return s.outboxDone(ctx, webhookQueue, seq, "delivered", at)
}

// WebhookRetry schedules another try of an event at next, or marks it
// failed, which lets the record's later events go.
func (s *Store) WebhookRetry(ctx context.Context, seq int64, next time.Time, lastError string, failed bool) error {
	return s.outboxRetry(ctx, webhookQueue, seq, next, lastError, failed)
}

// WebhookCounts returns how many events wait, how many were given up, and
// when the oldest waiting one was queued.
func (s *Store) WebhookCounts(ctx context.Context) (emessage.WebhookCounts, error) {
	var c emessage.WebhookCounts
	var err error
	c.Pending, c.Failed, c.OldestPending, err = s.outboxCounts(ctx, webhookQueue)
	return c, err
}
