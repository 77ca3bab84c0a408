package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

// End-to-end tests of SPEC section 13, county settings and templates, on
// the real server over each database: the settings come with an import
// while the server runs, as a county would load them.

// importCounty01 imports Alameda (the fixture's two-way county) again with
// settings added, into the world's database.
func (w *apiWorld) importCounty01(settings map[string]any, messages ...map[string]any) {
	w.t.Helper()
	county := map[string]any{"code": "01", "name": "Alameda", "two_way": true, "response_business_days": 2}
	for k, v := range settings {
		county[k] = v
	}
	doc := map[string]any{"counties": []map[string]any{county}}
	if len(messages) > 0 {
		doc["messages"] = messages
	}
	b, err := json.Marshal(doc)
	if err != nil {
		w.t.Fatal(err)
	}
	file := filepath.Join(w.t.TempDir(), "county.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		w.t.Fatal(err)
	}
	mustImport(w.t, w.db, file)
}

// TestAPICountyHoliday: a customer's message just past its two business
// days is overdue; once the county names a holiday within them, it is not.
func TestAPICountyHoliday(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		loc, err := time.LoadLocation("America/Los_Angeles") // serve's --tz
		if err != nil {
			t.Skip("no time zone data:", err)
		}
		now := time.Now().In(loc)
		created := emessage.SubtractBusinessDays(now, 2, nil).Add(-time.Hour)
		holiday := emessage.SubtractBusinessDays(now, 1, nil).Format(time.DateOnly)
		w.importCounty01(nil, map[string]any{"id": "HOLIDAY-1", "case_number": "A0000001", "person_id": "P1",
			"direction": "from_customer", "type": "message", "status": "received", "program": "CF",
			"subject": "Over the holiday", "body": "Sent before the office closed.", "created_at": created.UTC().Format(time.RFC3339)})
		wanda := w.as("wanda")
		overdue := func() (flag, listed bool) {
			t.Helper()
			r := wanda.Do("GET", "/api/v1/messages?overdue=true&case_number=A0000001", nil).Want(t, 200)
			listed = strings.Contains(string(r.Body), "HOLIDAY-1")
			r = wanda.Do("GET", "/api/v1/messages?case_number=A0000001&q=holiday", nil).Want(t, 200)
			ms := r.JSON["messages"].([]any)
			if len(ms) != 1 {
				t.Fatalf("the search by subject: %s", r.Body)
			}
			return ms[0].(map[string]any)["overdue"] == true, listed
		}
		if flag, listed := overdue(); !flag || !listed {
			t.Fatalf("created %s, two business days ago and an hour: overdue %v, in the overdue search %v", created, flag, listed)
		}
		w.importCounty01(map[string]any{"holidays": []string{holiday}})
		if flag, listed := overdue(); flag || listed {
			t.Fatalf("with %s a holiday: overdue %v, in the overdue search %v; want neither", holiday, flag, listed)
		}
	})
}

// TestAPICountyDueDaysAndTemplates: an action sent without a due date is
// due the county's action_due_days later; GET /api/v1/templates lists the
// county's templates to its workers who may send, in a language or all.
func TestAPICountyDueDaysAndTemplates(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		w.importCounty01(map[string]any{"action_due_days": 21, "templates": []map[string]any{
			{"code": "INTERVIEW", "language": "en", "title": "Interview", "body": "Your interview is on Monday."},
			{"code": "INTERVIEW", "language": "es", "title": "Entrevista", "body": "Su entrevista es el lunes."},
		}})
		wanda := w.as("wanda")
		loc, err := time.LoadLocation("America/Los_Angeles")
		if err != nil {
			t.Skip("no time zone data:", err)
		}
		before := time.Now().In(loc).AddDate(0, 0, 21).Format(time.DateOnly)
		r := w.send(wanda, map[string]any{"type": "action", "action_type": "upload_document"}).Want(t, 201)
		after := time.Now().In(loc).AddDate(0, 0, 21).Format(time.DateOnly)
		if due := r.Str("due_date"); due != before && due != after {
			t.Errorf("due_date %s, want %s (21 days)", due, before)
		}

		var all, es struct{ Templates []map[string]string }
		wanda.Do("GET", "/api/v1/templates", nil).Want(t, 200).MustDecode(t, &all)
		wanda.Do("GET", "/api/v1/templates?language=es", nil).Want(t, 200).MustDecode(t, &es)
		if len(all.Templates) != 2 || len(es.Templates) != 1 || es.Templates[0]["body"] != "Su entrevista es el lunes." {
			t.Fatalf("templates: all %v, es %v", all.Templates, es.Templates)
		}
		if e := wanda.Do("GET", "/api/v1/templates?language=fr", nil).Want(t, 422, "invalid").Err(); e.Field != "language" {
			t.Errorf("an unknown language: %+v", e)
		}
		w.as("victor").Do("GET", "/api/v1/templates", nil).Want(t, 403, "forbidden")
		w.as("ana").Do("GET", "/api/v1/templates", nil).Want(t, 403, "forbidden")
		var none struct{ Templates []any }
		w.as("bea").Do("GET", "/api/v1/templates", nil).Want(t, 200).MustDecode(t, &none)
		if none.Templates == nil || len(none.Templates) != 0 {
			t.Errorf("Butte's worker: %v, want an empty list", none.Templates)
		}
	})
}
