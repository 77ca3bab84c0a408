package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ack is a request the server acknowledged (2xx) during the load.
type ack struct {
	Kind   string // "message", "action" (created records), "reply" (ID is the customer's record answered), "close"
	ID     string
	Client int
}

// ledger is what the clients saw: acknowledged requests, requests cut off
// by a kill, and anything unexpected.
type ledger struct {
	records atomic.Int64 // acknowledged records to customers: messages, actions, replies

	mu         sync.Mutex
	acks       []ack
	cutOff     map[string]int // requests with no answer, by kind
	doneUnseen map[string]int // replies and closes found already done when retried (409)
	unexpected []string
}

func newLedger() *ledger {
	return &ledger{cutOff: map[string]int{}, doneUnseen: map[string]int{}}
}

func (l *ledger) add(a ack) {
	l.mu.Lock()
	l.acks = append(l.acks, a)
	l.mu.Unlock()
	if a.Kind != "close" {
		l.records.Add(1)
	}
}

func (l *ledger) cut(kind string) {
	l.mu.Lock()
	l.cutOff[kind]++
	l.mu.Unlock()
}

func (l *ledger) doneBefore(kind string) {
	l.mu.Lock()
	l.doneUnseen[kind]++
	l.mu.Unlock()
}

func (l *ledger) unexpect(format string, args ...any) {
	l.mu.Lock()
	l.unexpected = append(l.unexpected, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

// trafficClient is one worker sending, and the customer of their first
// case writing to them, retrying through kills.
type trafficClient struct {
	n        int
	w        worker
	worker   *apiClient
	customer *apiClient
	rng      *rand.Rand
	led      *ledger
	open     []string // the worker's acknowledged actions not yet closed
	waiting  string   // the customer's record waiting for the worker's reply
	seq      int
}

// run sends until stop says so.
func (c *trafficClient) run(ctx context.Context, stop func() bool) {
	for ctx.Err() == nil && !stop() {
		switch r := c.rng.Float64(); {
		case r < 0.10 && len(c.open) > 0:
			c.close(ctx)
		case r < 0.25:
			c.conversation(ctx)
		case r < 0.45:
			c.create(ctx, "action")
		default:
			c.create(ctx, "message")
		}
	}
}

// create sends a new e-Message or upload action, again after every request
// cut off (each try may create a record: the API has no idempotency key).
func (c *trafficClient) create(ctx context.Context, kind string) {
	c.seq++
	body := map[string]any{"case_number": c.w.Cases[c.rng.IntN(len(c.w.Cases))], "person_id": "P1", "type": kind,
		"subject": fmt.Sprintf("Crash test %s %d-%d", kind, c.n, c.seq), "body": "Please look at your case in the portal."}
	if kind == "action" {
		body["action_type"] = "upload_document"
	}
	for ctx.Err() == nil {
		a, err := c.worker.call(ctx, "POST", "/api/v1/messages", body)
		if err != nil {
			c.retry(ctx, kind)
			continue
		}
		var m struct{ ID string }
		if a.Status != http.StatusCreated || a.decode(&m) != nil || m.ID == "" {
			c.led.unexpect("%s by %s: %d %.200s", kind, c.w.Username, a.Status, a.Body)
			return
		}
		c.led.add(ack{Kind: kind, ID: m.ID, Client: c.n})
		if kind == "action" {
			c.open = append(c.open, m.ID)
		}
		return
	}
}

// conversation is the customer writing to the county, or the worker's
// answer when a customer's record waits for one.
func (c *trafficClient) conversation(ctx context.Context) {
	if c.waiting == "" {
		c.seq++
		body := map[string]any{"case_number": c.w.Cases[0], "subject": fmt.Sprintf("Question %d-%d", c.n, c.seq), "body": "When is my interview?"}
		a, err := c.customer.callAnswered(ctx, "POST", "/api/v1/ssp/messages", body)
		if err != nil {
			return
		}
		var m struct{ ID string }
		if a.Status != http.StatusCreated || a.decode(&m) != nil || m.ID == "" {
			c.led.unexpect("customer %s writes: %d %.200s", c.w.Customer, a.Status, a.Body)
			return
		}
		c.waiting = m.ID
		return
	}
	id := c.waiting
	c.waiting = ""
	c.once(ctx, "reply", "POST", "/api/v1/messages/"+id+"/reply", map[string]string{"body": "Your interview is on Monday at 10."}, id)
}

// close sets one of the worker's actions to Action Closed.
func (c *trafficClient) close(ctx context.Context) {
	id := c.open[len(c.open)-1]
	c.open = c.open[:len(c.open)-1]
	c.once(ctx, "close", "PATCH", "/api/v1/messages/"+id, map[string]string{"status": "action_closed"}, id)
}

// once retries a status move until an answer comes: 200 is acknowledged;
// 409 after a cut-off try means that try was carried out.
func (c *trafficClient) once(ctx context.Context, kind, method, path string, body any, id string) {
	tried := false
	for ctx.Err() == nil {
		a, err := c.worker.call(ctx, method, path, body)
		if err != nil {
			tried = true
			c.retry(ctx, kind)
			continue
		}
		switch {
		case a.Status == http.StatusOK:
			c.led.add(ack{Kind: kind, ID: id, Client: c.n})
		case a.Status == http.StatusConflict && tried:
			c.led.doneBefore(kind)
		default:
			c.led.unexpect("%s %s by %s: %d %.200s", kind, id, c.w.Username, a.Status, a.Body)
		}
		return
	}
}

func (c *trafficClient) retry(ctx context.Context, kind string) {
	if ctx.Err() == nil {
		c.led.cut(kind)
		pause(ctx)
	}
}

// killer is the kill -9 schedule: each kill comes when the acknowledged
// records pass a random point of the load, after a random delay of up to
// 50 ms, and the server is started again on the same database at once.
type killer struct {
	srv        *serverCtl
	led        *ledger
	rng        *rand.Rand
	times      []time.Time     // the moments of the kills
	restarts   []time.Duration // how long each restart took to listen
	killsAfter []int64         // acknowledged records at each kill
}

// run kills n times during a load of target records.
func (k *killer) run(ctx context.Context, n, target int) error {
	points := make([]int64, n)
	for i := range points {
		points[i] = int64(float64(target) * (0.05 + 0.85*k.rng.Float64()))
	}
	sort.Slice(points, func(i, j int) bool { return points[i] < points[j] })
	for _, p := range points {
		for k.led.records.Load() < p {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(k.rng.IntN(50_000)) * time.Microsecond)
		k.killsAfter = append(k.killsAfter, k.led.records.Load())
		k.times = append(k.times, k.srv.kill())
		start := time.Now()
		if err := k.srv.start(ctx); err != nil {
			return fmt.Errorf("restart after kill %d: %w", len(k.times), err)
		}
		k.restarts = append(k.restarts, time.Since(start))
	}
	return nil
}
