package emessage

import (
	"context"
	"time"
)

// EventType is what happened to a record, as a webhook event names it (SPEC 16).
type EventType string

// The event types.
const (
	EventMessageCreated       EventType = "message.created"
	EventMessageStatusChanged EventType = "message.status_changed"
	EventUploadCreated        EventType = "upload.created"
)

// Event is the body a webhook POSTs to a county system: which record
// changed and how, never its words (no subject, body or file name; the
// system fetches those with its token).
type Event struct {
	ID         string    `json:"id"`
	Type       EventType `json:"type"`
	At         time.Time `json:"at"`
	County     string    `json:"county"`
	CaseNumber string    `json:"case_number"`
	Program    string    `json:"program"`
	MessageID  string    `json:"message_id"`
	Status     Status    `json:"status"`
	UploadID   string    `json:"upload_id,omitempty"` // upload.created only
}

// NewEventID returns a new event id: "evt_" and 26 characters made as a
// record's id is. A receiver deduplicates by it: every try of an event
// carries the same id.
func NewEventID(now time.Time) string { return "evt_" + NewMessageID(now) }

// EventState is where a queued webhook event stands.
type EventState string

// The event states.
const (
	EventPending   EventState = "pending"
	EventDelivered EventState = "delivered"
	EventFailed    EventState = "failed" // given up after the retry window
)

// QueuedEvent is a webhook event in the outbox, queued in the transaction
// of the change it tells of.
type QueuedEvent struct {
	// Seq is the event's place in the outbox: the events of one record are
	// delivered in its order.
	Seq         int64
	ID          string
	MessageID   string
	Type        EventType
	Payload     []byte // the JSON body (an Event), fixed when queued
	County      string
	State       EventState
	Attempts    int
	NextAt      time.Time
	CreatedAt   time.Time
	DeliveredAt *time.Time
	LastError   string
	LeasedUntil *time.Time
}

// WebhookCounts is the outbox at a glance, for /metrics.
type WebhookCounts struct {
	Pending, Failed int
	// OldestPending is when the oldest pending event was queued (zero when none).
	OldestPending time.Time
}

// WebhookStore is the outbox of webhook events (SPEC 16). Events are
// queued by Apply, for a Change with Events set.
type WebhookStore interface {
	// ClaimWebhookEvents leases up to limit pending events due at now, each
	// the earliest pending event of its record, so that a record's events
	// go out one after the other, in order.
	ClaimWebhookEvents(ctx context.Context, now, leaseUntil time.Time, limit int) ([]QueuedEvent, error)
	// WebhookDelivered records the receiver's acceptance.
	WebhookDelivered(ctx context.Context, seq int64, at time.Time) error
	// WebhookRetry schedules another try, or marks the event failed.
	WebhookRetry(ctx context.Context, seq int64, next time.Time, lastError string, failed bool) error
	WebhookCounts(ctx context.Context) (WebhookCounts, error)
}
