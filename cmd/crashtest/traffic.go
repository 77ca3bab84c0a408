package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ack is a request the server acknowledged (2xx) during the load, or a
// create whose key told that it was carried out (409 conflict).
type ack struct {
	Kind   string // "message", "action", "question", "answer" (created records), "reply" and "upload" (ID is the record answered or uploaded to), "close"
	ID     string
	Key    string // the create's Idempotency-Key ("" for a close)
	Named  string // the e-Message a 409 conflict named
	Via    string // "answer", "replay" (the first answer again) or "conflict"
	Client int
}

// ledger is what the clients saw: acknowledged requests, requests cut off
// by a kill, and anything unexpected.
type ledger struct {
	records atomic.Int64 // acknowledged records to customers: messages, actions, replies

	mu         sync.Mutex
	acks       []ack
	cutOff     map[string]int // tries with no answer, by kind
	waits      int            // 409 request_in_progress answers
	busy       int            // 503 answers
	doneUnseen map[string]int // closes found already done when retried (409)
	unresolved []*createReq   // creates still without an outcome when the test stopped waiting
	unexpected []string
}

func newLedger() *ledger {
	return &ledger{cutOff: map[string]int{}, doneUnseen: map[string]int{}}
}

func (l *ledger) add(a ack) {
	l.mu.Lock()
	l.acks = append(l.acks, a)
	l.mu.Unlock()
	if a.Kind == "message" || a.Kind == "action" || a.Kind == "reply" {
		l.records.Add(1)
	}
}

func (l *ledger) cut(kind string) {
	l.mu.Lock()
	l.cutOff[kind]++
	l.mu.Unlock()
}

func (l *ledger) count(n *int) {
	l.mu.Lock()
	*n++
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
// case writing to them and uploading to their actions, retrying through
// kills. Its tries go to its home server, and after a try with no answer
// to the next server.
type trafficClient struct {
	n        int
	w        worker
	worker   *apiClient
	customer *apiClient
	bases    []string // the servers' addresses
	home     int      // index in bases of the server the next try goes to
	rng      *rand.Rand
	led      *ledger
	open     []string   // the worker's acknowledged actions on the first case, not yet closed
	uploads  []string   // those that took an upload (at most one each)
	sent     []string   // the worker's acknowledged messages on the first case
	waiting  string     // the customer's record waiting for the worker's reply
	pending  *createReq // the customer's question or answer not yet carried out
	parked   []*createReq
	seq      int
}

// run sends until stop says so, then settles every create it parked.
func (c *trafficClient) run(ctx context.Context, stop func() bool) {
	for ctx.Err() == nil && !stop() {
		if r := c.due(time.Now()); r != nil {
			c.send(ctx, r)
			continue
		}
		switch x := c.rng.Float64(); {
		case x < 0.08 && len(c.open) > 0:
			c.close(ctx)
		case x < 0.14 && len(c.open) > 0:
			c.upload(ctx)
		case x < 0.30:
			c.conversation(ctx)
		case x < 0.48:
			c.create(ctx, "action")
		default:
			c.create(ctx, "message")
		}
	}
}

// settle tries the parked creates until each has an outcome, or until ctx
// ends; what is left is the ledger's unresolved.
func (c *trafficClient) settle(ctx context.Context) {
	for len(c.parked) > 0 && ctx.Err() == nil {
		if r := c.due(time.Now()); r != nil {
			c.send(ctx, r)
			continue
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	c.led.mu.Lock()
	c.led.unresolved = append(c.led.unresolved, c.parked...)
	c.led.mu.Unlock()
}

// due takes out the first parked create whose time to try again has come.
func (c *trafficClient) due(now time.Time) *createReq {
	for i, r := range c.parked {
		if !r.retryAt.After(now) {
			c.parked = append(c.parked[:i], c.parked[i+1:]...)
			return r
		}
	}
	return nil
}

func (c *trafficClient) key() string {
	c.seq++
	return fmt.Sprintf("ct-%d-%d", c.n, c.seq)
}

// create sends a new e-Message or upload action.
func (c *trafficClient) create(ctx context.Context, kind string) {
	key := c.key()
	number := c.w.Cases[c.rng.IntN(len(c.w.Cases))]
	body := map[string]any{"case_number": number, "person_id": "P1", "type": kind,
		"subject": fmt.Sprintf("Crash test %s %s", kind, key), "body": "Please look at your case in the portal. " + marker(key)}
	if kind == "action" {
		body["action_type"] = "upload_document"
	}
	r := jsonCreate(kind, key, "/api/v1/messages", body)
	r.firstCase = number == c.w.Cases[0]
	c.send(ctx, r)
}

// conversation is the customer writing to the county, a new question or an
// answer to one of the worker's messages, or the worker's answer when a
// customer's record waits for one.
func (c *trafficClient) conversation(ctx context.Context) {
	switch {
	case c.pending != nil:
		return // the customer waits for their last word to be taken
	case c.waiting == "" && len(c.sent) > 0 && c.rng.IntN(2) == 0:
		target := c.sent[c.rng.IntN(len(c.sent))]
		key := c.key()
		r := jsonCreate("answer", key, "/api/v1/ssp/messages/"+target+"/reply", map[string]any{"body": "Thank you, I will. " + marker(key)})
		r.Target, r.customer = target, true
		c.pending = r
		c.send(ctx, r)
	case c.waiting == "":
		key := c.key()
		r := jsonCreate("question", key, "/api/v1/ssp/messages", map[string]any{"case_number": c.w.Cases[0],
			"subject": "Question " + key, "body": "When is my interview? " + marker(key)})
		r.customer = true
		c.pending = r
		c.send(ctx, r)
	default:
		id := c.waiting
		c.waiting = ""
		key := c.key()
		r := jsonCreate("reply", key, "/api/v1/messages/"+id+"/reply", map[string]any{"body": "Your interview is on Monday at 10. " + marker(key)})
		r.Target = id
		c.send(ctx, r)
	}
}

// upload is the customer's document for one of the worker's open actions
// on the first case, one to an action.
func (c *trafficClient) upload(ctx context.Context) {
	for _, id := range c.open {
		if !slices.Contains(c.uploads, id) {
			c.uploads = append(c.uploads, id)
			c.send(ctx, uploadCreate(c.key(), id))
			return
		}
	}
}

// close sets one of the worker's actions to Action Closed; never one with
// an upload still without an outcome, which would then be refused.
func (c *trafficClient) close(ctx context.Context) {
	i := c.rng.IntN(len(c.open))
	id := c.open[i]
	for _, r := range c.parked {
		if r.Kind == "upload" && r.Target == id {
			return
		}
	}
	c.open = slices.Delete(c.open, i, i+1)
	c.once(ctx, "close", "PATCH", "/api/v1/messages/"+id, map[string]string{"status": "action_closed"}, id)
}

// send tries a create until an answer tells its outcome, or parks it when
// the answer is request_in_progress: the claim of a try cut off by a kill
// holds its key until its lease runs out.
func (c *trafficClient) send(ctx context.Context, r *createReq) {
	as := c.worker
	if r.customer {
		as = c.customer
	}
	for ctx.Err() == nil {
		r.tries++
		a, err := as.send(ctx, c.bases[c.home], r.Method, r.Path, r.ContentType, r.Body, r.Key)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			r.cut, r.lastCut = true, time.Now()
			c.home = (c.home + 1) % len(c.bases)
			c.retry(ctx, r.Kind)
			continue
		}
		v, id, named := judge(r, a)
		switch v {
		case vAgain:
			c.led.count(&c.led.busy)
			pause(ctx)
			continue
		case vWait:
			c.led.count(&c.led.waits)
			r.retryAt = r.nextTry(time.Now())
			c.parked = append(c.parked, r)
			return
		case vRefused:
			c.led.unexpect("%s %s (key %s) by %s: %d %.200s", r.Kind, r.Path, r.Key, c.w.Username, a.Status, a.Body)
			c.done(r, "")
			return
		}
		via := "answer"
		switch {
		case v == vCarriedOut:
			via = "conflict"
		case a.Replayed:
			via = "replay"
		}
		c.led.add(ack{Kind: r.Kind, ID: id, Key: r.Key, Named: named, Via: via, Client: c.n})
		c.done(r, id)
		return
	}
	// The test is stopping: the create has no outcome.
	c.parked = append(c.parked, r)
}

// done moves the conversation on when a create has its outcome (id "" when
// it was refused).
func (c *trafficClient) done(r *createReq, id string) {
	switch r.Kind {
	case "question", "answer":
		c.pending = nil
		c.waiting = id
	case "action":
		if id != "" && r.firstCase {
			c.open = append(c.open, id)
		}
	case "message":
		if id != "" && r.firstCase {
			c.sent = append(c.sent, id)
		}
	}
}

// once retries a status move until an answer comes: 200 is acknowledged;
// 409 after a cut-off try means that try was carried out.
func (c *trafficClient) once(ctx context.Context, kind, method, path string, body any, id string) {
	raw, err := json.Marshal(body)
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	tried := false
	for ctx.Err() == nil {
		a, err := c.worker.send(ctx, c.bases[c.home], method, path, "application/json", raw, "")
		if err != nil {
			tried = true
			c.home = (c.home + 1) % len(c.bases)
			c.retry(ctx, kind)
			continue
		}
		switch {
		case a.Status == http.StatusServiceUnavailable:
			c.led.count(&c.led.busy)
			pause(ctx)
			continue
		case a.Status == http.StatusOK:
			c.led.add(ack{Kind: kind, ID: id, Via: "answer", Client: c.n})
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
// 50 ms, hits one of the servers at random, and the server is started
// again on the same database and port at once.
type killer struct {
	servers    []*serverCtl
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
		srv := k.servers[k.rng.IntN(len(k.servers))]
		k.killsAfter = append(k.killsAfter, k.led.records.Load())
		k.times = append(k.times, srv.kill())
		start := time.Now()
		if err := srv.start(ctx); err != nil {
			return fmt.Errorf("restart of server %d after kill %d: %w", srv.slot, len(k.times), err)
		}
		k.restarts = append(k.restarts, time.Since(start))
	}
	return nil
}
