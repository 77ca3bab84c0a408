package sms

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

// Retry policy of the texts: the e-Notification email's (package mail).
const (
	// FirstRetry is the longest wait before the second try.
	FirstRetry = 5 * time.Second
	// MaxRetry caps the wait between tries.
	MaxRetry = 5 * time.Minute
	// GiveUpAfter is how long after queueing a text is marked failed.
	GiveUpAfter = 72 * time.Hour
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 20
	DefaultLease       = 2 * time.Minute
	DefaultIdle        = time.Second
	DefaultReportEvery = time.Minute
)

// SendGrace is how long the text being sent when the dispatcher stops
// gets to finish.
const SendGrace = 5 * time.Second

// recordTimeout bounds the store write that records a try's outcome.
const recordTimeout = 30 * time.Second

// Sender sends one text; *Client is one.
type Sender interface {
	Send(ctx context.Context, to, body string) (id string, err error)
}

// Counters are a dispatcher's totals since it started, for /metrics.
type Counters struct {
	Sent    atomic.Int64 // texts the provider accepted
	Retried atomic.Int64 // failed tries to be tried again
	Failed  atomic.Int64 // texts given up after GiveUpAfter
	Held    atomic.Int64 // texts put off to the morning (quiet hours)
}

// Dispatcher takes queued texts from the store and sends them. Each claim
// leases the texts it takes, so that several servers on one database never
// send one text at the same time; a text is recorded sent only after the
// provider accepted it, and a failed try is retried (NextTry). A text due
// in the county's quiet hours (a retry that ran late into the evening) is
// put off to the morning, not sent. One Dispatcher must not be copied
// after first use.
type Dispatcher struct {
	Store    emessage.TextStore
	Sender   Sender
	BaseURL  string         // the service's public address; the text gives BaseURL/portal/
	Location *time.Location // the county's zone, for the quiet hours (nil: UTC)
	Logger   *slog.Logger
	Now      func() time.Time
	Batch    int           // texts claimed at once (DefaultBatch)
	Lease    time.Duration // how long a claim holds before another may retry (DefaultLease)
	Idle     time.Duration // poll interval when nothing is due (DefaultIdle)
	// ReportEvery is how often Run logs the queue's counts when they
	// changed or texts wait (DefaultReportEvery).
	ReportEvery time.Duration

	// Counters count the outcomes of this dispatcher's tries.
	Counters Counters

	once sync.Once
	wake chan struct{}
}

// Wake asks a running dispatcher to look at the queue now rather than at
// its next poll. It never blocks.
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

// Run sends queued texts until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var rep reporter
	for {
		claimed, _, err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.logger().Error("text queue", "err", err)
		}
		rep.maybe(ctx, d)
		if err == nil && claimed >= positive(d.Batch, DefaultBatch) {
			continue // more may be waiting
		}
		timer.Reset(positive(d.Idle, DefaultIdle))
		select {
		case <-ctx.Done():
			return
		case <-d.wakeCh():
		case <-timer.C:
		}
	}
}

// RunOnce claims one batch of due texts and tries each once. It returns
// how many were sent; err is a store failure (a failed try is scheduled
// for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (sent int, err error) {
	_, sent, err = d.runOnce(ctx)
	return sent, err
}

func (d *Dispatcher) runOnce(ctx context.Context) (claimed, sent int, err error) {
	now := d.now()
	lease := positive(d.Lease, DefaultLease)
	batch, err := d.Store.ClaimTexts(ctx, now, now.Add(lease), positive(d.Batch, DefaultBatch))
	if err != nil {
		return 0, 0, err
	}
	for _, t := range batch {
		if ctx.Err() != nil {
			return len(batch), sent, ctx.Err()
		}
		// Each send must end well before the lease does, or another
		// server could claim the text while it is on the wire.
		budget := min(now.Add(lease).Sub(d.now())-lease/4, Timeout)
		if budget < min(lease/4, Timeout) {
			break // the rest wait for the lease to end
		}
		ok, err := d.deliver(ctx, t, budget)
		if err != nil {
			return len(batch), sent, err
		}
		if ok {
			sent++
		}
	}
	return len(batch), sent, nil
}

// deliver tries one text, for at most budget, and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, t emessage.Text, budget time.Duration) (sent bool, err error) {
	log := d.logger().With("text", t.ID, "message", t.MessageID, "attempt", t.Attempts+1)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	now := d.now()
	if morning := emessage.TextAllowedAt(now, d.location()); morning.After(now) {
		d.Counters.Held.Add(1)
		log.Info("text held for the morning (quiet hours)", "until", morning)
		return false, d.Store.TextHold(rec, t.ID, morning)
	}
	id, err := d.send(ctx, t, budget)
	// The outcome is recorded even when ctx ends meanwhile: an accepted
	// text must be marked sent, or it would go again after the lease.
	if err == nil {
		if err := d.Store.TextSent(rec, t.ID, d.now()); err != nil {
			return false, err // sent but not recorded: after the lease it may go again
		}
		d.Counters.Sent.Add(1)
		log.Info("text sent", "provider_id", id, "folded", t.Folded)
		return true, nil
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return false, ctx.Err() // stopped mid-send: the lease brings it back
	}
	next, failed := NextTry(t.Attempts, t.CreatedAt, d.now())
	if failed {
		d.Counters.Failed.Add(1)
		log.Error("text given up", "queued", t.CreatedAt, "err", err)
	} else {
		d.Counters.Retried.Add(1)
		log.Warn("text not sent, will retry", "err", err, "next", next)
	}
	return false, d.Store.TextRetry(rec, t.ID, next, err.Error(), failed)
}

// send hands the text to the Sender for at most budget. When the
// dispatcher stops, the text being sent gets SendGrace to finish.
func (d *Dispatcher) send(ctx context.Context, t emessage.Text, budget time.Duration) (string, error) {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(SendGrace, cancel) })
	defer stop()
	return d.Sender.Send(sendCtx, t.Phone, Body(t.Language, d.BaseURL))
}

// NextTry is the retry policy: after a failed try at now of a text queued
// at created, with attempts tries made before this one, when to try
// again, or failed when it is time to give up (backoff.Policy.Next: the
// first retry within FirstRetry, doubling waits up to MaxRetry, jittered,
// none later than GiveUpAfter after queueing).
func NextTry(attempts int, created, now time.Time) (next time.Time, failed bool) {
	return policy.Next(attempts, created, now)
}

var policy = backoff.Policy{First: FirstRetry, Max: MaxRetry, GiveUpAfter: GiveUpAfter}

func (d *Dispatcher) location() *time.Location {
	if d.Location == nil {
		return time.UTC
	}
	return d.Location
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

func positive[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// reporter logs the queue's counts from Run.
type reporter struct {
	last            time.Time
	pending, failed int
}

// maybe logs the queue's counts when ReportEvery has passed since the
// last report and something changed or texts wait; more failed than
// before is a warning.
func (r *reporter) maybe(ctx context.Context, d *Dispatcher) {
	now := time.Now()
	if !r.last.IsZero() && now.Sub(r.last) < positive(d.ReportEvery, DefaultReportEvery) {
		return
	}
	pending, failed, err := d.Store.TextCounts(ctx)
	if err != nil {
		return // the next report will say it, or the queue error did
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
	d.logger().Log(ctx, level, "text queue", "pending", pending, "failed", failed, "sent", d.Counters.Sent.Load(),
		"retried", d.Counters.Retried.Load(), "given_up", d.Counters.Failed.Load(), "held", d.Counters.Held.Load())
}
