package webhook

import (
	"context"
	"log/slog"
	"time"
)

// reporter logs the outbox's counts from Run.
type reporter struct {
	last            time.Time
	pending, failed int
}

// maybe logs the outbox's counts when ReportEvery has passed since the
// last report and something changed or events wait; more failed than
// before is a warning.
func (r *reporter) maybe(ctx context.Context, d *Dispatcher) {
	now := time.Now()
	if !r.last.IsZero() && now.Sub(r.last) < positive(d.ReportEvery, DefaultReportEvery) {
		return
	}
	c, err := d.Store.WebhookCounts(ctx)
	if err != nil {
		return // the next report will say it, or the outbox error did
	}
	first := r.last.IsZero()
	r.last = now
	if !first && c.Pending == 0 && c.Pending == r.pending && c.Failed == r.failed {
		return
	}
	level := slog.LevelInfo
	if c.Failed > r.failed && !first {
		level = slog.LevelWarn
	}
	r.pending, r.failed = c.Pending, c.Failed
	args := []any{"pending", c.Pending, "failed", c.Failed, "delivered", d.Counters.Delivered.Load(),
		"retried", d.Counters.Retried.Load(), "given_up", d.Counters.Failed.Load()}
	if !c.OldestPending.IsZero() {
		args = append(args, "oldest_pending", d.now().Sub(c.OldestPending).Round(time.Second))
	}
	d.logger().Log(ctx, level, "webhook outbox", args...)
}
