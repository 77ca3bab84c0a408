package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig"
)

// TestCountyDay is issue 14's day of a county plugged in, on each
// database: the county's webhook receiver is down for its first 20
// seconds; a worker signs in through the county's OpenID provider; the
// case system syncs the county twice (the second time nothing changes),
// then moves a program to another worker, and the counts move; it puts a
// Notice of Action that the worker sends in a View Document action and the
// customer opens; in the end every event has arrived at the receiver,
// signed, each record's in order.
func TestCountyDay(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db string) {
		t.Parallel() // most of it is waiting for the webhook retries
		dir := t.TempDir()
		mustImportFixture(t, dir, db)
		op := testrig.NewOIDCProvider(t)
		op.Register("https://portal.example.gov/worker/oidc/callback")
		rcv := testrig.StartReceiver(t, webhookSecret)
		rcv.DownFor(20 * time.Second)
		srv := startServerDB(t, dir, db, append(ssoArgs(op), "--webhook-url", rcv.URL, "--webhook-secret", webhookSecret)...)

		// The worker signs in with the county account.
		browser := newSSOBrowser(t, srv)
		op.SignInAs(testrig.OIDCUser{Username: "WANDA"})
		if at, _, page := browser.get("/worker/oidc/start"); at != "/worker/" || !strings.Contains(page, "Wanda Worker") {
			t.Fatalf("signing in with the county account ended at %s", at)
		}

		// The case system syncs the county twice.
		system := srv.bearer(systemToken(t, db, "alameda-cases", "01"))
		sync := map[string]any{
			"workers": []map[string]any{{"username": "wanda", "name": "Wanda Worker", "county": "01",
				"rights": []string{"emessage.view", "emessage.send"}}},
			"cases": []map[string]any{{"number": "A0000001", "county": "01", "status": "active",
				"programs": []map[string]any{{"code": "CF", "worker": "wanda"}, {"code": "MC", "worker": "wanda"}},
				"persons":  []map[string]any{{"id": "P1", "name": "Ana Alvarez", "ssp_account": "ana"}}}},
		}
		system.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		again := system.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		for _, section := range []string{"counties", "workers", "ssp_accounts", "documents", "cases"} {
			if c := again.JSON[section].(map[string]any); c["added"] != 0.0 || c["updated"] != 0.0 {
				t.Fatalf("the second sync changed %s: %s", section, again.Body)
			}
		}

		// A customer's question: the worker opens it in the site she signed
		// in to; then the case system gives CalFresh to otto.
		ana := srv.login("ana", fixturePassword)
		question := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "program": "CF",
			"subject": "My card", "body": "It has not come."}).Want(t, 201).Str("id")
		if _, status, page := browser.get("/worker/messages/" + question); status != 200 || !strings.Contains(page, "My card") {
			t.Fatalf("the worker's Detail page: %d", status)
		}
		count := func(who, key string) float64 {
			return srv.login(who, fixturePassword).Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)[key].(float64)
		}
		wandaRead, ottoRead := count("wanda", "read"), count("otto", "read")
		sync["cases"].([]map[string]any)[0]["programs"] = []map[string]any{{"code": "CF", "worker": "otto"}, {"code": "MC", "worker": "wanda"}}
		system.Do("PUT", "/api/v1/sync", sync).Want(t, 200)
		if w, o := count("wanda", "read"), count("otto", "read"); w != wandaRead-1 || o != ottoRead+1 {
			t.Fatalf("read counts after the move: wanda %v (was %v), otto %v (was %v)", w, wandaRead, o, ottoRead)
		}

		// A Notice of Action of the case, sent and opened.
		putDocument(t, system, "/api/v1/cases/A0000001/documents/NOA-2026-0042", map[string]string{"title": "Notice of Action: MC approved"},
			testrig.PDF("Notice of Action")).Want(t, 201)
		wanda := srv.login("wanda", fixturePassword)
		noa := wanda.Do("POST", "/api/v1/messages", map[string]any{"case_number": "A0000001", "person_id": "P1", "program": "MC",
			"type": "action", "action_type": "view_document", "document_code": "NOA-2026-0042",
			"subject": "Your notice", "body": "Please read your notice."}).Want(t, 201).Str("id")
		ana.Do("GET", "/api/v1/ssp/messages/"+noa+"/document", nil).Want(t, 200)

		// Every event arrives, signed, in order, though the receiver was down.
		want := map[string][]string{
			question: {"message.created received", "message.status_changed read"},
			noa:      {"message.created new_action", "message.status_changed action_completed"},
		}
		deadline := time.Now().Add(3 * time.Minute)
		for len(rcv.Unique()) < 4 && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
		}
		if p := rcv.Problems(); len(p) > 0 {
			t.Fatalf("the receiver refused POSTs (bad signature or body): %v", p)
		}
		got := map[string][]string{}
		for id, ds := range rcv.ByMessage() {
			for _, d := range ds {
				got[id] = append(got[id], string(d.Event.Type)+" "+string(d.Event.Status))
			}
		}
		for id, w := range want {
			if !slices.Equal(got[id], w) {
				t.Errorf("record %s: events %v, want %v", id, got[id], w)
			}
		}
		if first := rcv.Unique()[0].Event.ID; rcv.Tries(first) < 2 {
			t.Errorf("the first event was tried %d times; the receiver was down then", rcv.Tries(first))
		}
	})
}
