package mail

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/county/emessage"
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
	DefaultBatch = 50
	DefaultLease = 2 * time.Minute
	DefaultIdle  = time.Second
)

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
	for {
		claimed, _, err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.logger().Error("e-Notification queue", "err", err)
		}
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
		ok, err := d.deliver(ctx, n)
		if err != nil {
			return len(batch), sent, err
		}
		if ok {
			sent++
		}
	}
	return len(batch), sent, nil
}

// deliver tries one notification and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, n emessage.Notification) (sent bool, err error) {
	log := d.logger().With("notification", n.ID, "message", n.MessageID, "attempt", n.Attempts+1)
	e, err := NotificationEmail(n, d.From, d.BaseURL)
	if err == nil {
		err = d.Sender.Send(ctx, e)
	}
	if err == nil {
		if err := d.Store.NotificationSent(ctx, n.ID, d.now()); err != nil {
			// The email went out but the record did not; after the lease the
			// same email (same Message-ID) may go again.
			return false, err
		}
		log.Info("e-Notification sent")
		return true, nil
	}
	if ctx.Err() != nil {
		// Shutting down: leave it to the lease to expire; not the email's fault.
		return false, ctx.Err()
	}
	now := d.now()
	next, failed := NextTry(n, now, Permanent(err))
	if failed {
		log.Error("e-Notification failed for good", "err", err)
	} else {
		log.Warn("e-Notification not sent, will retry", "err", err, "next", next)
	}
	return false, d.Store.NotificationRetry(ctx, n.ID, next, err.Error(), failed)
}

// NextTry is the retry policy: after a failed try at now, when to try n
// again, or failed when it is time to give up. n.Attempts counts the tries
// made before this one, so the first retry comes within FirstRetry, each
// wait doubles up to MaxRetry, each wait is jittered between its half and
// its whole, and no try is made later than GiveUpAfter after n was queued.
func NextTry(n emessage.Notification, now time.Time, permanent bool) (next time.Time, failed bool) {
	deadline := n.CreatedAt.Add(GiveUpAfter)
	if permanent || !now.Before(deadline) {
		return now, true
	}
	wait := FirstRetry
	for i := 0; i < n.Attempts && wait < MaxRetry; i++ {
		wait *= 2
	}
	wait = min(wait, MaxRetry)
	wait = wait/2 + rand.N(wait/2+1)
	next = now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	return next, false
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
