package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/sqlstore"
)

// TestTwoServersOneDatabase runs two servers on one PostgreSQL database, as
// behind a load balancer, each with its own disk: a sign-in on one is good
// on the other, what is sent through either is seen through both, sixteen
// closes spread over both leave one, and every email is written exactly
// once, by one of the two.
func TestTwoServersOneDatabase(t *testing.T) {
	db := dbtest.Postgres(t)
	dir := t.TempDir()
	mustImportFixture(t, dir, db)
	a := startServerDB(t, filepath.Join(dir, "a"), db)
	b := startServerDB(t, filepath.Join(dir, "b"), db)

	// Sessions are in the database: one sign-in serves both.
	wandaA := a.login("wanda", fixturePassword)
	wandaB := b.client(wandaA.Token())
	wandaB.Do("GET", "/api/v1/home", nil).Want(t, 200)
	anaB := b.login("ana", fixturePassword)
	anaA := a.client(anaB.Token())
	anaA.Do("GET", "/api/v1/ssp/messages", nil).Want(t, 200)

	// Send through both at once.
	const perServer = 15
	type sent struct {
		status int
		id     string
	}
	results := make([]sent, 2*perServer)
	var wg sync.WaitGroup
	for i := range results {
		c := []*testrig.Client{wandaA, wandaB}[i%2]
		wg.Go(func() {
			r := c.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1",
				"type": "message", "subject": fmt.Sprintf("Message %d", i), "body": "Sent through one of two servers."})
			results[i] = sent{r.Status, r.Str("id")}
		})
	}
	wg.Wait()
	var ids []string
	for i, r := range results {
		if r.status != 201 || r.id == "" {
			t.Fatalf("send %d: status %d", i, r.status)
		}
		ids = append(ids, r.id)
	}

	// Everything is visible through either server.
	for _, c := range []*testrig.Client{wandaA, wandaB} {
		list := c.Do("GET", "/api/v1/messages?scope=county&limit=200", nil).Want(t, 200)
		for _, id := range ids {
			if !bytes.Contains(list.Body, []byte(id)) {
				t.Fatalf("%s: the worker's list lacks %s", c.Base(), id)
			}
		}
	}
	for i, id := range ids {
		other := []*testrig.Client{wandaB, wandaA}[i%2] // not the server it was sent through
		other.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		[]*testrig.Client{anaA, anaB}[i%2].Do("GET", "/api/v1/ssp/messages/"+id, nil).Want(t, 200)
	}
	for _, c := range []*testrig.Client{anaA, anaB} {
		inbox := c.Do("GET", "/api/v1/ssp/messages?limit=200", nil).Want(t, 200)
		for _, id := range ids {
			if !bytes.Contains(inbox.Body, []byte(id)) {
				t.Fatalf("%s: the customer's inbox lacks %s", c.Base(), id)
			}
		}
	}

	// Sixteen closes of one action, spread over both servers: one wins.
	action := wandaA.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1",
		"type": "action", "action_type": "upload_document", "subject": "Pay stubs", "body": "Please upload."}).Want(t, 201).Str("id")
	codes := make([]int, 16)
	for i := range codes {
		c := []*testrig.Client{wandaA, wandaB}[i%2]
		wg.Go(func() {
			codes[i] = c.Do("PATCH", "/api/v1/messages/"+action, map[string]any{"status": "action_closed"}).Status
		})
	}
	wg.Wait()
	if n200, n409 := countOf(codes, 200), countOf(codes, 409); n200 != 1 || n409 != 15 {
		t.Fatalf("close status codes %v, want one 200 and fifteen 409", codes)
	}

	// Every email written once: 2*perServer messages and the action, each
	// announced to ana, by one server or the other, never both.
	want := 2*perServer + 1
	waitFor(t, "the emails", func() bool { return len(mails(t, a.mailDir))+len(mails(t, b.mailDir)) >= want })
	time.Sleep(1500 * time.Millisecond) // past the dispatchers' next poll: nothing more may come
	fromA, fromB := mails(t, a.mailDir), mails(t, b.mailDir)
	for name := range fromA {
		if _, twice := fromB[name]; twice {
			t.Errorf("email %s written by both servers", name)
		}
	}
	if got := len(fromA) + len(fromB); got != want {
		t.Fatalf("%d emails written (%d by A, %d by B), want %d", got, len(fromA), len(fromB), want)
	}
	t.Logf("emails: %d written by server A, %d by server B", len(fromA), len(fromB))

	store, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	pending, failed, err := store.NotificationCounts(context.Background())
	if err != nil || pending != 0 || failed != 0 {
		t.Fatalf("notifications: %d pending, %d failed, %v", pending, failed, err)
	}
	trail, err := store.AuditTrail(context.Background(), "message", action)
	if err != nil {
		t.Fatal(err)
	}
	var statusChanges []string
	for _, e := range trail {
		if e.Action == "message.status" {
			statusChanges = append(statusChanges, e.Actor)
		}
	}
	if len(statusChanges) != 1 {
		t.Fatalf("audit of the closes: %v, want one", statusChanges)
	}
	h, err := store.History(context.Background(), action)
	if err != nil || len(h) != 2 || h[1].Status != emessage.StatusActionClosed {
		t.Fatalf("history %+v, %v", h, err)
	}
}

func countOf[T comparable](xs []T, x T) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}
