package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/county/emessage"
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 16
	DefaultWorkers     = 4
	DefaultLease       = 2 * time.Minute
	DefaultIdle        = time.Second
	DefaultReportEvery = time.Minute
)

// SendGrace is how long the POSTs in flight when the dispatcher stops get
// to finish, so that a stop seldom cuts the receiver's answer off from our
// record of it.
const SendGrace = 5 * time.Second

// recordTimeout bounds the store write that records a try's outcome.
const recordTimeout = 30 * time.Second

// Counters are a dispatcher's totals since it started, for /metrics.
type Counters struct {
	Delivered atomic.Int64 // events the receiver answered 2xx
	Retried   atomic.Int64 // failed tries to be tried again
	Failed    atomic.Int64 // events given up after GiveUpAfter
}

// Dispatcher takes queued webhook events from the store and POSTs them to
// URL, signed with Secret. Each claim leases the events it takes, so that
// several servers on one database share the work and never send one event
// at the same time; it takes only the earliest pending event of each
// record, and a record's next event is claimed only once that one is
// delivered, so a record's events arrive in order. An event is recorded
// delivered only after a 2xx answer; anything else, or no answer within
// Timeout, is retried (NextTry). Run works in goroutines of its own, at
// most Workers POSTs at once, so a slow or hanging receiver never holds up
// the requests that queue events. One Dispatcher must not be copied after
// first use.
type Dispatcher struct {
	Store  emessage.WebhookStore
	URL    string
	Secret string
	Client *http.Client // nil: NewClient()
	Logger *slog.Logger
	Now    func() time.Time
	// Batch is how many events a claim takes (DefaultBatch), Workers how
	// many POSTs run at once (DefaultWorkers).
	Batch, Workers int
	Lease          time.Duration // how long a claim holds before another may retry (DefaultLease)
	Idle           time.Duration // poll interval when nothing is due (DefaultIdle)
	// Timeout is how long a try waits for an answer (Timeout), and less
	// when the lease is too short to leave it that long.
	Timeout time.Duration
	// ReportEvery is how often Run logs the outbox's counts when they
	// changed or events wait (DefaultReportEvery).
	ReportEvery time.Duration

	// Counters count the outcomes of this dispatcher's tries.
	Counters Counters

	once   sync.Once
	wake   chan struct{}
	client *http.Client
}

// NewClient returns the HTTP client a Dispatcher uses by default: it
// follows no redirect (a 3xx is a failed try, as any answer but 2xx is) and
// keeps a connection per worker open between tries.
func NewClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: Timeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: Timeout,
			MaxIdleConnsPerHost: DefaultWorkers,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Wake asks a running dispatcher to look at the outbox now rather than at
// its next poll. It never blocks.
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		d.client = d.Client
		if d.client == nil {
			d.client = NewClient()
		}
	})
}

// Run delivers queued events until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) {
	d.init()
	idle := positive(d.Idle, DefaultIdle)
	timer := time.NewTimer(0)
	defer timer.Stop()
	var rep reporter
	for {
		claimed, _, err := d.runOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.logger().Error("webhook outbox", "err", err)
		}
		rep.maybe(ctx, d)
		if err == nil && claimed > 0 {
			continue // the claimed records' next events, or more, may be due
		}
		timer.Reset(idle)
		select {
		case <-ctx.Done():
			return
		case <-d.wake:
		case <-timer.C:
		}
	}
}

// RunOnce claims one batch of due events and tries each once. It returns
// how many were delivered; err is a store failure (a failed try is
// scheduled for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (delivered int, err error) {
	d.init()
	_, delivered, err = d.runOnce(ctx)
	return delivered, err
}

func (d *Dispatcher) runOnce(ctx context.Context) (claimed, delivered int, err error) {
	now := d.now()
	lease := positive(d.Lease, DefaultLease)
	leaseEnd := now.Add(lease)
	batch, err := d.Store.ClaimWebhookEvents(ctx, now, leaseEnd, positive(d.Batch, DefaultBatch))
	if err != nil || len(batch) == 0 {
		return 0, 0, err
	}
	// Each event of a batch is of another record, so they may go at once.
	next := make(chan emessage.QueuedEvent)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range min(positive(d.Workers, DefaultWorkers), len(batch)) {
		wg.Go(func() {
			for e := range next {
				// A try must end well before the lease does, or another
				// server could claim the event while it is on the wire. When
				// too little of the lease is left, the rest wait for it to end.
				budget := min(leaseEnd.Sub(d.now())-lease/4, d.timeout())
				if budget < min(lease/4, d.timeout()) {
					continue
				}
				ok, err := d.deliver(ctx, e, budget)
				mu.Lock()
				if ok {
					delivered++
				}
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, e := range batch {
		if ctx.Err() != nil {
			break
		}
		next <- e
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return len(batch), delivered, err
	}
	return len(batch), delivered, errors.Join(errs...)
}

// deliver tries one event, waiting at most timeout for the answer, and
// records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, e emessage.QueuedEvent, timeout time.Duration) (ok bool, err error) {
	log := d.logger().With("event", e.ID, "type", e.Type, "message", e.MessageID, "attempt", e.Attempts+1)
	err = d.post(ctx, e, timeout)
	// The outcome is recorded even when ctx ends meanwhile: a delivered
	// event must be marked so, or it would go again after the lease.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err == nil {
		if err := d.Store.WebhookDelivered(rec, e.Seq, d.now()); err != nil {
			// Delivered but not recorded: after the lease the same event
			// (same id) goes again, and the receiver drops it.
			return false, err
		}
		d.Counters.Delivered.Add(1)
		log.Debug("webhook event delivered")
		return true, nil
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Stopped mid-try: not the receiver's fault; the lease brings it back.
		return false, nil
	}
	now := d.now()
	next, failed := NextTry(e.Attempts, e.CreatedAt, now)
	if failed {
		d.Counters.Failed.Add(1)
		log.Error("webhook event given up", "queued", e.CreatedAt, "err", err)
	} else {
		d.Counters.Retried.Add(1)
		log.Warn("webhook event not delivered, will retry", "err", err, "next", next)
	}
	return false, d.Store.WebhookRetry(rec, e.Seq, next, err.Error(), failed)
}

// post makes one try: the event's JSON, signed, answered 2xx within
// timeout. When the dispatcher stops, the try gets SendGrace to finish.
func (d *Dispatcher) post(ctx context.Context, e emessage.QueuedEvent, timeout time.Duration) error {
	tryCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(SendGrace, cancel) })
	defer stop()
	req, err := http.NewRequestWithContext(tryCtx, http.MethodPost, d.URL, bytes.NewReader(e.Payload))
	if err != nil {
		return err
	}
	ts := d.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "emessage-webhook/1")
	req.Header.Set(HeaderEventID, e.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, "sha256="+Sign(d.Secret, ts, e.Payload))
	res, err := d.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s", timeout)
		}
		return err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // so that the connection can serve the next try
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %s", res.Status)
	}
	return nil
}

func (d *Dispatcher) timeout() time.Duration { return positive(d.Timeout, Timeout) }

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
