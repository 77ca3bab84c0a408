package main

import (
	"strings"
	"testing"
	"time"
)

// TestCheckEmails holds the verdict on emails against made-up queues and
// deliveries: one copy is right, two across a kill is the crash window, two
// without a kill or three are wrong, none is lost.
func TestCheckEmails(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	// The first server runs from t0-60s to its kill at t0+10s, the second from t0+11s.
	gens := []generation{{Start: t0.Add(-time.Minute), Kill: t0.Add(10 * time.Second)}, {Start: t0.Add(11 * time.Second)}}
	at := func(s int) delivery {
		d := delivery{At: t0.Add(time.Duration(s) * time.Second), ConnAt: t0, To: []string{"a@example.org"}}
		if s > 11 {
			d.ConnAt = gens[1].Start
		}
		return d
	}
	sent := func(msg, mail string) note {
		return note{MessageID: msg, MailID: mail, Email: "a@example.org", Status: "sent"}
	}
	tests := []struct {
		name     string
		acked    []string
		notes    []note
		received map[string][]delivery
		lost     int
		wrong    string // a word of the one wrong finding; "" for none
		dups     int
	}{
		{"once", []string{"m1"}, []note{sent("m1", "<1@x>")}, map[string][]delivery{"<1@x>": {at(1)}}, 0, "", 0},
		{"twice across a kill", []string{"m1"}, []note{sent("m1", "<1@x>")}, map[string][]delivery{"<1@x>": {at(9), at(130)}}, 0, "", 1},
		{"twice, no kill between", []string{"m1"}, []note{sent("m1", "<1@x>")}, map[string][]delivery{"<1@x>": {at(12), at(13)}}, 0, "not killed", 0},
		{"twice, second before the kill", []string{"m1"}, []note{sent("m1", "<1@x>")}, map[string][]delivery{"<1@x>": {at(1), at(2)}}, 0, "not killed", 0},
		{"three times", []string{"m1"}, []note{sent("m1", "<1@x>")}, map[string][]delivery{"<1@x>": {at(1), at(11), at(12)}}, 0, "3 times", 0},
		{"sent, never received", []string{"m1"}, []note{sent("m1", "<1@x>")}, nil, 1, "", 0},
		{"acknowledged, not queued", []string{"m1"}, nil, nil, 1, "", 0},
		{"still pending", []string{"m1"}, []note{{MessageID: "m1", MailID: "<1@x>", Status: "pending"}}, nil, 1, "", 0},
		{"an email of no queue row", nil, nil, map[string][]delivery{"<9@x>": {at(1)}}, 0, "matches no", 0},
		{"to someone else", []string{"m1"}, []note{sent("m1", "<1@x>")},
			map[string][]delivery{"<1@x>": {{At: t0, ConnAt: t0, To: []string{"b@example.org"}}}}, 0, "went to", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := dbState{toCustomer: map[string]bool{}, notes: map[string]note{}}
			for _, n := range tt.notes {
				db.toCustomer[n.MessageID] = true
				db.notes[n.MessageID] = n
			}
			f := checkEmails(tt.acked, db, tt.received, 0, gens)
			if len(f.Lost) != tt.lost || f.Duplicates != tt.dups {
				t.Errorf("lost %q, duplicates %d; want %d lost, %d duplicates", f.Lost, f.Duplicates, tt.lost, tt.dups)
			}
			switch {
			case tt.wrong == "" && len(f.Wrong) > 0:
				t.Errorf("wrong: %q", f.Wrong)
			case tt.wrong != "" && (len(f.Wrong) != 1 || !strings.Contains(f.Wrong[0], tt.wrong)):
				t.Errorf("wrong: %q, want one with %q", f.Wrong, tt.wrong)
			}
		})
	}
}
