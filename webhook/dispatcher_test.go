package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/webhook"
)

const secret = "a-long-shared-secret"

// rigWithEvents is a service over a real store whose changes queue
// webhook events, as serve --webhook-url makes it.
func rigWithEvents(t *testing.T, fn func(t *testing.T, r *testrig.Rig)) {
	testrig.ForEachDB(t, fixture.World, func(t *testing.T, r *testrig.Rig) {
		r.Service.Events = true
		fn(t, r)
	})
}

// story is a little of everything that queues events: an action uploaded
// to and closed, a customer's question read and answered. It returns each
// record's events as the receiver must see them, in order ("type status").
func story(t *testing.T, r *testrig.Rig) map[string][]string {
	t.Helper()
	ctx := context.Background()
	jdoe, maria := r.MustLogin(t, "jdoe", fixture.Password), r.MustLogin(t, "maria", fixture.Password)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	action, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
		Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please send them."})
	must(err)
	_, _, err = r.Service.CustomerUpload(ctx, maria, action.ID, []emessage.UploadFile{{Name: "stub.pdf", Data: testrig.PDF("stub")}})
	must(err)
	_, err = r.Service.SetStatus(ctx, jdoe, action.ID, emessage.StatusActionClosed)
	must(err)
	question, err := r.Service.CustomerSend(ctx, maria, emessage.NewCustomerMessage{CaseNumber: "B1", Subject: "Card", Body: "Where is it?"})
	must(err)
	_, err = r.Service.MessageDetail(ctx, jdoe, question.ID)
	must(err)
	answer, err := r.Service.Reply(ctx, jdoe, question.ID, "In the mail.")
	must(err)
	answerID := answer.ID
	if answerID == question.ID { // Reply returns the answered record; the answer is in its thread
		d, err := r.Service.MessageDetail(ctx, jdoe, question.ID)
		must(err)
		for _, m := range d.Thread {
			if m.InReplyTo == question.ID {
				answerID = m.ID
			}
		}
	}
	return map[string][]string{
		action.ID: {"message.created new_action", "message.status_changed action_completed",
			"upload.created action_completed", "message.status_changed action_closed"},
		question.ID: {"message.created received", "message.status_changed read", "message.status_changed replied"},
		answerID:    {"message.created sent"},
	}
}

// checkArrived: every event the story queued arrived, once after
// deduplication, each record's in order, every POST well signed.
func checkArrived(t *testing.T, rcv *testrig.Receiver, want map[string][]string) {
	t.Helper()
	if p := rcv.Problems(); len(p) > 0 {
		t.Fatalf("the receiver refused POSTs: %v", p)
	}
	got := map[string][]string{}
	for id, ds := range rcv.ByMessage() {
		for _, d := range ds {
			got[id] = append(got[id], string(d.Event.Type)+" "+string(d.Event.Status))
			if d.Event.County != "19" || d.Event.CaseNumber != "B1" || d.Event.Program == "" {
				t.Errorf("event %s", d.Body)
			}
		}
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("record %s: events %v, want %v", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("events of %d records, want %d: %v", len(got), len(want), got)
	}
}

func total(want map[string][]string) (n int) {
	for _, w := range want {
		n += len(w)
	}
	return n
}

// TestDeliversThroughFailures: a receiver that fails for a while and then
// accepts gets every event, each record's in order, signed; the failed
// tries are retried and counted.
func TestDeliversThroughFailures(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		rcv := testrig.StartReceiver(t, secret)
		rcv.FailNext(5)
		want := story(t, r)
		d := &webhook.Dispatcher{Store: r.Store, URL: rcv.URL, Secret: secret, Now: r.Clock.Now}
		for i := 0; len(rcv.Unique()) < total(want) && i < 100; i++ {
			if _, err := d.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			r.Clock.Add(webhook.FirstRetry)
		}
		checkArrived(t, rcv, want)
		if got := d.Counters.Retried.Load(); got != 5 {
			t.Errorf("%d tries retried, want 5", got)
		}
		if got := d.Counters.Delivered.Load(); got != int64(total(want)) {
			t.Errorf("%d delivered, want %d", got, total(want))
		}
		if c, err := r.Store.WebhookCounts(ctx); err != nil || c.Pending != 0 || c.Failed != 0 || !c.OldestPending.IsZero() {
			t.Errorf("outbox = %+v, %v", c, err)
		}
		// An import writes records without events.
		r.MustImport(t, &emessage.ImportData{Messages: []emessage.ImportMessage{{ID: "L-1", CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "Old", Body: "Old", Status: emessage.StatusSent,
			CreatedAt: testrig.T0.Add(-time.Hour), Author: "jdoe"}}})
		if c, _ := r.Store.WebhookCounts(ctx); c.Pending != 0 {
			t.Errorf("an import queued %d events", c.Pending)
		}
	})
}

// waitFor polls cond until it is true or fails after a generous while.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// run starts d until the test ends.
func run(t *testing.T, d *webhook.Dispatcher) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// TestHangingReceiver: a receiver that takes POSTs and never answers
// holds up no request of the service; its tries time out, are retried,
// and once it answers again every event arrives, in order.
func TestHangingReceiver(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		rcv := testrig.StartReceiver(t, secret)
		release := rcv.Hang()
		d := &webhook.Dispatcher{Store: r.Store, URL: rcv.URL, Secret: secret, Now: r.Clock.Now,
			Timeout: 200 * time.Millisecond, Idle: 10 * time.Millisecond}
		r.Service.EventsQueued = d.Wake
		run(t, d)
		// The whole story is written while the receiver holds every POST.
		stories := make(chan map[string][]string, 1)
		go func() { stories <- story(t, r) }()
		var want map[string][]string
		waitFor(t, "the story, written while the receiver hangs", func() bool {
			select {
			case want = <-stories:
				return true
			default:
				return false
			}
		})
		waitFor(t, "tries that timed out", func() bool { return d.Counters.Retried.Load() >= 3 })
		if n := len(rcv.Accepted()); n != 0 {
			t.Fatalf("%d events accepted by a receiver that never answered", n)
		}
		release()
		waitFor(t, "every event", func() bool {
			r.Clock.Add(webhook.FirstRetry) // the retries come due
			d.Wake()
			return len(rcv.Unique()) == total(want)
		})
		checkArrived(t, rcv, want)
	})
}

// TestGiveUpAfter72Hours: an event the receiver refuses for 72 hours is
// marked failed and counted; the record's next event then goes, and
// another record's events were never held back.
func TestGiveUpAfter72Hours(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		rcv := testrig.StartReceiver(t, secret)
		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		action, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Stubs", Body: "Please."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Service.SetStatus(ctx, jdoe, action.ID, emessage.StatusActionClosed); err != nil {
			t.Fatal(err)
		}
		// In front of the receiver, a proxy refuses the action's first event.
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			body, _ := io.ReadAll(req.Body)
			if strings.Contains(string(body), `"type":"message.created"`) && strings.Contains(string(body), action.ID) {
				http.Error(w, "no", http.StatusServiceUnavailable)
				return
			}
			forward, _ := http.NewRequest("POST", rcv.URL, bytes.NewReader(body))
			forward.Header = req.Header
			res, err := http.DefaultClient.Do(forward)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			res.Body.Close()
			w.WriteHeader(res.StatusCode)
		}))
		t.Cleanup(front.Close)
		d := &webhook.Dispatcher{Store: r.Store, URL: front.URL, Secret: secret, Now: r.Clock.Now}
		start := r.Clock.Now()
		other := ""
		for i := 0; d.Counters.Failed.Load() == 0 && i < 2000; i++ {
			if _, err := d.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if i == 10 { // meanwhile, another record
				m, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
					Type: emessage.TypeMessage, Subject: "Hi", Body: "Hello."})
				if err != nil {
					t.Fatal(err)
				}
				other = m.ID
			}
			r.Clock.Add(webhook.MaxRetry)
		}
		if took := r.Clock.Now().Sub(start); took < webhook.GiveUpAfter || took > webhook.GiveUpAfter+2*webhook.MaxRetry {
			t.Errorf("given up %s after queueing, want %s", took, webhook.GiveUpAfter)
		}
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for id, ds := range rcv.ByMessage() {
			for _, dl := range ds {
				got[id] = append(got[id], string(dl.Event.Type)+" "+string(dl.Event.Status))
			}
		}
		want := map[string][]string{action.ID: {"message.status_changed action_closed"}, other: {"message.created sent"}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("delivered %v, want %v", got, want)
		}
		c, err := r.Store.WebhookCounts(ctx)
		if err != nil || c.Failed != 1 || c.Pending != 0 || d.Counters.Failed.Load() != 1 || d.Counters.Retried.Load() < 400 {
			t.Errorf("outbox %+v, %v; counters %d failed, %d retried", c, err, d.Counters.Failed.Load(), d.Counters.Retried.Load())
		}
	})
}

// TestOnlyTwoXXDelivers: a redirect or a 4xx is a failed try, retried.
func TestOnlyTwoXXDelivers(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		answers := []int{http.StatusFound, http.StatusNotFound, http.StatusNoContent}
		var tries []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			tries = append(tries, req.Header.Get(webhook.HeaderEventID))
			if req.Header.Get("Content-Type") != "application/json" || !strings.HasPrefix(req.Header.Get(webhook.HeaderSignature), "sha256=") {
				t.Errorf("headers %v", req.Header)
			}
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(answers[0])
			answers = answers[1:]
		}))
		t.Cleanup(srv.Close)
		jdoe := r.MustLogin(t, "jdoe", fixture.Password)
		if _, err := r.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
			Type: emessage.TypeMessage, Subject: "Hi", Body: "Hello."}); err != nil {
			t.Fatal(err)
		}
		d := &webhook.Dispatcher{Store: r.Store, URL: srv.URL, Secret: secret, Now: r.Clock.Now}
		for range 3 {
			if _, err := d.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			r.Clock.Add(webhook.MaxRetry)
		}
		if len(tries) != 3 || tries[0] != tries[2] || d.Counters.Retried.Load() != 2 || d.Counters.Delivered.Load() != 1 {
			t.Errorf("tries %v; %d retried, %d delivered", tries, d.Counters.Retried.Load(), d.Counters.Delivered.Load())
		}
	})
}

// TestShortLease: a lease shorter than the timeout (serve --webhook-lease
// 10s) shortens the tries' wait rather than leaving the events unsent.
func TestShortLease(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		rcv := testrig.StartReceiver(t, secret)
		want := story(t, r)
		d := &webhook.Dispatcher{Store: r.Store, URL: rcv.URL, Secret: secret, Lease: time.Second, Now: r.Clock.Now}
		for i := 0; len(rcv.Unique()) < total(want) && i < 20; i++ {
			if _, err := d.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		checkArrived(t, rcv, want)
	})
}

// TestTwoDispatchersShareTheOutbox: two servers' dispatchers on one
// database deliver each event once, each record's in order.
func TestTwoDispatchersShareTheOutbox(t *testing.T) {
	rigWithEvents(t, func(t *testing.T, r *testrig.Rig) {
		rcv := testrig.StartReceiver(t, secret)
		var ds []*webhook.Dispatcher
		for range 2 {
			d := &webhook.Dispatcher{Store: r.Store, URL: rcv.URL, Secret: secret, Now: r.Clock.Now, Idle: 5 * time.Millisecond, Batch: 2}
			ds = append(ds, d)
			run(t, d)
		}
		want := map[string][]string{}
		for range 3 {
			for id, w := range story(t, r) {
				want[id] = w
			}
		}
		// Accepted, then recorded delivered: wait for both.
		waitFor(t, "every event", func() bool {
			return len(rcv.Unique()) == total(want) && ds[0].Counters.Delivered.Load()+ds[1].Counters.Delivered.Load() >= int64(total(want))
		})
		checkArrived(t, rcv, want)
		if n := len(rcv.Accepted()); n != total(want) {
			t.Errorf("%d POSTs accepted for %d events", n, total(want))
		}
		if a, b := ds[0].Counters.Delivered.Load(), ds[1].Counters.Delivered.Load(); a+b != int64(total(want)) {
			t.Errorf("delivered %d + %d, want %d", a, b, total(want))
		}
	})
}
