package main

import (
	"testing"
	"time"
)

// TestAPIProgramsStandInsAndTeam walks SPEC sections 11 and 12 through the
// real server on each database: on a case whose CalFresh is wanda's and
// whose Medi-Cal is otto's, a customer's Medi-Cal question counts for otto
// only; while wanda is away with otto standing in, wanda's records count
// for otto too; victor, their supervisor, sees both on the team view and
// may search their caseloads, which no one else may.
func TestAPIProgramsStandInsAndTeam(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		mustImportTeam(t, w.db)
		wanda, otto, victor, ana := w.as("wanda"), w.as("otto"), w.as("victor"), w.as("ana")
		count := func(who string) float64 {
			t.Helper()
			return w.as(who).Do("GET", "/api/v1/home", nil).Want(t, 200).JSON["my_emessages"].(map[string]any)["received"].(float64)
		}

		q := ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "program": "MC",
			"subject": "My Medi-Cal card", "body": "It has not come."}).Want(t, 201)
		if p := q.JSON["program"].(map[string]any); p["code"] != "MC" || p["name"] != "Medi-Cal" {
			t.Fatalf("program of the question: %v", q.JSON["program"])
		}
		ana.Do("POST", "/api/v1/ssp/messages", map[string]any{"case_number": "A0000001", "program": "CW",
			"subject": "Hi", "body": "Hello"}).Want(t, 422, "invalid")
		if o, wa := count("otto"), count("wanda"); o != 1 || wa != 1 {
			t.Fatalf("received: otto %v (the Medi-Cal question), wanda %v (LEGACY-1, CalFresh); want 1 each", o, wa)
		}

		now := countyNow(t)
		today, later := now.Format(time.DateOnly), now.AddDate(0, 0, 3).Format(time.DateOnly)
		wanda.Do("PUT", "/api/v1/me/away", map[string]any{"from": today, "to": later, "stand_in": "bea"}).Want(t, 422, "invalid")
		away := wanda.Do("PUT", "/api/v1/me/away", map[string]any{"from": today, "to": later, "stand_in": "otto"}).Want(t, 200)
		if away.JSON["from"] != today || away.JSON["to"] != later || away.JSON["stand_in"] != "otto" {
			t.Fatalf("away: %s", away.Body)
		}
		if got := wanda.Do("GET", "/api/v1/me/away", nil).Want(t, 200); got.JSON["stand_in"] != "otto" {
			t.Fatalf("GET away: %s", got.Body)
		}
		if o := count("otto"); o != 2 {
			t.Fatalf("otto standing in counts %v received, want 2", o)
		}
		mine := otto.Do("GET", "/api/v1/messages?status=received", nil).Want(t, 200).JSON["messages"].([]any)
		if len(mine) != 2 {
			t.Fatalf("otto's received while standing in: %d", len(mine))
		}

		team := victor.Do("GET", "/api/v1/team", nil).Want(t, 200).JSON["workers"].([]any)
		if len(team) != 2 {
			t.Fatalf("team: %v", team)
		}
		for _, m := range team {
			m := m.(map[string]any)
			switch m["username"] {
			case "otto":
				if m["away"] != false || m["received"].(float64) != 2 || m["stand_in"] != nil {
					t.Errorf("otto on the team: %v", m)
				}
			case "wanda":
				if m["away"] != true || m["stand_in"] != "otto" || m["received"].(float64) != 1 {
					t.Errorf("wanda on the team: %v", m)
				}
			default:
				t.Errorf("a stranger on the team: %v", m)
			}
		}
		otto.Do("GET", "/api/v1/team", nil).Want(t, 403, "forbidden")
		victor.Do("GET", "/api/v1/messages?worker=wanda", nil).Want(t, 200)
		otto.Do("GET", "/api/v1/messages?worker=wanda", nil).Want(t, 403, "forbidden")

		wanda.Do("DELETE", "/api/v1/me/away", nil).Want(t, 204)
		if got := wanda.Do("GET", "/api/v1/me/away", nil).Want(t, 200); got.JSON["from"] != nil || got.JSON["stand_in"] != nil {
			t.Fatalf("after DELETE: %s", got.Body)
		}
		if o := count("otto"); o != 1 {
			t.Fatalf("otto back to his own: %v", o)
		}
	})
}
