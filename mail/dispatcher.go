package mail

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/backoff"
	"github.com/county/emessage/internal/outbox"
)

// Retry policy of the e-Notification queue: backoff.Notice, the texts' too.
var (
	// FirstRetry is the longest wait before the second try.
	FirstRetry = backoff.Notice.First
	// MaxRetry caps the wait between tries.
	MaxRetry = backoff.Notice.Max
	// GiveUpAfter is how long after queueing a notification is marked failed.
	GiveUpAfter = backoff.Notice.GiveUpAfter
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 50
	DefaultLease       = outbox.DefaultLease
	DefaultIdle        = outbox.DefaultIdle
	DefaultReportEvery = outbox.DefaultReportEvery
)

// Counters are a dispatcher's totals since it started, for /metrics.
type Counters struct {
	Sent      atomic.Int64 // emails the mail server accepted
	Temporary atomic.Int64 // failed tries to be tried again (or given up after GiveUpAfter)
	Permanent atomic.Int64 // refusals, marked failed at once
}

// Dispatcher takes queued e-Notifications from the store and sends them.
// A notification is recorded sent only after the Sender accepted it; a failed
// try is retried with exponential backoff and jitter, and given up (failed)
// after GiveUpAfter or at once for a permanent error. An email is sent only
// while its claim's lease leaves time for it (package outbox), and a stop
// leaves it outbox.SendGrace to finish. One Dispatcher must not be copied
// after first use.
type Dispatcher struct {
	Store   emessage.NotificationStore
	Sender  Sender
	From    string // the From header, e.g. "e-Messages <no-reply@county.gov>"
	BaseURL string // the service's public address; the email links BaseURL/portal/
	Logger  *slog.Logger
	Now     func() time.Time
	Batch   int           // notifications claimed at once (DefaultBatch)
	Lease   time.Duration // how long a claim holds before another may retry (DefaultLease)
	Idle    time.Duration // poll interval when the queue is empty (DefaultIdle)
	// ReportEvery is how often Run logs the queue's pending and failed
	// counts when they changed or emails wait (DefaultReportEvery).
	ReportEvery time.Duration

	// Counters count the outcomes of this dispatcher's tries.
	Counters Counters

	wake outbox.Waker
}

// Wake asks a running dispatcher to look at the queue now rather than at its
// next poll. It never blocks.
func (d *Dispatcher) Wake() { d.wake.Wake() }

// Run sends queued notifications until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) { d.loop().Run(ctx, d.wake.C()) }

// RunOnce claims one batch of due notifications and tries each once. It
// returns how many were sent; err is a store failure (a failed delivery is
// scheduled for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (sent int, err error) {
	_, sent, err = d.loop().Once(ctx)
	return sent, err
}

func (d *Dispatcher) loop() *outbox.Loop[emessage.Notification] {
	return &outbox.Loop[emessage.Notification]{
		Name: "e-Notification queue", Logger: d.Logger, Now: d.Now,
		Batch: outbox.Positive(d.Batch, DefaultBatch), Lease: d.Lease, Idle: d.Idle, ReportEvery: d.ReportEvery,
		Claim: d.Store.ClaimNotifications,
		Attrs: func(n emessage.Notification) []any {
			return []any{"notification", n.ID, "message", n.MessageID, "attempt", n.Attempts + 1}
		},
		Send: d.send, Sent: d.sent, Failed: d.failed, Counts: d.counts,
	}
}

func (d *Dispatcher) send(ctx context.Context, n emessage.Notification, _ time.Duration) ([]any, error) {
	e, err := NotificationEmail(n, d.From, d.BaseURL)
	if err != nil {
		return nil, err
	}
	return nil, d.Sender.Send(ctx, e)
}

func (d *Dispatcher) sent(ctx context.Context, log *slog.Logger, n emessage.Notification, at time.Time) error {
	// When this fails, the same email (same Message-ID) may go again.
	if err := d.Store.NotificationSent(ctx, n.ID, at); err != nil {
		return err
	}
	d.Counters.Sent.Add(1)
	log.Info("e-Notification sent")
	return nil
}

func (d *Dispatcher) failed(ctx context.Context, log *slog.Logger, n emessage.Notification, now time.Time, err error) error {
	permanent := Permanent(err)
	next, failed := NextTry(n, now, permanent)
	kind := "temporary"
	if permanent {
		kind = "permanent"
		d.Counters.Permanent.Add(1)
	} else {
		d.Counters.Temporary.Add(1)
	}
	if failed {
		log.Error("e-Notification failed for good", "kind", kind, "err", err)
	} else {
		log.Warn("e-Notification not sent, will retry", "kind", kind, "err", err, "next", next)
	}
	return d.Store.NotificationRetry(ctx, n.ID, next, err.Error(), failed)
}

func (d *Dispatcher) counts(ctx context.Context) (pending, failed int, attrs []any, err error) {
	pending, failed, err = d.Store.NotificationCounts(ctx)
	return pending, failed, []any{"sent", d.Counters.Sent.Load(), "temporary_failures", d.Counters.Temporary.Load(),
		"permanent_failures", d.Counters.Permanent.Load()}, err
}

// NextTry is the retry policy: after a failed try at now, when to try n
// again, or failed when it is time to give up. n.Attempts counts the tries
// made before this one, so the first retry comes within FirstRetry, each
// wait doubles up to MaxRetry, each wait is jittered between its half and
// its whole, and no try is made later than GiveUpAfter after n was queued.
func NextTry(n emessage.Notification, now time.Time, permanent bool) (next time.Time, failed bool) {
	if permanent {
		return now, true
	}
	return policy.Next(n.Attempts, n.CreatedAt, now)
}

var policy = backoff.Notice
