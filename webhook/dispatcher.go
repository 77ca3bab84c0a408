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
	"github.com/county/emessage/internal/outbox"
)

// Dispatcher defaults for fields left zero.
const (
	DefaultBatch       = 16
	DefaultWorkers     = 4
	DefaultLease       = outbox.DefaultLease
	DefaultIdle        = outbox.DefaultIdle
	DefaultReportEvery = outbox.DefaultReportEvery
)

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

	wake   outbox.Waker
	once   sync.Once
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
func (d *Dispatcher) Wake() { d.wake.Wake() }

// Run delivers queued events until ctx is done.
func (d *Dispatcher) Run(ctx context.Context) { d.loop().Run(ctx, d.wake.C()) }

// RunOnce claims one batch of due events and tries each once. It returns
// how many were delivered; err is a store failure (a failed try is
// scheduled for retry, not returned).
func (d *Dispatcher) RunOnce(ctx context.Context) (delivered int, err error) {
	_, delivered, err = d.loop().Once(ctx)
	return delivered, err
}

// loop is the outbox loop of the events. Each event of a batch is of
// another record, so they may go at once; one delivered may let its
// record's next be claimed, so any claim is followed by another; and a
// store failure does not stop the rest (a receiver drops a repeat).
func (d *Dispatcher) loop() *outbox.Loop[emessage.QueuedEvent] {
	d.once.Do(func() {
		if d.client = d.Client; d.client == nil {
			d.client = NewClient()
		}
	})
	return &outbox.Loop[emessage.QueuedEvent]{
		Name: "webhook outbox", Logger: d.Logger, Now: d.Now,
		Batch: outbox.Positive(d.Batch, DefaultBatch), Workers: outbox.Positive(d.Workers, DefaultWorkers),
		Lease: d.Lease, Idle: d.Idle, ReportEvery: d.ReportEvery, MaxTry: outbox.Positive(d.Timeout, Timeout),
		Ordered: true, KeepGoing: true,
		Claim: d.Store.ClaimWebhookEvents,
		Attrs: func(e emessage.QueuedEvent) []any {
			return []any{"event", e.ID, "type", e.Type, "message", e.MessageID, "attempt", e.Attempts + 1}
		},
		Send: d.post, Sent: d.delivered, Failed: d.failed, Counts: d.counts,
	}
}

func (d *Dispatcher) delivered(ctx context.Context, log *slog.Logger, e emessage.QueuedEvent, at time.Time) error {
	// When this fails, the same event (same id) goes again, and the receiver drops it.
	if err := d.Store.WebhookDelivered(ctx, e.Seq, at); err != nil {
		return err
	}
	d.Counters.Delivered.Add(1)
	log.Debug("webhook event delivered")
	return nil
}

func (d *Dispatcher) failed(ctx context.Context, log *slog.Logger, e emessage.QueuedEvent, now time.Time, err error) error {
	next, failed := NextTry(e.Attempts, e.CreatedAt, now)
	if failed {
		d.Counters.Failed.Add(1)
		log.Error("webhook event given up", "queued", e.CreatedAt, "err", err)
	} else {
		d.Counters.Retried.Add(1)
		log.Warn("webhook event not delivered, will retry", "err", err, "next", next)
	}
	return d.Store.WebhookRetry(ctx, e.Seq, next, err.Error(), failed)
}

// post makes one try: the event's JSON, signed, answered 2xx within
// timeout (ctx's deadline).
func (d *Dispatcher) post(ctx context.Context, e emessage.QueuedEvent, timeout time.Duration) ([]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(e.Payload))
	if err != nil {
		return nil, err
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
			return nil, fmt.Errorf("no answer within %s", timeout)
		}
		return nil, err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // so that the connection can serve the next try
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, fmt.Errorf("the receiver answered %s", res.Status)
	}
	return nil, nil
}

func (d *Dispatcher) counts(ctx context.Context) (pending, failed int, attrs []any, err error) {
	c, err := d.Store.WebhookCounts(ctx)
	attrs = []any{"delivered", d.Counters.Delivered.Load(), "retried", d.Counters.Retried.Load(),
		"given_up", d.Counters.Failed.Load()}
	if !c.OldestPending.IsZero() {
		attrs = append(attrs, "oldest_pending", d.now().Sub(c.OldestPending).Round(time.Second))
	}
	return c.Pending, c.Failed, attrs, err
}

func (d *Dispatcher) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}
