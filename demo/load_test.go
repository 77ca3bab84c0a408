package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/demo"
	"github.com/county/emessage/internal/testrig"
)

// now is a Monday morning, so that business days and weekends both matter.
var now = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// The demo as Load writes it, on each database: every record reachable by
// the real rules, and the examples the demo is for.

// loaded runs fn on a rig of each database holding the demo loaded at now,
// with the rig's clock at now, and every record of the demo.
func loaded(t *testing.T, fn func(t *testing.T, r *testrig.Rig, records []*emessage.Message)) {
	testrig.ForEachDB(t, nil, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		r.Clock.Set(now)
		if _, _, err := demo.Load(ctx, r.Service, now); err != nil {
			t.Fatal(err)
		}
		if !r.Service.Now().Equal(now) {
			t.Fatalf("Load moved the service's clock to %s", r.Service.Now())
		}
		var records []*emessage.Message
		for _, county := range []string{"19", "34"} {
			ms, err := r.Store.SearchMessages(ctx, emessage.MessageQuery{County: county, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			records = append(records, ms...)
		}
		fn(t, r, records)
	})
}

// TestDemoFollowsTheRules checks every demo record against the status
// machine and what the customers and workers did: its history starts with
// the status its author writes it in, each next entry is a move the machine
// allows, made by whom SPEC section 3 says (the customer for received and
// action_completed, a worker for the rest), and ends in the record's
// status; an action is completed only by an upload or the form opened, a
// record is replied only with an answer in its thread, and the customer who
// acted on a record has opened it (no NEW beside Done or Closed).
func TestDemoFollowsTheRules(t *testing.T) {
	loaded(t, func(t *testing.T, r *testrig.Rig, records []*emessage.Message) {
		ctx := context.Background()
		for _, m := range records {
			history, err := r.Store.History(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			uploads, err := r.Store.Uploads(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			trail, err := r.Store.MessageAudit(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			thread, err := r.Store.Thread(ctx, m.ThreadID)
			if err != nil {
				t.Fatal(err)
			}
			if len(history) == 0 {
				t.Errorf("%s: no history", m.ID)
				continue
			}
			first := map[emessage.Direction]map[emessage.Type]emessage.Status{
				emessage.ToCustomer:   {emessage.TypeMessage: emessage.StatusSent, emessage.TypeAction: emessage.StatusNewAction},
				emessage.FromCustomer: {emessage.TypeMessage: emessage.StatusReceived},
			}[m.Direction][m.Type]
			if h := history[0]; h.Status != first || !h.At.Equal(m.CreatedAt) || (h.ByKind == "ssp") != (m.Direction == emessage.FromCustomer) {
				t.Errorf("%s (%s %s): history begins with %s at %s by %s %s; want %s at its creation %s by its author",
					m.ID, m.Direction, m.Type, h.Status, h.At, h.ByKind, h.By, first, m.CreatedAt)
			}
			for i, h := range history {
				if (h.ByKind == "ssp") != h.Status.ByCustomer() {
					t.Errorf("%s: %s set by %s %s; SPEC section 3 has the other side set it", m.ID, h.Status, h.ByKind, h.By)
				}
				if i == 0 {
					continue
				}
				prev := history[i-1]
				if err := emessage.CheckMove(prev.Status, h.Status); err != nil {
					t.Errorf("%s: history moves %s -> %s: %v", m.ID, prev.Status, h.Status, err)
				}
				if h.At.Before(prev.At) {
					t.Errorf("%s: history goes back in time at %s", m.ID, h.Status)
				}
			}
			if last := history[len(history)-1].Status; last != m.Status {
				t.Errorf("%s: status %s, but its history ends in %s", m.ID, m.Status, last)
			}
			completed := slices.ContainsFunc(history, func(h emessage.HistoryEntry) bool { return h.Status == emessage.StatusActionCompleted })
			formOpened := slices.ContainsFunc(trail, func(e emessage.AuditEntry) bool { return e.Action == "document.view" && e.ActorKind == "ssp" })
			switch {
			case completed && m.ActionType == emessage.ActionUploadDocument && len(uploads) == 0:
				t.Errorf("%s: Upload Document action completed without an upload", m.ID)
			case completed && m.ActionType == emessage.ActionViewDocument && !formOpened:
				t.Errorf("%s: View Document action completed without the form opened", m.ID)
			case len(uploads) > 0 && m.ActionType != emessage.ActionUploadDocument:
				t.Errorf("%s: uploads on a record that asks for none", m.ID)
			}
			for _, u := range uploads {
				if u.AccountID != m.AccountID || u.UploadedAt.Before(m.CreatedAt) {
					t.Errorf("%s: upload %s by account %d at %s, not the customer's after the record", m.ID, u.Filename, u.AccountID, u.UploadedAt)
				}
			}
			if (completed || len(uploads) > 0 || formOpened) && m.ViewedAt == nil {
				t.Errorf("%s: the customer acted on it without opening it: the portal shows NEW beside %s", m.ID, emessage.CustomerStatusOf(m))
			}
			answered := slices.ContainsFunc(thread, func(a *emessage.Message) bool {
				return a.InReplyTo == m.ID && a.Direction == emessage.ToCustomer && a.AuthorKind == "worker"
			})
			if (m.Status == emessage.StatusReplied) != answered {
				t.Errorf("%s: status %s, a worker's answer in its thread: %v", m.ID, m.Status, answered)
			}
		}
	})
}

// TestDemoEveryStatus: the demo holds records in every status, and new
// actions of both kinds.
func TestDemoEveryStatus(t *testing.T) {
	loaded(t, func(t *testing.T, r *testrig.Rig, records []*emessage.Message) {
		seen := map[emessage.Status]bool{}
		actions := map[emessage.ActionType]bool{}
		for _, m := range records {
			seen[m.Status] = true
			if m.Status == emessage.StatusNewAction {
				actions[m.ActionType] = true
			}
		}
		for _, s := range emessage.Statuses {
			if !seen[s] {
				t.Errorf("no record in status %s", s)
			}
		}
		if !actions[emessage.ActionUploadDocument] || !actions[emessage.ActionViewDocument] {
			t.Errorf("new_action types %v, want upload_document and view_document", actions)
		}
	})
}

// TestDemoOverdueExamples: a received, a read and a new action record
// overdue, and one of each within its time.
func TestDemoOverdueExamples(t *testing.T) {
	loaded(t, func(t *testing.T, r *testrig.Rig, records []*emessage.Message) {
		var overdue, fresh []emessage.Status
		for _, m := range records {
			if r.Service.Overdue(m) {
				overdue = append(overdue, m.Status)
			} else if m.Status.NeedsReview() || m.Status == emessage.StatusNewAction {
				fresh = append(fresh, m.Status)
			}
		}
		for _, s := range []emessage.Status{emessage.StatusReceived, emessage.StatusRead, emessage.StatusNewAction} {
			if !slices.Contains(overdue, s) {
				t.Errorf("no overdue %s record (overdue: %v)", s, overdue)
			}
			if !slices.Contains(fresh, s) {
				t.Errorf("no %s record within its time (%v)", s, fresh)
			}
		}
	})
}
