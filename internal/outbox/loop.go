// Package outbox is the loop the service's outboxes share (the
// e-Notification emails, the webhook events, the texts): claim a batch of
// due items under a lease, try each within what is left of the lease,
// record the outcome even when the loop stops meanwhile, and look again
// when woken or after a pause. What each outbox does differently (how it
// sends, what it counts and logs, when it retries) comes in as functions.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Defaults for a Loop's durations left zero.
const (
	DefaultLease       = 2 * time.Minute
	DefaultIdle        = time.Second
	DefaultReportEvery = time.Minute
)

// SendGrace is how long the tries in flight when the loop stops get to
// finish, so that a stop seldom cuts an acceptance off from our record of it.
const SendGrace = 5 * time.Second

// recordTimeout bounds the store write that records a try's outcome.
const recordTimeout = 30 * time.Second

// Loop empties one outbox. Its functions get a logger that already names
// the item (Attrs); Sent and Failed count and log the outcome and record it
// in the store, under a context that outlives the loop's by recordTimeout.
type Loop[T any] struct {
	Name   string // the log's word for the outbox, e.g. "text queue"
	Logger *slog.Logger
	Now    func() time.Time
	Batch  int // items a claim takes
	// Workers is how many tries run at once (1 when zero).
	Workers int
	// Lease is how long a claim holds (DefaultLease), Idle the pause when
	// nothing is due (DefaultIdle), ReportEvery how often the counts are
	// logged when they changed or items wait (DefaultReportEvery).
	Lease, Idle, ReportEvery time.Duration
	// MaxTry is the longest a try may take; zero: what the lease leaves.
	MaxTry time.Duration
	// Ordered claims again at once after any claim, not only a full one:
	// an item that went may let the next of its record be claimed.
	Ordered bool
	// KeepGoing tries the rest of a batch after a store failure; otherwise
	// they wait for their lease to end, rather than go unrecorded.
	KeepGoing bool

	// Claim leases up to limit items due at now until leaseUntil.
	Claim func(ctx context.Context, now, leaseUntil time.Time, limit int) ([]T, error)
	// Attrs is what the log says of an item.
	Attrs func(item T) []any
	// Hold, when set, may put an item off instead of trying it, recording
	// that itself; held says it did.
	Hold func(ctx context.Context, log *slog.Logger, item T, now time.Time) (held bool, err error)
	// Send makes one try within ctx's deadline (budget); attrs are logged
	// when it went.
	Send func(ctx context.Context, item T, budget time.Duration) (attrs []any, err error)
	// Sent records that item went, at at.
	Sent func(ctx context.Context, log *slog.Logger, item T, at time.Time) error
	// Failed records a failed try made at at: another try later, or given up.
	Failed func(ctx context.Context, log *slog.Logger, item T, at time.Time, err error) error
	// Counts reads how many items wait and failed for the report, and what
	// else it says (the counters).
	Counts func(ctx context.Context) (pending, failed int, attrs []any, err error)
}

// Run empties the outbox until ctx is done, looking again at once when
// woken and otherwise every Idle.
func (l *Loop[T]) Run(ctx context.Context, wake <-chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var rep reported
	for {
		claimed, _, err := l.Once(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			l.logger().Error(l.Name, "err", err)
		}
		l.report(ctx, &rep)
		if err == nil && (claimed >= l.Batch || l.Ordered && claimed > 0) {
			continue // more may be waiting
		}
		timer.Reset(Positive(l.Idle, DefaultIdle))
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-timer.C:
		}
	}
}

// Once claims one batch of due items and tries each once. It returns how
// many it claimed and how many went; err is a store failure (a failed try
// is scheduled again, not returned), or ctx's when it ended.
func (l *Loop[T]) Once(ctx context.Context) (claimed, sent int, err error) {
	now := l.now()
	lease := Positive(l.Lease, DefaultLease)
	leaseEnd := now.Add(lease)
	items, err := l.Claim(ctx, now, leaseEnd, l.Batch)
	if err != nil || len(items) == 0 {
		return 0, 0, err
	}
	queue := make(chan T, len(items))
	for _, item := range items {
		queue <- item
	}
	close(queue)
	maxTry := Positive(l.MaxTry, lease)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range min(Positive(l.Workers, 1), len(items)) {
		wg.Go(func() {
			for item := range queue {
				// Each try must end well before the lease does, or another
				// server could claim the item while it is on the wire. When
				// too little of the lease is left, the rest wait for it to end.
				budget := min(leaseEnd.Sub(l.now())-lease/4, maxTry)
				mu.Lock()
				stop := ctx.Err() != nil || len(errs) > 0 && !l.KeepGoing
				mu.Unlock()
				if stop || budget < min(lease/4, maxTry) {
					continue
				}
				ok, err := l.deliver(ctx, item, budget)
				mu.Lock()
				if ok {
					sent++
				}
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return len(items), sent, err
	}
	return len(items), sent, errors.Join(errs...)
}

func (l *Loop[T]) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Loop[T]) logger() *slog.Logger {
	if l.Logger != nil {
		return l.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Positive is v, or def when v is not positive (a setting left zero).
func Positive[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
