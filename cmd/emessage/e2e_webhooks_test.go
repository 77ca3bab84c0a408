package main

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
)

const webhookSecret = "test-secret-of-the-county-system"

// TestWebhooks runs the server with --webhook-url against a county
// system that is down (500) for 20 seconds from the first change: the first tries
// fail and are retried after the real backoff (the first retry within 30
// s), and in the end every event of the records sent, answered, uploaded
// to and closed arrives, signed, each record's in order, none lost;
// /metrics counts the retries and the deliveries.
func TestWebhooks(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		t.Parallel() // most of it is waiting for the retries
		dir := t.TempDir()
		mustImportFixture(t, dir, db)
		rcv := testrig.StartReceiver(t, webhookSecret)
		srv := startServerDB(t, dir, db, "--webhook-url", rcv.URL, "--webhook-secret", webhookSecret)
		wanda, ana := srv.login("wanda", fixturePassword), srv.login("ana", fixturePassword)
		rcv.DownFor(20 * time.Second)

		want := map[string][]string{} // each record's events, "type status", in order
		for i := range 5 {
			id := wanda.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1",
				"type": "message", "subject": "Note " + strconv.Itoa(i), "body": "Your interview is on Monday."}).Want(t, 201).Str("id")
			want[id] = []string{"message.created sent"}
		}
		action := wanda.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1",
			"type": "action", "action_type": "upload_document", "subject": "Paystubs", "body": "Send them."}).Want(t, 201).Str("id")
		ana.Upload("/api/v1/ssp/messages/"+action+"/uploads", map[string][]byte{"stub.pdf": testrig.PDF("stub")}).Want(t, 201)
		wanda.Do("PATCH", "/api/v1/messages/"+action, map[string]any{"status": "action_closed"}).Want(t, 200)
		want[action] = []string{"message.created new_action", "message.status_changed action_completed",
			"upload.created action_completed", "message.status_changed action_closed"}
		question := (&apiWorld{t: t}).askAndAnswer(ana, wanda)
		want[question] = []string{"message.created received", "message.status_changed read", "message.status_changed replied"}
		var detail struct {
			Thread []struct {
				ID        string  `json:"id"`
				InReplyTo *string `json:"in_reply_to"`
			} `json:"thread"`
		}
		wanda.Do("GET", "/api/v1/messages/"+question, nil).Want(t, 200).MustDecode(t, &detail)
		for _, m := range detail.Thread {
			if m.InReplyTo != nil && *m.InReplyTo == question {
				want[m.ID] = []string{"message.created sent"}
			}
		}
		events := 0
		for _, w := range want {
			events += len(w)
		}
		if len(want) != 8 {
			t.Fatalf("records %v: the answer was not found in the thread", want)
		}

		deadline := time.Now().Add(3 * time.Minute) // 20 s down, retries within 30 s, then 60 s
		for len(rcv.Unique()) < events && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
		}
		if p := rcv.Problems(); len(p) > 0 {
			t.Fatalf("the receiver refused POSTs (bad signature or body): %v", p)
		}
		got := map[string][]string{}
		for id, ds := range rcv.ByMessage() {
			for _, d := range ds {
				got[id] = append(got[id], string(d.Event.Type)+" "+string(d.Event.Status))
				if e := d.Event; e.County != "01" || e.CaseNumber != "A0000001" || e.Program == "" {
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
			t.Errorf("events of %d records arrived, want %d", len(got), len(want))
		}
		first := rcv.Unique()[0].Event.ID
		if rcv.Tries(first) < 2 {
			t.Errorf("the first event was tried %d times; the receiver was down for its first try", rcv.Tries(first))
		}

		// /metrics: every event delivered (a second copy only after a
		// lost answer, which a clean run does not have), the first tries
		// retried, nothing left. The last acceptance may still be on its
		// way to the database.
		wantMetrics := []string{
			"emessage_webhooks_delivered_total " + strconv.Itoa(events),
			"emessage_webhooks_pending 0",
			"emessage_webhooks_failed 0",
			"emessage_webhooks_oldest_pending_seconds 0",
			"emessage_webhooks_given_up_total 0",
		}
		var metrics string
		lacking := func() (out []string) {
			res, err := http.Get(srv.base + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			metrics = string(b)
			for _, w := range wantMetrics {
				if !strings.Contains(metrics, "\n"+w+"\n") {
					out = append(out, w)
				}
			}
			return out
		}
		for end := time.Now().Add(30 * time.Second); len(lacking()) > 0 && time.Now().Before(end); {
			time.Sleep(100 * time.Millisecond)
		}
		for _, w := range lacking() {
			t.Errorf("/metrics lacks %q", w)
		}
		m := regexp.MustCompile(`\nemessage_webhook_retries_total (\d+)\n`).FindStringSubmatch(metrics)
		if m == nil || m[1] == "0" {
			t.Errorf("/metrics counts no retries: %v", m)
		}
	})
}
