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
}

// passed is the verdict: nothing acknowledged lost, no email lost, no
// email three times or twice without a kill between, nothing unexpected.
func (r *result) passed() bool {
	return len(r.lost) == 0 && len(r.email.Lost) == 0 && len(r.email.Wrong) == 0 && len(r.unexpected) == 0 &&
		len(r.kills) == r.opts.kills && r.committedUnacked >= 0
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
	fmt.Fprintf(w, "  load:            %s, %.0f acknowledged records/s\n", r.load.Round(time.Millisecond), float64(len(r.ackedRecords))/r.load.Seconds())
	fmt.Fprintf(w, "  acknowledged:    %d records to customers (%d messages, %d actions, %d replies), %d closes\n",
		len(r.ackedRecords), kinds["message"], kinds["action"], kinds["reply"], kinds["close"])
	fmt.Fprintf(w, "  kills:           %d, after %v acknowledged records; slowest restart %s\n", len(r.kills), r.killsAfter, restart.Round(time.Millisecond))
	fmt.Fprintf(w, "  cut off:         %d requests without an answer (%v); committed anyway: %d records, %d replies or closes\n",
		cut, r.cutOff, r.committedUnacked, r.doneUnseen["reply"]+r.doneUnseen["close"])
	e := r.email
	fmt.Fprintf(w, "  e-Notifications: %d queued, %d sent, %d pending, %d failed; waited %s for the queue\n",
		e.Rows, e.Sent, e.Pending, e.Failed, r.drain.Round(time.Millisecond))
	fmt.Fprintf(w, "  emails:          %d Message-IDs received, %d copies\n", e.Received, e.Deliveries)
	fmt.Fprintf(w, "  lost:            %d\n", len(r.lost)+len(e.Lost))
	fmt.Fprintf(w, "  duplicates:      %d (received twice, a kill between the mail server's acceptance and its record)\n", e.Duplicates)
	for _, list := range []struct {
		name  string
		items []string
	}{{"twice", e.Twice}, {"lost", r.lost}, {"lost email", e.Lost}, {"wrong", e.Wrong}, {"unexpected answer", r.unexpected}} {
		for i, s := range list.items {
			if i == 10 && !verbose {
				fmt.Fprintf(w, "  %s: ... %d more (-v shows all)\n", list.name, len(list.items)-10)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", list.name, s)
		}
	}
}
