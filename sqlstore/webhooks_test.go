package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

// addWithEvents writes a record as MustAdd does, through a change that
// queues its webhook events.
func addWithEvents(tb testing.TB, s *Store, in msg) *emessage.Message {
	tb.Helper()
	tmpl := MustAdd(tb, s, in) // a record made as the service makes one, copied under a new id
	m := *tmpl
	m.ID = emessage.NewMessageID(m.CreatedAt)
	m.ThreadID = m.ID
	if err := s.Apply(context.Background(), &emessage.Change{Messages: []*emessage.Message{&m}, Events: true}); err != nil {
		tb.Fatal(err)
	}
	return &m
}

// queuedEvents returns every queued event, in the outbox's order.
func queuedEvents(tb testing.TB, s *Store) []emessage.QueuedEvent {
	tb.Helper()
	rows, err := s.read().query(context.Background(), `SELECT id, event_id, message_id, type, payload, county, state,
		attempts, next_at, created_at, delivered_at, last_error, leased_until FROM webhook_events ORDER BY id`)
	out, err := collect(rows, err, scanQueuedEvent)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func decodeEvent(tb testing.TB, e emessage.QueuedEvent) map[string]any {
	tb.Helper()
	var got map[string]any
	if err := json.Unmarshal(e.Payload, &got); err != nil {
		tb.Fatalf("payload %s: %v", e.Payload, err)
	}
	return got
}

// TestWebhookEventsQueued: a change asking for events queues one per new
// record, status change and upload, in the change's transaction, with
// SPEC 16's fields and no words of the record; a change without Events, or
// one that fails, queues none.
func TestWebhookEventsQueued(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		if got := queuedEvents(t, s); len(got) != 0 {
			t.Fatalf("a change without Events queued %+v", got)
		}
		m := addWithEvents(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction})
		maria := emessage.Actor{Role: emessage.RoleSSP, ID: m.AccountID, Username: "maria"}
		at := t0.Add(time.Hour)
		ups := []emessage.Upload{upload("a.pdf"), upload("b.pdf")}
		err := s.Apply(ctx, &emessage.Change{Uploads: ups, UploadsTo: m.ID, Events: true,
			Status: &emessage.StatusChange{MessageID: m.ID, From: []emessage.Status{emessage.StatusNewAction},
				To: emessage.StatusActionCompleted, At: at, By: maria}})
		if err != nil {
			t.Fatal(err)
		}
		// Closed already: the change fails, and its event is not queued.
		err = s.Apply(ctx, &emessage.Change{Events: true, Status: &emessage.StatusChange{MessageID: m.ID,
			From: []emessage.Status{emessage.StatusNewAction}, To: emessage.StatusActionClosed, At: at, By: jdoe}})
		wantCode(t, err, emessage.EInvalidTransition)

		got := queuedEvents(t, s)
		want := []struct {
			typ    emessage.EventType
			status emessage.Status
			at     time.Time
			upload string
		}{
			{emessage.EventMessageCreated, emessage.StatusNewAction, t0, ""},
			{emessage.EventMessageStatusChanged, emessage.StatusActionCompleted, at, ""},
			{emessage.EventUploadCreated, emessage.StatusActionCompleted, t0, ups[0].PublicID},
			{emessage.EventUploadCreated, emessage.StatusActionCompleted, t0, ups[1].PublicID},
		}
		if len(got) != len(want) {
			t.Fatalf("%d events queued, want %d: %+v", len(got), len(want), got)
		}
		ids := map[string]bool{}
		for i, w := range want {
			e := got[i]
			p := decodeEvent(t, e)
			wantJSON := map[string]any{"id": e.ID, "type": string(w.typ), "at": w.at.Format(time.RFC3339Nano),
				"county": "19", "case_number": "B1", "program": m.Program, "message_id": m.ID, "status": string(w.status)}
			if w.upload != "" {
				wantJSON["upload_id"] = w.upload
			}
			if len(p) != len(wantJSON) {
				t.Errorf("event %d has fields %v, want %v", i, p, wantJSON)
			}
			for k, v := range wantJSON {
				if p[k] != v {
					t.Errorf("event %d: %s = %v, want %v", i, k, p[k], v)
				}
			}
			if e.Type != w.typ || e.MessageID != m.ID || e.County != "19" || e.State != emessage.EventPending ||
				e.Attempts != 0 || !e.NextAt.Equal(e.CreatedAt) || len(e.ID) != 30 || e.ID[:4] != "evt_" || ids[e.ID] {
				t.Errorf("event %d = %+v", i, e)
			}
			ids[e.ID] = true
		}
	})
}

// TestWebhookClaimOrder: a claim takes only the earliest pending event of
// each record, so that one record's events go out in order; a record
// whose event waits for a retry holds back its own later events and no
// one else's, and gives them up to the next once it is delivered or failed.
func TestWebhookClaimOrder(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		a := addWithEvents(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived})
		b := addWithEvents(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		for _, to := range []emessage.Status{emessage.StatusRead, emessage.StatusReplied} {
			err := s.Apply(ctx, &emessage.Change{Events: true, Status: &emessage.StatusChange{MessageID: a.ID,
				From: to.Sources(), To: to, At: t0, By: jdoe}})
			if err != nil {
				t.Fatal(err)
			}
		}
		claim := func(now time.Time) []string {
			t.Helper()
			got, err := s.ClaimWebhookEvents(ctx, now, now.Add(time.Minute), 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range got {
				out = append(out, e.MessageID+" "+string(e.Type))
			}
			return out
		}
		q := queuedEvents(t, s) // a created, b created, a read, a replied
		now := t0.Add(time.Second)
		if got, want := claim(now), []string{a.ID + " message.created", b.ID + " message.created"}; !slices.Equal(got, want) {
			t.Fatalf("first claim = %v, want %v", got, want)
		}
		if got := claim(now); len(got) != 0 {
			t.Fatalf("claimed leased events again: %v", got)
		}
		// a's first event fails: a's next one waits behind it, even after
		// the lease; b's are not held back.
		if err := s.WebhookRetry(ctx, q[0].Seq, now.Add(time.Hour), "500 Internal Server Error", false); err != nil {
			t.Fatal(err)
		}
		if err := s.WebhookDelivered(ctx, q[1].Seq, now); err != nil {
			t.Fatal(err)
		}
		later := now.Add(2 * time.Minute)
		if got := claim(later); len(got) != 0 {
			t.Fatalf("claimed %v while a's first event waits for its retry", got)
		}
		c, err := s.WebhookCounts(ctx)
		if err != nil || c.Pending != 3 || c.Failed != 0 || !c.OldestPending.Equal(t0) {
			t.Fatalf("counts = %+v, %v", c, err)
		}
		end := now.Add(2 * time.Hour)
		if got, want := claim(end), []string{a.ID + " message.created"}; !slices.Equal(got, want) {
			t.Fatalf("claim after the retry time = %v, want %v", got, want)
		}
		if err := s.WebhookDelivered(ctx, q[0].Seq, end); err != nil {
			t.Fatal(err)
		}
		if got, want := claim(end), []string{a.ID + " message.status_changed"}; !slices.Equal(got, want) {
			t.Fatalf("claim = %v, want %v", got, want)
		}
		// Given up: the record's later events go on.
		if err := s.WebhookRetry(ctx, q[2].Seq, end, "gave up", true); err != nil {
			t.Fatal(err)
		}
		rest, err := s.ClaimWebhookEvents(ctx, end, end.Add(time.Minute), 10)
		if err != nil || len(rest) != 1 || rest[0].Seq != q[3].Seq || rest[0].Attempts != 0 {
			t.Fatalf("claim after a failed event = %+v, %v", rest, err)
		}
		wantCode(t, s.WebhookRetry(ctx, q[2].Seq, end, "again", false), emessage.ENotFound)
		wantCode(t, s.WebhookDelivered(ctx, 99999, end), emessage.ENotFound)
		c, err = s.WebhookCounts(ctx)
		if err != nil || c.Pending != 1 || c.Failed != 1 {
			t.Fatalf("counts = %+v, %v", c, err)
		}
	})
}

// TestWebhookClaimConcurrently: dispatchers claiming and delivering at
// once each get an event once, and a record's events are delivered in
// their order.
func TestWebhookClaimConcurrently(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const records = 12
		var ids []string
		for range records {
			m := addWithEvents(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived})
			ids = append(ids, m.ID)
			for _, to := range []emessage.Status{emessage.StatusRead, emessage.StatusReplied} {
				err := s.Apply(ctx, &emessage.Change{Events: true, Status: &emessage.StatusChange{MessageID: m.ID,
					From: to.Sources(), To: to, At: t0, By: jdoe}})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		now := t0.Add(time.Hour)
		var mu sync.Mutex
		delivered := map[string][]int64{} // by record, in the order delivered
		claims := map[int64]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for idle := 0; idle < 20; {
					got, err := s.ClaimWebhookEvents(ctx, now, now.Add(time.Minute), 2)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						idle++
						time.Sleep(5 * time.Millisecond)
						continue
					}
					for _, e := range got {
						mu.Lock()
						claims[e.Seq]++
						delivered[e.MessageID] = append(delivered[e.MessageID], e.Seq)
						mu.Unlock()
						if err := s.WebhookDelivered(ctx, e.Seq, now); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		if len(claims) != 3*records {
			t.Fatalf("%d events claimed, want %d", len(claims), 3*records)
		}
		for seq, n := range claims {
			if n != 1 {
				t.Errorf("event %d claimed %d times", seq, n)
			}
		}
		for _, id := range ids {
			if got := delivered[id]; len(got) != 3 || !slices.IsSorted(got) {
				t.Errorf("record %s: events delivered in the order %v", id, got)
			}
		}
	})
}
