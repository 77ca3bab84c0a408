package outbox

import (
	"context"
	"errors"
	"time"
)

// deliver tries one item, for at most budget, and records the outcome.
func (l *Loop[T]) deliver(ctx context.Context, item T, budget time.Duration) (sent bool, err error) {
	log := l.logger().With(l.Attrs(item)...)
	if l.Hold != nil {
		rec, cancel := recordContext(ctx)
		defer cancel()
		if held, err := l.Hold(rec, log, item, l.now()); held {
			return false, err
		}
	}
	attrs, err := l.send(ctx, item, budget)
	// The outcome is recorded even when ctx ends meanwhile: an item that
	// went must be marked so, or it would go again after the lease.
	rec, cancel := recordContext(ctx)
	defer cancel()
	if err == nil {
		if err := l.Sent(rec, log.With(attrs...), item, l.now()); err != nil {
			// It went but the record did not; after the lease it may go again.
			return false, err
		}
		return true, nil
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Stopped mid-try: not the item's fault; the lease brings it back.
		return false, ctx.Err()
	}
	return false, l.Failed(rec, log, item, l.now(), err)
}

// send makes one try, for at most budget. When the loop stops, the try
// gets SendGrace to finish.
func (l *Loop[T]) send(ctx context.Context, item T, budget time.Duration) ([]any, error) {
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(SendGrace, cancel) })
	defer stop()
	return l.Send(sendCtx, item, budget)
}

// recordContext is for recording an outcome: it outlives ctx, for
// recordTimeout.
func recordContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
}
