package testrig

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

// Receiver is a county system's webhook endpoint (SPEC 16): a real HTTP
// server on 127.0.0.1 that checks each POST as a careful county would (its
// headers, its signature, computed here on its own and not by the
// project's webhook package, and a body of nothing but the event's
// fields), answers as the test tells it (500 for a while, or no answer
// until released) and keeps the events it accepted in the order they came.
type Receiver struct {
	URL    string
	Secret string
	srv    *httptest.Server

	mu        sync.Mutex
	downUntil time.Time     // answer 500 until then
	failNext  int           // answer 500 to this many more POSTs
	hang      chan struct{} // when set, POSTs wait until it is closed
	posts     int
	tries     map[string]int // POSTs by event id, answered or not
	accepted  []Delivery
	problems  []string
}

// Delivery is an event the receiver accepted (answered 200).
type Delivery struct {
	Event     emessage.Event
	Body      []byte
	Timestamp int64 // X-Emessage-Timestamp
	At        time.Time
}

// NewReceiver starts a receiver that checks signatures with secret; Close
// stops it.
func NewReceiver(secret string) *Receiver {
	r := &Receiver{Secret: secret, tries: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	r.URL = r.srv.URL + "/hooks/emessage"
	return r
}

// StartReceiver starts a receiver that stops when the test ends.
func StartReceiver(tb testing.TB, secret string) *Receiver {
	tb.Helper()
	r := NewReceiver(secret)
	tb.Cleanup(r.Close)
	return r
}

// Close lets hanging POSTs go and stops the server.
func (r *Receiver) Close() {
	r.mu.Lock()
	if r.hang != nil {
		close(r.hang)
		r.hang = nil
	}
	r.mu.Unlock()
	r.srv.Close()
}

// DownFor answers 500 to every POST for d from now.
func (r *Receiver) DownFor(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.downUntil = time.Now().Add(d)
}

// FailNext answers 500 to the next n POSTs.
func (r *Receiver) FailNext(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failNext = n
}

// Hang makes POSTs wait, without an answer, until release is called; a
// POST whose sender gave up meanwhile is not accepted.
func (r *Receiver) Hang() (release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan struct{})
	r.hang = ch
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.hang == ch { // not released yet, nor by Close
			r.hang = nil
			close(ch)
		}
	}
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		return
	}
	d, problem := r.check(req, body)
	r.mu.Lock()
	r.posts++
	if problem != "" {
		r.problems = append(r.problems, problem)
		r.mu.Unlock()
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	r.tries[d.Event.ID]++
	down := time.Now().Before(r.downUntil) || r.failNext > 0
	if r.failNext > 0 {
		r.failNext--
	}
	hang := r.hang
	r.mu.Unlock()
	if down {
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
		return
	}
	if hang != nil {
		select {
		case <-hang:
		case <-req.Context().Done():
			return // the sender gave up: not accepted
		}
	}
	r.mu.Lock()
	d.At = time.Now()
	r.accepted = append(r.accepted, d)
	r.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// check reads a POST as a county system should before trusting it.
func (r *Receiver) check(req *http.Request, body []byte) (Delivery, string) {
	var d Delivery
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		return d, fmt.Sprintf("%s with Content-Type %q", req.Method, req.Header.Get("Content-Type"))
	}
	ts, err := strconv.ParseInt(req.Header.Get("X-Emessage-Timestamp"), 10, 64)
	if err != nil {
		return d, fmt.Sprintf("X-Emessage-Timestamp %q", req.Header.Get("X-Emessage-Timestamp"))
	}
	mac := hmac.New(sha256.New, []byte(r.Secret))
	fmt.Fprintf(mac, "%d.%s", ts, body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if got := req.Header.Get("X-Emessage-Signature"); !hmac.Equal([]byte(got), []byte(want)) {
		return d, fmt.Sprintf("signature %q of %s does not match", got, body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields() // nothing but the event's fields: no subject, body or file name
	if err := dec.Decode(&d.Event); err != nil {
		return d, fmt.Sprintf("body %s: %v", body, err)
	}
	e := d.Event
	if e.ID == "" || e.ID != req.Header.Get("X-Emessage-Event-Id") || e.Type == "" || e.At.IsZero() ||
		e.County == "" || e.CaseNumber == "" || e.MessageID == "" || e.Status == "" ||
		(e.Type == emessage.EventUploadCreated) != (e.UploadID != "") {
		return d, fmt.Sprintf("event %s (header id %q) lacks a field", body, req.Header.Get("X-Emessage-Event-Id"))
	}
	d.Body, d.Timestamp = body, ts
	return d, ""
}

// Accepted returns every event accepted so far, in the order accepted, a
// second copy of one included.
func (r *Receiver) Accepted() []Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Delivery(nil), r.accepted...)
}

// Unique returns the first acceptance of each event, in the order
// accepted: what a receiver deduplicating by id keeps.
func (r *Receiver) Unique() []Delivery {
	seen := map[string]bool{}
	var out []Delivery
	for _, d := range r.Accepted() {
		if !seen[d.Event.ID] {
			seen[d.Event.ID] = true
			out = append(out, d)
		}
	}
	return out
}

// ByMessage returns Unique by record, each record's in the order accepted.
func (r *Receiver) ByMessage() map[string][]Delivery {
	out := map[string][]Delivery{}
	for _, d := range r.Unique() {
		out[d.Event.MessageID] = append(out[d.Event.MessageID], d)
	}
	return out
}

// Tries is how many well-formed POSTs of an event came, answered or not.
func (r *Receiver) Tries(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tries[id]
}

// Posts is how many POSTs came in all.
func (r *Receiver) Posts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.posts
}

// Problems lists the POSTs refused for a bad signature, header or body.
func (r *Receiver) Problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.problems...)
}
