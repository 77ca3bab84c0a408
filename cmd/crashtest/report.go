package main

import (
	"fmt"
	"io"
	"time"
)

// result is the figures of one run.
type result struct {
	opts         options
	load, drain  time.Duration
	settle       time.Duration // waiting for the creates parked on request_in_progress
	waits, busy  int           // 409 request_in_progress and 503 answers
	gens         []generation
	records      recordFigures
	kills        []time.Time
	restarts     []time.Duration
	killsAfter   []int64
	acks         []ack
	ackedRecords []string // ids of acknowledged records to customers, answers included
	cutOff       map[string]int
	doneUnseen   map[string]int
	unexpected   []string
	lost         []string // acknowledged requests not found as acknowledged
	email        emailFigures
	// committedUnacked counts records to customers in the database that no
	// client saw acknowledged: cut off by a kill after their commit.
	committedUnacked int
	// hooks are the webhook events' figures, with -webhooks.
	hooks     *hookFigures
	hookDrain time.Duration
}

// passed is the verdict: nothing acknowledged lost, no email lost, no
// email three times or twice without a kill between, nothing unexpected.
func (r *result) passed() bool {
	return len(r.lost) == 0 && len(r.email.Lost) == 0 && len(r.email.Wrong) == 0 && len(r.unexpected) == 0 &&
		len(r.records.Duplicates) == 0 && len(r.records.Lost) == 0 && len(r.records.Wrong) == 0 &&
		len(r.kills) == r.opts.kills && r.committedUnacked >= 0 &&
		(r.hooks == nil || len(r.hooks.Lost) == 0 && len(r.hooks.Wrong) == 0)
}

func (r *result) print(w io.Writer, verbose bool) {
	kinds := map[string]int{}
	for _, a := range r.acks {
		kinds[a.Kind]++
	}
	var restart time.Duration
	for _, d := range r.restarts {
		restart = max(restart, d)
	}
	cut := 0
	for _, n := range r.cutOff {
		cut += n
	}
	via := map[string]int{}
	for _, a := range r.acks {
		if a.Key != "" {
			via[a.Via]++
		}
	}
	killsBy := make([]int, r.opts.servers)
	for _, g := range r.gens {
		if !g.Kill.IsZero() && g.Slot >= 1 && g.Slot <= len(killsBy) {
			killsBy[g.Slot-1]++
		}
	}
	db := "SQLite"
	if r.opts.db != "" {
		db = "PostgreSQL"
	}
	fmt.Fprintf(w, "  servers:         %d on %s, kills by server %v\n", r.opts.servers, db, killsBy)
	fmt.Fprintf(w, "  load:            %s, %.0f acknowledged records/s\n", r.load.Round(time.Millisecond), float64(len(r.ackedRecords))/r.load.Seconds())
	fmt.Fprintf(w, "  acknowledged:    %d records to customers (%d messages, %d actions, %d replies), %d questions, %d answers, %d uploads, %d closes\n",
		len(r.ackedRecords), kinds["message"], kinds["action"], kinds["reply"], kinds["question"], kinds["answer"], kinds["upload"], kinds["close"])
	fmt.Fprintf(w, "  kills:           %d, after %v acknowledged records; slowest restart %s\n", len(r.kills), r.killsAfter, restart.Round(time.Millisecond))
	fmt.Fprintf(w, "  cut off:         %d tries without an answer (%v); committed anyway: %d records, %d closes\n",
		cut, r.cutOff, r.committedUnacked, r.doneUnseen["close"])
	fmt.Fprintf(w, "  Idempotency-Key: creates settled by their answer %d, by the first answer replayed %d, by 409 conflict %d; %d answers request_in_progress, %d busy (503); waited %s after the load\n",
		via["answer"], via["replay"], via["conflict"], r.waits, r.busy, r.settle.Round(time.Millisecond))
	rf := r.records
	fmt.Fprintf(w, "  records:         %d records and %d uploads, each of one request; %d requests without an outcome (%d of them made theirs)\n",
		rf.Records, rf.Uploads, rf.Unresolved, rf.UnresolvedMade)
	e := r.email
	fmt.Fprintf(w, "  e-Notifications: %d queued, %d sent, %d pending, %d failed; waited %s for the queue\n",
		e.Rows, e.Sent, e.Pending, e.Failed, r.drain.Round(time.Millisecond))
	fmt.Fprintf(w, "  emails:          %d Message-IDs received, %d copies\n", e.Received, e.Deliveries)
	var hookLost, hookWrong []string
	if h := r.hooks; h != nil {
		fmt.Fprintf(w, "  webhook events:  %d queued, %d delivered, %d pending, %d failed; waited %s for the outbox\n",
			h.Queued, h.Delivered, h.Pending, h.Failed, r.hookDrain.Round(time.Millisecond))
		fmt.Fprintf(w, "  events received: %d ids, %d copies; %d received twice or more (a kill between acceptance and record)\n",
			h.Received, h.Copies, h.Duplicates)
		hookLost, hookWrong = h.Lost, h.Wrong
	}
	fmt.Fprintf(w, "  lost:            %d\n", len(r.lost)+len(e.Lost)+len(rf.Lost)+len(hookLost))
	fmt.Fprintf(w, "  duplicate records: %d\n", len(rf.Duplicates))
	fmt.Fprintf(w, "  duplicate emails:  %d (received twice, a kill between the mail server's acceptance and its record)\n", e.Duplicates)
	for _, list := range []struct {
		name  string
		items []string
	}{{"twice", e.Twice}, {"duplicate record", rf.Duplicates}, {"lost", r.lost}, {"lost record", rf.Lost}, {"lost email", e.Lost},
		{"wrong record", rf.Wrong}, {"wrong", e.Wrong}, {"unexpected answer", r.unexpected},
		{"lost event", hookLost}, {"wrong event", hookWrong}} {
		for i, s := range list.items {
			if i == 10 && !verbose && list.name != "twice" {
				fmt.Fprintf(w, "  %s: ... %d more (-v shows all)\n", list.name, len(list.items)-10)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", list.name, s)
		}
	}
}
