package mail

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/backoff"
)

// Retry policy of the e-Notification queue.
const (
	// FirstRetry is the longest wait before the second try.
	FirstRetry = 5 * time.Second
	// MaxRetry caps the wait between tries.
	MaxRetry = 5 * time.Minute
	// GiveUpAfter is how long after queueing a notification is marked failed.
	GiveUpAfter = 72 * time.Hour
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 50
	DefaultLease       = 2 * time.Minute
	DefaultIdle        = time.Second
	DefaultReportEvery = time.Minute
)

// SendGrace is how long the email being sent when the dispatcher stops gets
// to finish, so that a stop seldom cuts the mail server's acceptance off
// from our record of it.
const SendGrace = 5 * time.Second

// recordTimeout bounds the store write that records a try's outcome.
const recordTimeout = 30 * time.Second

// Counters are a dispatcher's totals since it started, for /metrics.
type Counters struct {
	Sent      atomic.Int64 // emails the mail server accepted
	Temporary atomic.Int64 // failed tries to be tried again (or given up after GiveUpAfter)
	Permanent atomic.Int64 // refusals, marked failed at once
}

// Dispatcher takes queued e-Notifications from the store and sends them.
// A notification is recorded sent only after the Sender accepted it; a failed
// try is retried with exponential backoff and jitter, and given up (failed)
// after GiveUpAfter or at once for a permanent error. One Dispatcher must not
// be copied after first use.
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

	once sync.Once
	wake chan struct{}
}

// Wake asks a running dispatcher to look at the queue now rather than at its
// next poll. It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wakeCh() <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) wakeCh() chan struct{} {
	d.once.Do(func() { d.wake = make(chan struct{}, 1) })
	return d.wake
}

// Run sends queued notifications until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) {
	idle := d.Idle
	if idle <= 0 {
		idle = DefaultIdle
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	var rep reporter
	for {
		claimed, _, err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.logger().Error("e-Notification queue", "err", err)
		}
		rep.maybe(ctx, d)
		if err == nil && claimed >= d.batch() {
			continue // more may be waiting
		}
		timer.Reset(idle)
		select {
		case <-ctx.Done():
			return
		case <-d.wakeCh():
		case <-timer.C:
		}
	}
}

// RunOnce claims one batch of due notifications and tries each once. It
// returns how many were sent; err is a store failure (a failed delivery is
// scheduled for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (sent int, err error) {
	_, sent, err = d.runOnce(ctx)
	return sent, err
}

func (d *Dispatcher) runOnce(ctx context.Context) (claimed, sent int, err error) {
	now := d.now()
	lease := d.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	batch, err := d.Store.ClaimNotifications(ctx, now, now.Add(lease), d.batch())
	if err != nil {
		return 0, 0, err
	}
	for _, n := range batch {
		if ctx.Err() != nil {
			return len(batch), sent, ctx.Err()
		}
		// Each send must end well before the lease, or another dispatcher
		// could claim the notification while it is still on the wire. When
		// too little of the lease is left, the rest wait for the next claim.
		budget := now.Add(lease).Sub(d.now()) - lease/4
		if budget < lease/4 {
			break
		}
		ok, err := d.deliver(ctx, n, budget)
		if err != nil {
			return len(batch), sent, err
		}
		if ok {
			sent++
		}
	}
	return len(batch), sent, nil
}

// deliver tries one notification, for at most budget, and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, n emessage.Notification, budget time.Duration) (sent bool, err error) {
	log := d.logger().With("notification", n.ID, "message", n.MessageID, "attempt", n.Attempts+1)
	e, err := NotificationEmail(n, d.From, d.BaseURL)
	if err == nil {
		err = d.send(ctx, e, budget)
	}
	// The outcome is recorded even when ctx ends meanwhile: an accepted
	// email must be marked sent, or it would go again after the lease.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err == nil {
		if err := d.Store.NotificationSent(rec, n.ID, d.now()); err != nil {
			// The email went out but the record did not; after the lease the
			// same email (same Message-ID) may go again.
			return false, err
		}
		d.Counters.Sent.Add(1)
		log.Info("e-Notification sent")
		return true, nil
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Stopped mid-send: not the email's fault; the lease brings it back.
		return false, ctx.Err()
	}
	now := d.now()
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
	return false, d.Store.NotificationRetry(rec, n.ID, next, err.Error(), failed)
}

// send hands e to the Sender for at most budget. When the dispatcher stops,
// the email being sent gets SendGrace to finish.
func (d *Dispatcher) send(ctx context.Context, e *Email, budget time.Duration) error {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(SendGrace, cancel) })
	defer stop()
	return d.Sender.Send(sendCtx, e)
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

var policy = backoff.Policy{First: FirstRetry, Max: MaxRetry, GiveUpAfter: GiveUpAfter}

// reporter logs the queue's counts from Run.
type reporter struct {
	last            time.Time
	pending, failed int
}

// maybe logs the queue's counts when ReportEvery has passed since the last
// report and something changed or emails wait; more failed than before is a
// warning.
func (r *reporter) maybe(ctx context.Context, d *Dispatcher) {
	every := d.ReportEvery
	if every <= 0 {
		every = DefaultReportEvery
	}
	now := time.Now()
	if !r.last.IsZero() && now.Sub(r.last) < every {
		return
	}
	pending, failed, err := d.Store.NotificationCounts(ctx)
	if err != nil {
		return // the next report will say it, or the queue error above did
	}
	first := r.last.IsZero()
	r.last = now
	if !first && pending == 0 && pending == r.pending && failed == r.failed {
		return
	}
	level := slog.LevelInfo
	if failed > r.failed && !first {
		level = slog.LevelWarn
	}
	r.pending, r.failed = pending, failed
	d.logger().Log(ctx, level, "e-Notification queue", "pending", pending, "failed", failed,
		"sent", d.Counters.Sent.Load(), "temporary_failures", d.Counters.Temporary.Load(),
		"permanent_failures", d.Counters.Permanent.Load())
}

func (d *Dispatcher) batch() int {
	if d.Batch <= 0 {
		return DefaultBatch
	}
	return d.Batch
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dispatcher) logger() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.New(slog.DiscardHandler)
}
