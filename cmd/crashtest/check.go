package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// detail is the part of GET /api/v1/messages/{id} the checks read.
type detail struct {
	ID        string
	Direction string
	Status    string
	InReplyTo *string `json:"in_reply_to"`
	History   []struct{ Status string }
	Thread    []detail
}

// checkAcks reads every acknowledged request back through the API: each
// created record is there with its first history entry, each answered
// record is replied with its answer in the thread, each closed action is
// closed once. It returns what is missing or wrong, and the ids of the
// answers (records to customers the replies created).
func checkAcks(ctx context.Context, workers []*apiClient, acks []ack) (problems, answers []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan ack)
	for range len(workers) {
		wg.Go(func() {
			for a := range next {
				problem, answer := checkAck(ctx, workers[a.Client], a)
				mu.Lock()
				if problem != "" {
					problems = append(problems, problem)
				}
				if answer != "" {
					answers = append(answers, answer)
				}
				mu.Unlock()
			}
		})
	}
	for _, a := range acks {
		next <- a
	}
	close(next)
	wg.Wait()
	slices.Sort(problems)
	return problems, answers
}

func checkAck(ctx context.Context, c *apiClient, a ack) (problem, answer string) {
	res, err := c.callAnswered(ctx, "GET", "/api/v1/messages/"+a.ID, nil)
	if err != nil {
		return fmt.Sprintf("%s %s: %v", a.Kind, a.ID, err), ""
	}
	var d detail
	if res.Status != http.StatusOK || res.decode(&d) != nil {
		return fmt.Sprintf("%s %s acknowledged, now %d %.200s", a.Kind, a.ID, res.Status, res.Body), ""
	}
	var statuses []string
	for _, h := range d.History {
		statuses = append(statuses, h.Status)
	}
	first := ""
	if len(statuses) > 0 {
		first = statuses[0]
	}
	count := func(s string) int {
		n := 0
		for _, st := range statuses {
			if st == s {
				n++
			}
		}
		return n
	}
	switch a.Kind {
	case "message":
		if d.Direction != "to_customer" || d.Status != "sent" || first != "sent" {
			return fmt.Sprintf("message %s: %s in %s, history %v", a.ID, d.Direction, d.Status, statuses), ""
		}
	case "action":
		if d.Direction != "to_customer" || first != "new_action" || !slices.Contains([]string{"new_action", "action_completed", "action_closed"}, d.Status) {
			return fmt.Sprintf("action %s: %s in %s, history %v", a.ID, d.Direction, d.Status, statuses), ""
		}
	case "question", "answer":
		if d.Direction != "from_customer" || first != "received" || !slices.Contains([]string{"received", "read", "replied"}, d.Status) {
			return fmt.Sprintf("%s %s: %s in %s, history %v", a.Kind, a.ID, d.Direction, d.Status, statuses), ""
		}
	case "upload":
		if d.Status != "action_completed" && d.Status != "action_closed" || count("action_completed") > 1 {
			return fmt.Sprintf("action %s uploaded to: in %s, history %v", a.ID, d.Status, statuses), ""
		}
	case "close":
		if d.Status != "action_closed" || count("action_closed") != 1 {
			return fmt.Sprintf("closed action %s: in %s, history %v", a.ID, d.Status, statuses), ""
		}
	case "reply":
		if d.Status != "replied" || count("replied") != 1 {
			return fmt.Sprintf("answered record %s: in %s, history %v", a.ID, d.Status, statuses), ""
		}
		for _, m := range d.Thread {
			if m.Direction == "to_customer" && m.InReplyTo != nil && *m.InReplyTo == a.ID {
				if answer != "" {
					return fmt.Sprintf("answered record %s has two answers", a.ID), ""
				}
				answer = m.ID
			}
		}
		if answer == "" {
			return fmt.Sprintf("answered record %s has no answer in its thread", a.ID), ""
		}
		if a.Named != "" && a.Named != answer {
			return fmt.Sprintf("answered record %s: its answer is %s, the 409 named %s", a.ID, answer, a.Named), ""
		}
	}
	return "", answer
}

// emailFigures is what the mail server received against the queue.
type emailFigures struct {
	Rows, Sent, Pending, Failed int
	Received, Deliveries        int      // distinct Message-IDs, and copies in all
	Duplicates                  int      // Message-IDs received twice, a kill between the copies
	Twice                       []string // each duplicate and its kill
	Lost                        []string
	Wrong                       []string // anything else that must never happen
}

// checkEmails holds the queue (notification rows) and the received emails
// against the acknowledged records and each other. A second copy is
// allowed only when the server that sent the first one was killed before
// the second arrived: gens are the server processes, their starts and kills.
func checkEmails(acked []string, db dbState, received map[string][]delivery, noID int, gens []generation) emailFigures {
	var f emailFigures
	f.Rows = len(db.notes)
	for _, id := range acked {
		if _, ok := db.notes[id]; !ok {
			f.Lost = append(f.Lost, fmt.Sprintf("acknowledged record %s has no e-Notification", id))
		}
	}
	for id := range db.toCustomer {
		if _, ok := db.notes[id]; !ok {
			f.Wrong = append(f.Wrong, fmt.Sprintf("record %s to an opted-in customer has no e-Notification", id))
		}
	}
	byMail := map[string]note{}
	for _, n := range db.notes {
		byMail[n.MailID] = n
		switch n.Status {
		case "sent":
			f.Sent++
		case "pending":
			f.Pending++
			f.Lost = append(f.Lost, fmt.Sprintf("e-Notification of %s still pending after %d tries", n.MessageID, n.Attempts))
		default:
			f.Failed++
			f.Lost = append(f.Lost, fmt.Sprintf("e-Notification of %s %s: %s", n.MessageID, n.Status, n.LastError))
		}
		copies := received[n.MailID]
		switch {
		case len(copies) == 0 && n.Status == "sent":
			f.Lost = append(f.Lost, fmt.Sprintf("e-Notification of %s recorded sent but never received", n.MessageID))
		case len(copies) == 2:
			g := sender(gens, copies[0])
			if g < 0 || gens[g].Kill.IsZero() || !gens[g].Kill.Before(copies[1].At) {
				f.Wrong = append(f.Wrong, fmt.Sprintf("e-Notification %s received twice, its sender not killed between", n.MailID))
				break
			}
			k := gens[g].Kill
			again := "?"
			if g2 := sender(gens, copies[1]); g2 >= 0 {
				again = fmt.Sprintf("server %d", gens[g2].Slot)
			}
			f.Duplicates++
			f.Twice = append(f.Twice, fmt.Sprintf("%s (e-Notification of %s): accepted from server %d (process %d) %s before its kill, again from %s %s after it",
				n.MailID, n.MessageID, gens[g].Slot, g+1, k.Sub(copies[0].At).Round(time.Millisecond), again, copies[1].At.Sub(k).Round(time.Millisecond)))
		case len(copies) > 2:
			f.Wrong = append(f.Wrong, fmt.Sprintf("e-Notification %s received %d times", n.MailID, len(copies)))
		}
		for _, d := range copies {
			if len(d.To) != 1 || d.To[0] != n.Email {
				f.Wrong = append(f.Wrong, fmt.Sprintf("e-Notification %s for %s went to %v", n.MailID, n.Email, d.To))
			}
		}
	}
	for id, copies := range received {
		f.Received++
		f.Deliveries += len(copies)
		if _, ok := byMail[id]; !ok {
			f.Wrong = append(f.Wrong, fmt.Sprintf("email %s matches no e-Notification", id))
		}
	}
	if noID > 0 {
		f.Wrong = append(f.Wrong, fmt.Sprintf("%d emails without a Message-ID", noID))
	}
	slices.Sort(f.Lost)
	slices.Sort(f.Wrong)
	return f
}

// sender is the index of the server process that sent a copy: the one
// whose envelope sender it came with, or, for a sender of no process (a
// --mail-from of -serve-flag), the last one started before the copy's
// connection was opened, which is right with one server only (-1 for none).
func sender(gens []generation, d delivery) int {
	for i, gen := range gens {
		if d.From != "" && gen.From == d.From {
			return i
		}
	}
	g := -1
	for i, gen := range gens {
		if !gen.Start.After(d.ConnAt) {
			g = i
		}
	}
	return g
}
