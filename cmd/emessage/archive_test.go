package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestArchiveCommand: a county given a retention period, emessage archive
// moves its old closed thread to the archive, where the API's archived
// search and the record's address still find it.
func TestArchiveCommand(t *testing.T) {
	forEachAPIWorld(t, func(t *testing.T, w *apiWorld) {
		long := countyNow(t).AddDate(-3, 0, 0).UTC().Format(time.RFC3339)
		w.importCounty01(map[string]any{"retention_years": 2}, map[string]any{"id": "OLD-SENT", "case_number": "A0000001",
			"person_id": "P1", "direction": "to_customer", "type": "message", "subject": "Renewal done", "body": "All set.",
			"status": "sent", "created_at": long})
		var out, errs bytes.Buffer
		if code := run(context.Background(), []string{"archive", "--db", w.db}, &out, &errs); code != 0 {
			t.Fatalf("archive: %d %s", code, errs.String())
		}
		if !strings.Contains(out.String(), "Alameda (01): 1 threads, 1 records closed before") {
			t.Fatalf("archive printed %q", out.String())
		}
		wanda := w.as("wanda")
		list := wanda.Do("GET", "/api/v1/messages?scope=county&archived=true", nil).Want(t, 200).JSON["messages"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["id"] != "OLD-SENT" {
			t.Fatalf("archived search: %v", list)
		}
		for _, m := range wanda.Do("GET", "/api/v1/messages?scope=county", nil).Want(t, 200).JSON["messages"].([]any) {
			if m.(map[string]any)["id"] == "OLD-SENT" {
				t.Fatal("the archived record is still in the search of records in use")
			}
		}
		wanda.Do("GET", "/api/v1/messages/OLD-SENT", nil).Want(t, 200)
		wanda.Do("GET", "/api/v1/messages?archived=maybe", nil).Want(t, 422, "invalid")
	})
}

func TestNextArchiveRun(t *testing.T) {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	at, err := parseTimeOfDay("02:30")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ now, want string }{
		{"2026-12-05T01:00", "2026-12-05T02:30"},
		{"2026-12-05T02:30", "2026-12-06T02:30"},
		{"2026-12-05T23:59", "2026-12-06T02:30"},
		{"2026-03-08T01:00", "2026-03-08T03:30"}, // the night clocks spring forward: 02:30 does not exist
	} {
		now, _ := time.ParseInLocation("2006-01-02T15:04", tt.now, loc)
		if got := nextAt(now, at).Format("2006-01-02T15:04"); got != tt.want {
			t.Errorf("nextAt(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
	if _, err := parseTimeOfDay("25:00"); err == nil {
		t.Error("25:00 taken as a time of day")
	}
	if at, err := parseTimeOfDay("off"); err != nil || at >= 0 {
		t.Errorf("off = %v, %v", at, err)
	}
}
