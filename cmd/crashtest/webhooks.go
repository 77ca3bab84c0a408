package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/county/emessage/internal/testrig"
)

// webhookSecret signs the events of a run with -webhooks.
const webhookSecret = "crashtest-webhook-secret-0123456789"

// outboxRow is a row of the webhook_events table.
type outboxRow struct {
	Seq                          int64
	EventID, MessageID, Type, St string
	LeasedUntil                  sql.NullInt64 // Unix microseconds
	Attempts                     int
	LastError                    string
}

// readOutbox reads the webhook outbox, by event id.
func readOutbox(ctx context.Context, d *database) (map[string]outboxRow, error) {
	db, err := sql.Open(d.driver, d.dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT id, event_id, message_id, type, state, leased_until, attempts, last_error
		FROM webhook_events`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]outboxRow{}
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.Seq, &r.EventID, &r.MessageID, &r.Type, &r.St, &r.LeasedUntil, &r.Attempts, &r.LastError); err != nil {
			return nil, err
		}
		out[r.EventID] = r
	}
	return out, rows.Err()
}

// drainWebhooks waits until every queued event is recorded delivered and
// arrived, or until margin after the last lease of a killed server ran
// out, and at most limit. It returns the outbox it last read and the wait.
func drainWebhooks(ctx context.Context, d *database, rcv *testrig.Receiver, margin, limit time.Duration) (map[string]outboxRow, time.Duration, error) {
	start := time.Now()
	for {
		outbox, err := readOutbox(ctx, d)
		if err != nil {
			return nil, time.Since(start), err
		}
		got := map[string]bool{}
		for _, dl := range rcv.Unique() {
			got[dl.Event.ID] = true
		}
		done := true
		var leaseEnd time.Time
		for id, r := range outbox {
			if r.St != "delivered" || !got[id] {
				done = false
			}
			if r.LeasedUntil.Valid {
				leaseEnd = later(leaseEnd, time.UnixMicro(r.LeasedUntil.Int64))
			}
		}
		deadline := later(start.Add(margin), leaseEnd.Add(margin))
		if t := start.Add(limit); deadline.After(t) {
			deadline = t
		}
		if done || time.Now().After(deadline) {
			return outbox, time.Since(start), nil
		}
		select {
		case <-ctx.Done():
			return outbox, time.Since(start), ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// hookFigures is what the receiver got against the outbox and the
// acknowledged requests.
type hookFigures struct {
	Queued, Delivered, Pending, Failed int // outbox rows
	Received, Copies, Duplicates       int // distinct event ids accepted, POSTs accepted, ids accepted more than once
	Lost, Wrong                        []string
}

// checkWebhooks holds the events the receiver accepted against the
// outbox and what the clients were told: every acknowledged create has
// its message.created event, every acknowledged answer and close its
// status change, every acknowledged upload its upload.created; every
// queued event arrived (at least once), each record's in the outbox's
// order; the receiver found every signature good.
func checkWebhooks(acks []ack, answers []string, outbox map[string]outboxRow, rcv *testrig.Receiver) hookFigures {
	var f hookFigures
	f.Queued = len(outbox)
	have := map[string]int{} // "message type status" -> events accepted
	lastSeq := map[string]int64{}
	unique, accepted := rcv.Unique(), rcv.Accepted()
	f.Received, f.Copies = len(unique), len(accepted)
	copies := map[string]int{}
	for _, dl := range accepted {
		if copies[dl.Event.ID]++; copies[dl.Event.ID] == 2 {
			f.Duplicates++ // sent again after a kill cut the acceptance off from our record of it
		}
	}
	for _, dl := range unique {
		e := dl.Event
		have[e.MessageID+" "+string(e.Type)]++
		have[e.MessageID+" "+string(e.Type)+" "+string(e.Status)]++
		r, ok := outbox[e.ID]
		if !ok {
			f.Wrong = append(f.Wrong, fmt.Sprintf("event %s (%s of %s) accepted, not in the outbox", e.ID, e.Type, e.MessageID))
			continue
		}
		if r.Seq < lastSeq[e.MessageID] {
			f.Wrong = append(f.Wrong, fmt.Sprintf("event %s (%s) of %s arrived after a later one of its record", e.ID, e.Type, e.MessageID))
		}
		lastSeq[e.MessageID] = max(lastSeq[e.MessageID], r.Seq)
	}
	got := map[string]bool{}
	for _, dl := range unique {
		got[dl.Event.ID] = true
	}
	for id, r := range outbox {
		switch r.St {
		case "delivered":
			f.Delivered++
			if !got[id] {
				f.Lost = append(f.Lost, fmt.Sprintf("event %s (%s of %s) recorded delivered but never accepted", id, r.Type, r.MessageID))
			}
		case "pending":
			f.Pending++
			f.Lost = append(f.Lost, fmt.Sprintf("event %s (%s of %s) still pending after %d tries: %s", id, r.Type, r.MessageID, r.Attempts, r.LastError))
		default:
			f.Failed++
			f.Lost = append(f.Lost, fmt.Sprintf("event %s (%s of %s) %s: %s", id, r.Type, r.MessageID, r.St, r.LastError))
		}
	}
	want := func(key, what string) {
		if have[key] == 0 {
			f.Lost = append(f.Lost, what)
		}
	}
	uploads := map[string]int{}
	for _, a := range acks {
		switch a.Kind {
		case "message", "action", "question", "answer":
			want(a.ID+" message.created", fmt.Sprintf("acknowledged %s %s has no message.created event", a.Kind, a.ID))
		case "reply":
			want(a.ID+" message.status_changed replied", fmt.Sprintf("answered record %s has no status change to replied", a.ID))
		case "close":
			want(a.ID+" message.status_changed action_closed", fmt.Sprintf("closed action %s has no status change to action_closed", a.ID))
		case "upload":
			uploads[a.ID]++
		}
	}
	for _, id := range answers {
		want(id+" message.created", fmt.Sprintf("acknowledged answer %s has no message.created event", id))
	}
	for id, n := range uploads {
		if got := have[id+" upload.created"]; got < n {
			f.Lost = append(f.Lost, fmt.Sprintf("action %s: %d uploads acknowledged, %d upload.created events", id, n, got))
		}
	}
	for _, p := range rcv.Problems() {
		f.Wrong = append(f.Wrong, "receiver refused a POST: "+p)
	}
	slices.Sort(f.Lost)
	slices.Sort(f.Wrong)
	return f
}
