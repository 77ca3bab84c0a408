package main

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// TestAPISendOnce walks SPEC section 19 through the real server on each
// database: a create repeated with its Idempotency-Key gets the first
// answer again and queues one e-Message and one email; the key for another
// request is refused; two at once make one record; a key that is not
// visible ASCII is refused.
func TestAPISendOnce(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		wanda := w.as("wanda")
		queued := testrig.RowCounts(t, w.db)["notifications"]
		post := func(key, subject string) *testrig.Response {
			t.Helper()
			body := `{"case_number":"A0000001","person_id":"P1","type":"message","subject":"` + subject + `","body":"Once."}`
			req, _ := http.NewRequest("POST", w.srv.base+"/api/v1/messages", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			return wanda.Send(req)
		}
		first := post("send-1", "Only once").Want(t, 201)
		again := post("send-1", "Only once").Want(t, 201)
		if !bytes.Equal(first.Body, again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("the repeat answered %s (replayed %q), the first %s", again.Body, again.Header.Get("Idempotent-Replayed"), first.Body)
		}
		post("send-1", "Another subject").Want(t, 422, "idempotency_key_reused")
		post("bad key", "Only once").Want(t, 400, "malformed")

		// Two at once with one key: one record.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = post("send-2", "At once").Status
			}()
		}
		wg.Wait()
		for _, c := range codes {
			if c != 201 && c != 409 {
				t.Fatalf("two at once answered %v", codes)
			}
		}

		list := wanda.Do("GET", "/api/v1/messages?scope=county&q=once&limit=200", nil).Want(t, 200).JSON["messages"].([]any)
		subjects := map[string]int{}
		for _, m := range list {
			subjects[m.(map[string]any)["subject"].(string)]++
		}
		if subjects["Only once"] != 1 || subjects["At once"] != 1 || subjects["Another subject"] != 0 {
			t.Fatalf("records made: %v", subjects)
		}
		if n := testrig.RowCounts(t, w.db)["notifications"] - queued; n != 2 {
			t.Fatalf("%d emails queued for two records", n)
		}
	})
}
