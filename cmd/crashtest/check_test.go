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

// TestSender names the process that sent a copy by its envelope sender,
// whatever the times say, and falls back on the times without one.
func TestSender(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	gens := []generation{
		{Slot: 1, From: "crashtest-g1@emessage.local", Start: t0},
		{Slot: 2, From: "crashtest-g2@emessage.local", Start: t0.Add(time.Second)},
	}
	tests := []struct {
		name string
		d    delivery
		want int
	}{
		{"by envelope, the older server", delivery{From: "crashtest-g1@emessage.local", ConnAt: t0.Add(time.Minute)}, 0},
		{"by envelope, the newer server", delivery{From: "crashtest-g2@emessage.local", ConnAt: t0.Add(time.Minute)}, 1},
		{"no envelope of ours: by time", delivery{From: "other@example.org", ConnAt: t0.Add(500 * time.Millisecond)}, 0},
		{"before any server", delivery{ConnAt: t0.Add(-time.Second)}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sender(gens, tt.d); got != tt.want {
				t.Errorf("sender = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestJudge reads the answers a keyed create can get: created, the first
// answer replayed, carried out with its answer lost (409 conflict), wait
// for the lease (409 request_in_progress), busy, and the rest refused. A
// 409 of the key is believed only after a try that got no answer.
func TestJudge(t *testing.T) {
	msg := &createReq{Kind: "message", Key: "ct-1-1"}
	cutMsg := &createReq{Kind: "message", Key: "ct-1-1", cut: true}
	reply := &createReq{Kind: "reply", Key: "ct-1-2", Target: "R1", cut: true}
	upload := &createReq{Kind: "upload", Key: "ct-1-3", Target: "A1", cut: true}
	customerAnswer := &createReq{Kind: "answer", Key: "ct-1-4", Target: "S1", cut: true, customer: true}
	conflict := `{"error":{"code":"conflict","message":"The request with this Idempotency-Key was carried out (e-Message M9), but its answer was lost when the server stopped; look the e-Message up instead of sending again."}}`
	inProgress := `{"error":{"code":"request_in_progress","message":"later"}}`
	tests := []struct {
		name      string
		r         *createReq
		status    int
		body      string
		want      verdict
		id, named string
	}{
		{"created", msg, 201, `{"id":"M1"}`, vCreated, "M1", ""},
		{"created without an id", msg, 201, `{}`, vRefused, "", ""},
		{"200 for a create", msg, 200, `{"id":"M1"}`, vRefused, "", ""},
		{"conflict after a cut", cutMsg, 409, conflict, vCarriedOut, "M9", "M9"},
		{"conflict with no cut", msg, 409, conflict, vRefused, "", ""},
		{"in progress after a cut", cutMsg, 409, inProgress, vWait, "", ""},
		{"in progress with no cut", msg, 409, inProgress, vRefused, "", ""},
		{"another 409", cutMsg, 409, `{"error":{"code":"invalid_transition","message":"no"}}`, vRefused, "", ""},
		{"busy", msg, 503, `{"error":{"code":"busy","message":"later"}}`, vAgain, "", ""},
		{"key reused", msg, 422, `{"error":{"code":"idempotency_key_reused","message":"no"}}`, vRefused, "", ""},
		{"reply answered", reply, 200, `{"id":"R1"}`, vCreated, "R1", ""},
		{"reply answered for another record", reply, 200, `{"id":"R2"}`, vRefused, "", ""},
		{"reply carried out names its answer", reply, 409, conflict, vCarriedOut, "R1", "M9"},
		{"customer's answer carried out names the new record", customerAnswer, 409, conflict, vCarriedOut, "M9", "M9"},
		{"customer's answer", customerAnswer, 201, `{"id":"M8"}`, vCreated, "M8", ""},
		{"upload", upload, 201, `{"uploads":[{}],"message":{"id":"A1"}}`, vCreated, "A1", ""},
		{"upload to another action", upload, 201, `{"uploads":[{}],"message":{"id":"A2"}}`, vRefused, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, id, named := judge(tt.r, &answer{Status: tt.status, Body: []byte(tt.body)})
			if v != tt.want || id != tt.id || named != tt.named {
				t.Errorf("judge = %d %q %q, want %d %q %q", v, id, named, tt.want, tt.id, tt.named)
			}
		})
	}
}

// TestCheckRecords holds made-up records against made-up requests: one
// record per key is right whatever settled the request; two is a
// duplicate; none for an acknowledged request is lost; a record of no
// request, or not the one acknowledged, is wrong; a request without an
// outcome may have made one record.
func TestCheckRecords(t *testing.T) {
	rec := func(id, key string) dbRecord { return dbRecord{ID: id, Direction: "to_customer", Marker: key} }
	tests := []struct {
		name       string
		acks       []ack
		unresolved []*createReq
		recs       []dbRecord
		ups        []dbUpload
		dups, lost int
		wrong      string // a word of the one wrong finding; "" for none
	}{
		{"one each", []ack{{Kind: "message", ID: "M1", Key: "ct-1-1", Via: "answer"}, {Kind: "action", ID: "M2", Key: "ct-1-2", Via: "conflict", Named: "M2"}},
			nil, []dbRecord{rec("M1", "ct-1-1"), rec("M2", "ct-1-2")}, nil, 0, 0, ""},
		{"a close makes none", []ack{{Kind: "close", ID: "M2"}}, nil, nil, nil, 0, 0, ""},
		{"two records of a key", []ack{{Kind: "message", ID: "M1", Key: "ct-1-1"}}, nil,
			[]dbRecord{rec("M1", "ct-1-1"), rec("M3", "ct-1-1")}, nil, 1, 0, ""},
		{"acknowledged, no record", []ack{{Kind: "message", ID: "M1", Key: "ct-1-1"}}, nil, nil, nil, 0, 1, ""},
		{"acknowledged as another record", []ack{{Kind: "message", ID: "M1", Key: "ct-1-1"}}, nil,
			[]dbRecord{rec("M5", "ct-1-1")}, nil, 0, 0, "its record is M5"},
		{"a record of no request", nil, nil, []dbRecord{rec("M1", "ct-1-1")}, nil, 0, 0, "no request"},
		{"a record without a key", nil, nil, []dbRecord{rec("M1", "")}, nil, 0, 0, "carries no"},
		{"reply: the answer answers the record acknowledged",
			[]ack{{Kind: "reply", ID: "Q1", Key: "ct-1-4", Named: "M4"}}, nil,
			[]dbRecord{{ID: "M4", Direction: "to_customer", InReplyTo: "Q1", Marker: "ct-1-4"}}, nil, 0, 0, ""},
		{"reply: the answer answers another record",
			[]ack{{Kind: "reply", ID: "Q1", Key: "ct-1-4"}}, nil,
			[]dbRecord{{ID: "M4", Direction: "to_customer", InReplyTo: "Q2", Marker: "ct-1-4"}}, nil, 0, 0, "answers"},
		{"reply: the 409 named another answer",
			[]ack{{Kind: "reply", ID: "Q1", Key: "ct-1-4", Named: "M9"}}, nil,
			[]dbRecord{{ID: "M4", Direction: "to_customer", InReplyTo: "Q1", Marker: "ct-1-4"}}, nil, 0, 0, "named"},
		{"one upload", []ack{{Kind: "upload", ID: "A1", Key: "ct-1-5"}}, nil, nil, []dbUpload{{"A1", "ct-1-5.pdf"}}, 0, 0, ""},
		{"two uploads of a key", []ack{{Kind: "upload", ID: "A1", Key: "ct-1-5"}}, nil, nil,
			[]dbUpload{{"A1", "ct-1-5.pdf"}, {"A1", "ct-1-5.pdf"}}, 1, 0, ""},
		{"upload acknowledged, not stored", []ack{{Kind: "upload", ID: "A1", Key: "ct-1-5"}}, nil, nil, nil, 0, 1, ""},
		{"upload stored to another action", []ack{{Kind: "upload", ID: "A1", Key: "ct-1-5"}}, nil, nil,
			[]dbUpload{{"A2", "ct-1-5.pdf"}}, 0, 0, "stored to"},
		{"no outcome, no record", nil, []*createReq{{Key: "ct-1-6"}}, nil, nil, 0, 0, ""},
		{"no outcome, one record", nil, []*createReq{{Key: "ct-1-6"}}, []dbRecord{rec("M6", "ct-1-6")}, nil, 0, 0, ""},
		{"no outcome, two records", nil, []*createReq{{Key: "ct-1-6"}}, []dbRecord{rec("M6", "ct-1-6"), rec("M7", "ct-1-6")}, nil, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := checkRecords(tt.acks, tt.unresolved, tt.recs, tt.ups)
			if len(f.Duplicates) != tt.dups || len(f.Lost) != tt.lost {
				t.Errorf("duplicates %q, lost %q; want %d, %d", f.Duplicates, f.Lost, tt.dups, tt.lost)
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

// TestMarker finds a request's key in a record's body, and only ours.
func TestMarker(t *testing.T) {
	for body, want := range map[string]string{
		"Please look. " + marker("ct-3-17"): "ct-3-17",
		"no marker":                         "",
		"[ref ct-3-]":                       "",
		"[ref other-1-2]":                   "",
	} {
		got := ""
		if m := markerRe.FindStringSubmatch(body); m != nil {
			got = m[1]
		}
		if got != want {
			t.Errorf("marker of %q = %q, want %q", body, got, want)
		}
	}
}
