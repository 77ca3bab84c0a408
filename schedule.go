package emessage

import (
	"context"
	"time"
)

// Scheduled send (SPEC 22): a worker may choose when an e-Message or an
// Action Request goes out, at most MaxScheduleAhead ahead. Until then the
// record is written with Scheduled set: the worker's lists and pages show
// it, the customer's never do (HiddenFromCustomer), and nothing announces
// it. At its time one server's release loop (ReleaseDue) flips Scheduled
// off and queues what an immediate send queues (announce), in one
// transaction guarded by "still scheduled, not cancelled", so that with
// several servers on one database it goes out exactly once. A worker may
// cancel it before then (CancelScheduled), by the same guard.

// MaxScheduleAhead is how far ahead a send may be scheduled.
const MaxScheduleAhead = 90 * 24 * time.Hour

// ScheduleStore finds the records waiting for their send time.
type ScheduleStore interface {
	// DueScheduled lists the ids of up to limit records still scheduled
	// whose send time is at or before now, earliest first.
	DueScheduled(ctx context.Context, now time.Time, limit int) ([]string, error)
	// ScheduledWaiting counts the records still scheduled and returns the
	// earliest send time among them (zero when none waits).
	ScheduledWaiting(ctx context.Context) (n int, next time.Time, err error)
}

// ReleaseChange sends a scheduled record at its time: it clears Scheduled,
// dates the record by At (when it reached the customer) and adds the
// history entry NoteReleased, only while the record is still scheduled and
// not cancelled; otherwise the whole change fails with EInvalidTransition.
type ReleaseChange struct {
	Message *Message // as read before the change: its id, status and author
	At      time.Time
}

// CancelChange cancels a scheduled record before its time: it clears
// Scheduled, sets Cancelled and moves the record to To with the history
// entry NoteCancelled, only while the record is still scheduled; otherwise
// the whole change fails with EInvalidTransition.
type CancelChange struct {
	MessageID string
	To        Status
	At        time.Time
	By        Actor
}

// ParseSendAt reads an API's send_at (RFC 3339); "" is now (zero).
func ParseSendAt(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, FieldError(EInvalid, "send_at",
			"send_at must be a date and time with its offset, like 2026-12-06T09:00:00-08:00 (RFC 3339).")
	}
	return t, nil
}

// ParseLocalSendAt reads the Detail page's "Send later" field, a date and
// time in loc (an HTML datetime-local: 2026-12-06T09:00); "" is now (zero).
func ParseLocalSendAt(v string, loc *time.Location) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, FieldError(EInvalid, "send_at", "Enter the send time as a date and a time, like 12/06/2026 9:00 AM.")
}

// checkSendAt refuses a send time that is not in the future or is more
// than MaxScheduleAhead ahead of now.
func (s *Service) checkSendAt(at, now time.Time) error {
	if !at.After(now) {
		return FieldError(EInvalid, "send_at", "The send time has passed; choose a time in the future, or leave it empty to send now.")
	}
	if at.Sub(now) > MaxScheduleAhead {
		return FieldError(EInvalid, "send_at", "A send can be scheduled at most 90 days ahead (until %s).",
			now.Add(MaxScheduleAhead).In(s.Location).Format("Jan 2, 2006 3:04 PM MST"))
	}
	return nil
}

// releaseOperator is who releases a scheduled record, in the audit trail:
// the server, at the time the worker chose.
const releaseOperator Operator = "scheduled-send"

// ReleaseDue sends up to limit scheduled records whose time has come, one
// transaction each, and returns how many this call sent. A record another
// server sent, or a worker cancelled, a moment before is skipped: the
// guarded change lets exactly one of them through.
func (s *Service) ReleaseDue(ctx context.Context, limit int) (released int, err error) {
	ids, err := s.Store.DueScheduled(ctx, s.now(), limit)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return released, ctx.Err()
		}
		ok, err := s.release(ctx, id)
		if err != nil {
			return released, err
		}
		if ok {
			released++
		}
	}
	return released, nil
}

// release sends one scheduled record: false when it was not scheduled any
// more by the time the change was applied.
func (s *Service) release(ctx context.Context, id string) (bool, error) {
	m, err := s.Store.Message(ctx, id)
	if ErrorCode(err) == ENotFound {
		return false, nil
	}
	if err != nil || !m.Scheduled || m.Cancelled {
		return false, err
	}
	now := s.now()
	if why, err := s.undeliverable(ctx, m); err != nil || why != "" {
		if err != nil {
			return false, err
		}
		return false, s.cancelUndeliverable(ctx, m, now, why)
	}
	ch := &Change{
		Release: &ReleaseChange{Message: m, At: now},
		Audit: []AuditEntry{operatorAudit(releaseOperator, now, "message.release", "message", m.ID,
			"sent at its scheduled time "+m.SendAt.UTC().Format(time.RFC3339))},
	}
	if err := s.announce(ctx, ch, m, now); err != nil {
		return false, err
	}
	err = s.apply(ctx, ch)
	if ErrorCode(err) == EInvalidTransition {
		return false, nil // sent by another server, or cancelled, a moment ago
	}
	if err != nil {
		return false, err
	}
	s.wakeNotices(ch)
	return true, nil
}

// undeliverable says why a scheduled record may not go out at its time
// though it could when it was written (R3): its case was discontinued
// since, or its person lost the portal account it was addressed to. ""
// when it may go.
func (s *Service) undeliverable(ctx context.Context, m *Message) (string, error) {
	c, err := s.Store.Case(ctx, m.CaseNumber)
	if ErrorCode(err) == ENotFound {
		return "case " + m.CaseNumber + " is gone", nil
	}
	if err != nil {
		return "", err
	}
	if !c.Status.Open() {
		return "case " + c.Number + " was discontinued", nil
	}
	if p, ok := c.Person(m.PersonID); !ok || p.AccountID != m.AccountID {
		return m.PersonName + " is no longer linked to the Self-Service Portal account it was written for", nil
	}
	return "", nil
}

// cancelUndeliverable cancels, at its time, a scheduled record that may
// not go out, as its author would have (an action closed, a message left
// Sent), with an audit entry that says why: the worker finds it cancelled
// on its page rather than sent to a closed case.
func (s *Service) cancelUndeliverable(ctx context.Context, m *Message, now time.Time, why string) error {
	to := m.Status
	if m.IsAction() {
		to = StatusActionClosed
	}
	author := Actor{Role: RoleWorker, ID: m.AuthorID, Username: m.AuthorUsername}
	err := s.Store.Apply(ctx, &Change{
		Cancel: &CancelChange{MessageID: m.ID, To: to, At: now, By: author},
		Audit: []AuditEntry{operatorAudit(releaseOperator, now, "message.cancel", "message", m.ID,
			"Not sent at its scheduled time: "+why)},
	})
	if ErrorCode(err) == EInvalidTransition {
		return nil // sent or cancelled by someone else a moment ago
	}
	return err
}

// NextScheduled returns when the earliest scheduled record is due and how
// many wait (zero and 0 when none), for the release loop's wake-up and
// for /metrics.
func (s *Service) NextScheduled(ctx context.Context) (next time.Time, waiting int, err error) {
	waiting, next, err = s.Store.ScheduledWaiting(ctx)
	return next, waiting, err
}

// CancelScheduled cancels a scheduled record of the worker's county before
// its time (SPEC 22): it never reaches the customer; an Action Request
// becomes Action Closed, an e-Message stays Sent with Cancelled set, and
// history and audit say who cancelled it. A record already sent (or
// cancelled) is refused with EInvalidTransition.
func (s *Service) CancelScheduled(ctx context.Context, a Actor, id string) (*Message, error) {
	m, err := s.workerChange(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !m.Scheduled {
		return nil, notScheduled(m)
	}
	now := s.now()
	to := m.Status
	if m.IsAction() {
		to = StatusActionClosed
	}
	entries := []AuditEntry{audit(a, now, "message.cancel", "message", m.ID, "Cancelled before sending by "+actorName(a))}
	if err := s.noteStandIn(ctx, a, m, entries); err != nil {
		return nil, err
	}
	// Applied without webhook events: the county system never heard of
	// the record, which never went out.
	err = s.Store.Apply(ctx, &Change{Cancel: &CancelChange{MessageID: m.ID, To: to, At: now, By: a}, Audit: entries})
	if ErrorCode(err) == EInvalidTransition {
		if now, rerr := s.Store.Message(ctx, m.ID); rerr == nil {
			return nil, notScheduled(now)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.Store.Message(ctx, m.ID)
}

// notScheduled explains why a record cannot be cancelled.
func notScheduled(m *Message) error {
	if m.Cancelled {
		return Errorf(EInvalidTransition, "This e-Message was cancelled already; it was never sent.")
	}
	if m.SendAt != nil {
		return Errorf(EInvalidTransition, "This e-Message was sent at its scheduled time; it can no longer be cancelled.")
	}
	return Errorf(EInvalidTransition, "This e-Message was sent at once, not scheduled; it can no longer be cancelled.")
}

// actorName is a worker as the audit's sentences name them.
func actorName(a Actor) string {
	if a.Name != "" && a.Name != a.Username {
		return a.Name + " (" + a.Username + ")"
	}
	return a.Username
}
