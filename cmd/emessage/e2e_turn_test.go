package main

import "testing"

// TestAPISeenByAndWaitingOn walks SPEC 22's "seen by" and "whose turn"
// through the real server on each database: a customer's question waits
// on the county and lists the workers who opened it, first opening each;
// the answer turns it to the customer; the customer never sees seen_by.
func TestAPISeenByAndWaitingOn(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		ana := w.as("ana")
		q := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "subject": "My card", "body": "Lost it."}).Want(t, 201)
		id := q.Str("id")
		if q.JSON["waiting_on"] != "county" || q.JSON["seen_by"] != nil {
			t.Fatalf("the customer's answer: %s", q.Body)
		}
		wanda, otto := w.as("wanda"), w.as("otto")
		first := wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		seen := first.JSON["seen_by"].([]any)
		if len(seen) != 1 || seen[0].(map[string]any)["username"] != "wanda" || seen[0].(map[string]any)["name"] != "Wanda Worker" {
			t.Fatalf("seen_by after wanda: %v", first.JSON["seen_by"])
		}
		otto.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200)
		wanda.Do("GET", "/api/v1/messages/"+id, nil).Want(t, 200) // a second opening adds nothing
		list := wanda.Do("GET", "/api/v1/messages?case_number=A0000001&scope=county", nil).Want(t, 200).JSON["messages"].([]any)
		var found map[string]any
		for _, m := range list {
			if m.(map[string]any)["id"] == id {
				found = m.(map[string]any)
			}
		}
		if found == nil || len(found["seen_by"].([]any)) != 2 || found["seen_by"].([]any)[0].(map[string]any)["username"] != "wanda" {
			t.Fatalf("seen_by in the search: %v", found)
		}
		if found["waiting_on"] != "county" {
			t.Fatalf("waiting_on before the answer: %v", found["waiting_on"])
		}
		answered := wanda.Do("POST", "/api/v1/messages/"+id+"/reply", map[string]any{"body": "We will mail a new one."}).Want(t, 200)
		if answered.JSON["waiting_on"] != "customer" {
			t.Fatalf("waiting_on after the answer: %v", answered.JSON["waiting_on"])
		}
		mine := ana.Do("GET", "/api/v1/ssp/messages/"+id, nil).Want(t, 200)
		if _, ok := mine.JSON["seen_by"]; ok {
			t.Fatalf("the customer sees seen_by: %s", mine.Body)
		}
		// A worker's own message has no seen_by.
		sent := w.send(wanda, nil).Want(t, 201)
		if _, ok := sent.JSON["seen_by"]; ok || sent.JSON["waiting_on"] != "customer" {
			t.Fatalf("a worker's message: %s", sent.Body)
		}
	})
}
