package main

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/county/emessage"
)

// Scheduled send (SPEC 22): every server runs a release loop. It releases
// what is due at once when it starts (catching up on what came due while
// no server ran), then again at the earliest send time it knows of, when
// a send is scheduled through this server, and every schedulePoll in any
// case, for what was scheduled through another server. Which server
// releases a record does not matter: the guarded change in the store lets
// exactly one of them do it (emessage.Service.ReleaseDue).

// schedulePoll is how long a release loop waits at most between looks.
const schedulePoll = 5 * time.Second

// releaseBatch is how many due records one look releases before it looks again.
const releaseBatch = 100

// releaser is the release loop of one server.
type releaser struct {
	svc  *emessage.Service
	log  *slog.Logger
	poll time.Duration
	wake chan struct{}
	// released counts the records this server released since it started.
	released atomic.Int64
}

func newReleaser(svc *emessage.Service, log *slog.Logger) *releaser {
	return &releaser{svc: svc, log: log, poll: schedulePoll, wake: make(chan struct{}, 1)}
}

// Wake makes the loop look again now: a send was just scheduled, whose
// time may come before the loop's next look.
func (r *releaser) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// run releases due records until ctx ends.
func (r *releaser) run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		n, err := r.svc.ReleaseDue(ctx, releaseBatch)
		if ctx.Err() != nil {
			return
		}
		r.released.Add(int64(n))
		if n > 0 {
			r.log.Info("scheduled sends released", "records", n)
		}
		if err != nil {
			r.log.Error("scheduled sends: release failed; trying again shortly", "err", err)
		}
		if err == nil && n >= releaseBatch {
			continue // more may be due
		}
		timer.Reset(r.nextLook(ctx, err != nil))
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
			if !timer.Stop() {
				<-timer.C
			}
		case <-timer.C:
		}
	}
}

// nextLook is how long to wait before looking again: until the earliest
// send time, at most poll, and never a spin (another server may be
// releasing what is due this instant).
func (r *releaser) nextLook(ctx context.Context, failed bool) time.Duration {
	wait := r.poll
	if failed {
		return wait
	}
	next, _, err := r.svc.NextScheduled(ctx)
	if err != nil || next.IsZero() {
		return wait
	}
	return min(wait, max(next.Sub(r.svc.Now()), 100*time.Millisecond))
}

// startScheduled starts the release loop of scheduled sends, and lets the
// service wake it when a send is scheduled.
func (s *serving) startScheduled(ctx context.Context) error {
	s.releaser = newReleaser(s.svc, s.logger.With("component", "scheduled"))
	s.svc.ScheduledSend = s.releaser.Wake
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); s.releaser.run(runCtx) }()
	s.onClose(func() { stop(); <-done })
	return nil
}

var (
	scheduledWaitingDesc = prometheus.NewDesc("emessage_scheduled_waiting",
		"Scheduled sends waiting for their send time (SPEC 22), on every server.", nil, nil)
	scheduledOverdueDesc = prometheus.NewDesc("emessage_scheduled_overdue_seconds",
		"How far past its send time the earliest waiting scheduled send is (0 when none is late): above a few seconds, no server releases them.", nil, nil)
	scheduledReleasedDesc = prometheus.NewDesc("emessage_scheduled_released_total",
		"Scheduled sends this server released at their time since the process started.", nil, nil)
)

// scheduledCollector reports the scheduled sends: those waiting, read from
// the store at each scrape (one query), and this server's releases.
type scheduledCollector struct{ r *releaser }

func (c scheduledCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- scheduledWaitingDesc
	ch <- scheduledOverdueDesc
	ch <- scheduledReleasedDesc
}

func (c scheduledCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(scheduledReleasedDesc, prometheus.CounterValue, float64(c.r.released.Load()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	next, waiting, err := c.r.svc.NextScheduled(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(scheduledWaitingDesc, err)
		return
	}
	var late float64
	if !next.IsZero() {
		late = max(c.r.svc.Now().Sub(next).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(scheduledWaitingDesc, prometheus.GaugeValue, float64(waiting))
	ch <- prometheus.MustNewConstMetric(scheduledOverdueDesc, prometheus.GaugeValue, late)
}
