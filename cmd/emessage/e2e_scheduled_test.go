package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
)

// Scheduled send (SPEC 22) end to end: the real servers, an SMTP server
// in process and a county system's webhook receiver.

// TestScheduledSendTwoServers: two servers on one PostgreSQL database. A
// worker schedules an e-Message a few seconds ahead through one; the
// customer, signed in on the other, does not see it; at its time it
// appears once, with exactly one email and one message.created event,
// released by one of the two servers. A cancelled one never appears; one
// scheduled while no server runs goes out when one starts again.
func TestScheduledSendTwoServers(t *testing.T) {
	scheduledSend(t, dbtest.Postgres(t), 2)
}

// TestScheduledSendSQLite is TestScheduledSendTwoServers with one server on
// SQLite.
func TestScheduledSendSQLite(t *testing.T) {
	scheduledSend(t, "", 1)
}

func scheduledSend(t *testing.T, db string, servers int) {
	dir := t.TempDir()
	if db == "" {
		db = dirDB(dir)
	}
	mustImportFixture(t, dir, db)
	mx := startMX(t, "")
	rcv := testrig.StartReceiver(t, webhookSecret)
	flags := []string{"--smtp", "smtp://" + mx.addr, "--webhook-url", rcv.URL, "--webhook-secret", webhookSecret}
	start := func(name string) *server { return startServerDB(t, filepath.Join(dir, name), db, flags...) }
	var srvs []*server
	for i := range servers {
		srvs = append(srvs, start(string(rune('a'+i))))
	}
	first, last := srvs[0], srvs[len(srvs)-1]
	wanda := first.login("wanda", fixturePassword)
	ana := last.login("ana", fixturePassword)

	// Refused: a time past, more than 90 days ahead, or not RFC 3339.
	for _, at := range []string{time.Now().Add(-time.Minute).Format(time.RFC3339),
		time.Now().AddDate(0, 0, 91).Format(time.RFC3339), "tomorrow at nine"} {
		e := scheduleOn(t, wanda, "", "Refused", at).Want(t, 422, "invalid").Err()
		if e.Field != "send_at" {
			t.Fatalf("send_at %q: error %+v, want field send_at", at, e)
		}
	}

	sendAt := time.Now().Add(4 * time.Second).Truncate(time.Second)
	scheduled := scheduleOn(t, wanda, "sched-1", "Your interview", sendAt.Format(time.RFC3339)).Want(t, 201)
	id := scheduled.Str("id")
	if scheduled.JSON["scheduled"] != true || scheduled.JSON["cancelled"] != false || scheduled.Str("send_at") == "" {
		t.Fatalf("scheduled record %s", scheduled.Body)
	}
	again := scheduleOn(t, wanda, "sched-1", "Your interview", sendAt.Format(time.RFC3339)).Want(t, 201)
	if !bytes.Equal(again.Body, scheduled.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("the repeat answered %s, the first %s", again.Body, scheduled.Body)
	}
	never := scheduleOn(t, wanda, "", "Never mind", sendAt.Format(time.RFC3339)).Want(t, 201).Str("id")
	cancelled := last.client(wanda.Token()).Do("DELETE", "/api/v1/messages/"+never+"/schedule", nil).Want(t, 200)
	if cancelled.JSON["cancelled"] != true || cancelled.JSON["scheduled"] != false || cancelled.Str("status") != "sent" {
		t.Fatalf("cancelled record %s", cancelled.Body)
	}
	wanda.Do("DELETE", "/api/v1/messages/"+never+"/schedule", nil).Want(t, 409, "invalid_transition")

	// Waiting: listed for the worker, nowhere for the customer.
	list := wanda.Do("GET", "/api/v1/messages?scope=county&limit=200", nil).Want(t, 200)
	if !bytes.Contains(list.Body, []byte(id)) || !bytes.Contains(list.Body, []byte(never)) {
		t.Fatalf("the worker's list lacks the scheduled records: %s", list.Body)
	}
	for _, m := range []string{id, never} {
		if inboxHas(t, ana, m) {
			t.Fatalf("the customer's inbox holds %s before its time", m)
		}
		ana.Do("GET", "/api/v1/ssp/messages/"+m, nil).Want(t, 404)
		ana.Do("POST", "/api/v1/ssp/messages/"+m+"/reply", map[string]any{"body": "Early?"}).Want(t, 404)
	}
	if n := len(mx.emails("ana@example.org")); n != 0 {
		t.Fatalf("%d emails to ana before the send time", n)
	}

	// At its time: once.
	waitFor(t, "the scheduled record in the customer's inbox", func() bool { return inboxHas(t, ana, id) })
	waitFor(t, "its email", func() bool { return len(mx.emails("ana@example.org")) >= 1 })
	waitFor(t, "its webhook event", func() bool { return len(rcv.ByMessage()[id]) >= 1 })
	got := ana.Do("GET", "/api/v1/ssp/messages/"+id, nil).Want(t, 200)
	if got.JSON["scheduled"] != false {
		t.Fatalf("released record %s", got.Body)
	}
	ana.Do("GET", "/api/v1/ssp/messages/"+never, nil).Want(t, 404)
	if inboxHas(t, ana, never) {
		t.Fatal("the cancelled record reached the customer's inbox")
	}
	wantOnce(t, db, id)
	if ev := rcv.ByMessage()[id]; len(ev) != 1 || ev[0].Event.Type != "message.created" || ev[0].Event.Status != "sent" {
		t.Fatalf("webhook events of the record: %+v", ev)
	}
	if ev := rcv.ByMessage()[never]; len(ev) != 0 {
		t.Fatalf("webhook events of the cancelled record: %+v", ev)
	}
	if n := len(mx.emails("ana@example.org")); n != 1 {
		t.Fatalf("%d emails to ana, want 1", n)
	}
	var released int
	for _, s := range srvs {
		released += metricValue(t, s, "emessage_scheduled_released_total")
	}
	if released != 1 {
		t.Fatalf("the servers released %d records together, want 1", released)
	}

	// Scheduled, every server stopped, its time passes, one starts: sent.
	later := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	restart := scheduleOn(t, wanda, "", "After the restart", later.Format(time.RFC3339)).Want(t, 201).Str("id")
	for _, s := range srvs {
		s.stop()
	}
	time.Sleep(time.Until(later) + 500*time.Millisecond) // no server runs at its time
	again2 := start("c")
	ana = again2.client(ana.Token())
	waitFor(t, "the record scheduled across the restart", func() bool { return inboxHas(t, ana, restart) })
	waitFor(t, "its email", func() bool { return len(mx.emails("ana@example.org")) >= 2 })
	waitFor(t, "its webhook event", func() bool { return len(rcv.ByMessage()[restart]) >= 1 })
	wantOnce(t, db, restart)
	if n := len(mx.emails("ana@example.org")); n != 2 {
		t.Fatalf("%d emails to ana, want 2", n)
	}
	if ev := rcv.ByMessage()[restart]; len(ev) != 1 || ev[0].Event.Type != "message.created" {
		t.Fatalf("webhook events of the record: %+v", ev)
	}
}

// scheduleOn posts an e-Message to ana scheduled for sendAt, with an
// Idempotency-Key when key is not "".
func scheduleOn(t *testing.T, c *testrig.Client, key, subject, sendAt string) *testrig.Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"case_number": "A0000001", "person_id": "P1", "type": "message",
		"subject": subject, "body": "Please come on Monday at nine.", "send_at": sendAt})
	req, _ := http.NewRequest("POST", c.Base()+"/api/v1/messages", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return c.Send(req)
}

// inboxHas reports whether the customer's inbox lists the record.
func inboxHas(t *testing.T, c *testrig.Client, id string) bool {
	t.Helper()
	return bytes.Contains(c.Do("GET", "/api/v1/ssp/messages?limit=200", nil).Want(t, 200).Body, []byte(`"id":"`+id+`"`))
}

// wantOnce checks in the database that the record was released once: one
// release in its history, one email queued, one message.created event.
func wantOnce(t *testing.T, db, id string) {
	t.Helper()
	for what, query := range map[string]string{
		"release history entries": `SELECT COUNT(*) FROM message_history WHERE message_id = $1 AND note = 'released'`,
		"emails queued":           `SELECT COUNT(*) FROM notifications WHERE message_id = $1`,
		"message.created events":  `SELECT COUNT(*) FROM webhook_events WHERE message_id = $1 AND type = 'message.created'`,
	} {
		if n := testrig.QueryInt(t, db, query, id); n != 1 {
			t.Errorf("%s: %d %s, want 1", id, n, what)
		}
	}
}

// metricValue reads a metric without labels from the server's /metrics.
func metricValue(t *testing.T, s *server, name string) int {
	t.Helper()
	res, err := s.anon().HTTP().Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("/metrics lacks %s", name)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(m[1])), 64)
	if err != nil {
		t.Fatal(err)
	}
	return int(f)
}
