package outbox

import (
	"context"
	"log/slog"
	"time"
)

// reported is what Run last logged of the outbox's counts.
type reported struct {
	last            time.Time
	pending, failed int
}

// report logs the outbox's counts when ReportEvery has passed since the
// last report and something changed or items wait; more failed than
// before is a warning.
func (l *Loop[T]) report(ctx context.Context, r *reported) {
	now := time.Now()
	if !r.last.IsZero() && now.Sub(r.last) < Positive(l.ReportEvery, DefaultReportEvery) {
		return
	}
	pending, failed, attrs, err := l.Counts(ctx)
	if err != nil {
		return // the next report will say it, or the outbox error did
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
	l.logger().Log(ctx, level, l.Name, append([]any{"pending", pending, "failed", failed}, attrs...)...)
}
