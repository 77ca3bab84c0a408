package sms

import (
	"cmp"
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/backoff"
	"github.com/county/emessage/internal/outbox"
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 20
	DefaultLease       = outbox.DefaultLease
	DefaultIdle        = outbox.DefaultIdle
	DefaultReportEvery = outbox.DefaultReportEvery
)

// Sender sends one text; *Client is one.
type Sender interface {
	Send(ctx context.Context, to, body string) (id string, err error)
}

// Counters are a dispatcher's totals since it started, for /metrics.
type Counters struct {
	Sent    atomic.Int64 // texts the provider accepted
	Retried atomic.Int64 // failed tries to be tried again
	Failed  atomic.Int64 // texts given up after the retry window (backoff.Notice)
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

	wake outbox.Waker
}

// Wake asks a running dispatcher to look at the queue now rather than at
// its next poll. It never blocks.
func (d *Dispatcher) Wake() { d.wake.Wake() }

// Run sends queued texts until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) { d.loop().Run(ctx, d.wake.C()) }

// RunOnce claims one batch of due texts and tries each once. It returns
// how many were sent; err is a store failure (a failed try is scheduled
// for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (sent int, err error) {
	_, sent, err = d.loop().Once(ctx)
	return sent, err
}

func (d *Dispatcher) loop() *outbox.Loop[emessage.Text] {
	return &outbox.Loop[emessage.Text]{
		Name: "text queue", Logger: d.Logger, Now: d.Now,
		Batch: outbox.Positive(d.Batch, DefaultBatch), Lease: d.Lease, Idle: d.Idle, ReportEvery: d.ReportEvery,
		MaxTry: Timeout,
		Claim:  d.Store.ClaimTexts,
		Attrs: func(t emessage.Text) []any {
			return []any{"text", t.ID, "message", t.MessageID, "attempt", t.Attempts + 1}
		},
		Hold: d.hold, Send: d.send, Sent: d.sent, Failed: d.failed, Counts: d.counts,
	}
}

// hold puts a text due in the county's quiet hours off to the morning.
func (d *Dispatcher) hold(ctx context.Context, log *slog.Logger, t emessage.Text, now time.Time) (bool, error) {
	morning := emessage.TextAllowedAt(now, cmp.Or(d.Location, time.UTC))
	if !morning.After(now) {
		return false, nil
	}
	d.Counters.Held.Add(1)
	log.Info("text held for the morning (quiet hours)", "until", morning)
	return true, d.Store.TextHold(ctx, t.ID, morning)
}

func (d *Dispatcher) send(ctx context.Context, t emessage.Text, _ time.Duration) ([]any, error) {
	id, err := d.Sender.Send(ctx, t.Phone, Body(t.Language, d.BaseURL))
	return []any{"provider_id", id}, err
}

func (d *Dispatcher) sent(ctx context.Context, log *slog.Logger, t emessage.Text, at time.Time) error {
	if err := d.Store.TextSent(ctx, t.ID, at); err != nil {
		return err // sent but not recorded: after the lease it may go again
	}
	d.Counters.Sent.Add(1)
	log.Info("text sent", "folded", t.Folded)
	return nil
}

func (d *Dispatcher) failed(ctx context.Context, log *slog.Logger, t emessage.Text, now time.Time, err error) error {
	next, failed := NextTry(t.Attempts, t.CreatedAt, now)
	if failed {
		d.Counters.Failed.Add(1)
		log.Error("text given up", "queued", t.CreatedAt, "err", err)
	} else {
		d.Counters.Retried.Add(1)
		log.Warn("text not sent, will retry", "err", err, "next", next)
	}
	return d.Store.TextRetry(ctx, t.ID, next, err.Error(), failed)
}

func (d *Dispatcher) counts(ctx context.Context) (pending, failed int, attrs []any, err error) {
	pending, failed, err = d.Store.TextCounts(ctx)
	return pending, failed, []any{"sent", d.Counters.Sent.Load(), "retried", d.Counters.Retried.Load(),
		"given_up", d.Counters.Failed.Load(), "held", d.Counters.Held.Load()}, err
}

// NextTry is the retry policy: after a failed try at now of a text queued
// at created, with attempts tries made before this one, when to try
// again, or failed when it is time to give up: the email's schedule,
// backoff.Notice.
func NextTry(attempts int, created, now time.Time) (next time.Time, failed bool) {
	return policy.Next(attempts, created, now)
}

var policy = backoff.Notice
