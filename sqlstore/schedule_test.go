package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/dbtest"
	"github.com/county/emessage/internal/testrig/fixture"
)

// mustSchedule writes n records for maria (B1, P1) scheduled to go out at
// sendAt, as the service writes them.
func mustSchedule(tb testing.TB, s *Store, n int, typ emessage.Type, sendAt time.Time) []*emessage.Message {
	tb.Helper()
	ctx := context.Background()
	c, err := s.Case(ctx, "B1")
	if err != nil {
		tb.Fatal(err)
	}
	p, _ := c.Person("P1")
	var out []*emessage.Message
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		m := &emessage.Message{
			ID: emessage.NewMessageID(at), CaseID: c.ID, CaseNumber: c.Number, County: c.County,
			PersonKey: p.ID, PersonID: p.PersonID, PersonName: p.Name, AccountID: p.AccountID,
			Type: typ, Direction: emessage.ToCustomer, Subject: "Later", Body: "Body text", Status: emessage.StatusSent,
			CreatedAt: at, UpdatedAt: at, AuthorKind: "worker", AuthorID: 1, AuthorUsername: "jdoe",
			Program: c.Programs[0].Code, SendAt: &sendAt, Scheduled: true,
		}
		if typ == emessage.TypeAction {
			m.ActionType, m.Status, m.DueDate = emessage.ActionUploadDocument, emessage.StatusNewAction, "2030-01-01"
		}
		if err := s.Apply(ctx, &emessage.Change{Messages: []*emessage.Message{m}, Events: true}); err != nil {
			tb.Fatal(err)
		}
		got, err := s.Message(ctx, m.ID)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, got)
	}
	return out
}

// releaseChange is the change the service applies to send m at at: its
// email and (Events) its webhook event with it.
func releaseChange(m *emessage.Message, at time.Time) *emessage.Change {
	return &emessage.Change{
		Release: &emessage.ReleaseChange{Message: m, At: at},
		Notifications: []emessage.Notification{{MessageID: m.ID, AccountID: m.AccountID, Email: "maria@example.org",
			Language: "es", Status: emessage.NotificationPending, NextAt: at, CreatedAt: at, MailID: "<" + m.ID + "@test>"}},
		Audit:  []emessage.AuditEntry{{At: at, ActorKind: "operator", Actor: "scheduled-send", Action: "message.release", ObjectType: "message", ObjectID: m.ID}},
		Events: true,
	}
}

func count(tb testing.TB, s *Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := s.read().queryRow(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestScheduledWaitAndRelease: a scheduled record is due at its time, not
// before; nothing announces it while it waits; its release dates it, says
// so in its history, and queues its email and its message.created event.
func TestScheduledWaitAndRelease(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sendAt := t0.Add(time.Hour)
		m := mustSchedule(t, s, 1, emessage.TypeMessage, sendAt)[0]
		if !m.Scheduled || m.Cancelled || m.SendAt == nil || !m.SendAt.Equal(sendAt) {
			t.Fatalf("scheduled record read back as %+v", m)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM webhook_events`); n != 0 {
			t.Fatalf("%d webhook events queued for a scheduled record", n)
		}
		if n, next, err := s.ScheduledWaiting(ctx); err != nil || n != 1 || !next.Equal(sendAt) {
			t.Fatalf("waiting %d, next %v, %v", n, next, err)
		}
		if ids, err := s.DueScheduled(ctx, sendAt.Add(-time.Microsecond), 10); err != nil || len(ids) != 0 {
			t.Fatalf("due before its time: %v, %v", ids, err)
		}
		ids, err := s.DueScheduled(ctx, sendAt, 10)
		if err != nil || len(ids) != 1 || ids[0] != m.ID {
			t.Fatalf("due at its time: %v, %v", ids, err)
		}
		at := sendAt.Add(2 * time.Second)
		if err := s.Apply(ctx, releaseChange(m, at)); err != nil {
			t.Fatal(err)
		}
		got, err := s.Message(ctx, m.ID)
		if err != nil || got.Scheduled || got.Cancelled || !got.CreatedAt.Equal(at) || !got.SendAt.Equal(sendAt) {
			t.Fatalf("released record %+v, %v", got, err)
		}
		h, err := s.History(ctx, m.ID)
		if err != nil || len(h) != 2 || h[0].Note != emessage.NoteScheduled || h[1].Note != emessage.NoteReleased || !h[1].At.Equal(at) {
			t.Fatalf("history %+v, %v", h, err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM webhook_events WHERE message_id = $1 AND type = 'message.created'`, m.ID); n != 1 {
			t.Fatalf("%d message.created events", n)
		}
		if n, _, _ := s.ScheduledWaiting(ctx); n != 0 {
			t.Fatalf("%d still waiting", n)
		}
		// Released again: refused whole, nothing more queued.
		err = s.Apply(ctx, releaseChange(m, at.Add(time.Second)))
		wantCode(t, err, emessage.EInvalidTransition)
		if n := count(t, s, `SELECT COUNT(*) FROM notifications WHERE message_id = $1`, m.ID); n != 1 {
			t.Fatalf("%d notifications", n)
		}
	})
}

// TestReleaseExactlyOnce releases the same due records from many
// goroutines over two stores on one database, as several servers would:
// each record is released once, with one email and one event.
func TestReleaseExactlyOnce(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		a, b := MustOpen(t, url), MustOpen(t, url)
		mustImport(t, a, fixture.World())
		const total = 20
		sendAt := t0.Add(time.Minute)
		msgs := mustSchedule(t, a, total, emessage.TypeMessage, sendAt)
		var mu sync.Mutex
		wins := map[string]int{}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 8 {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				<-start
				for _, m := range msgs {
					err := s.Apply(context.Background(), releaseChange(m, sendAt.Add(time.Duration(i)*time.Millisecond)))
					switch emessage.ErrorCode(err) {
					case "":
						mu.Lock()
						wins[m.ID]++
						mu.Unlock()
					case emessage.EInvalidTransition:
					default:
						t.Error(err)
					}
				}
			})
		}
		close(start)
		wg.Wait()
		for _, m := range msgs {
			if wins[m.ID] != 1 {
				t.Errorf("record %s released %d times", m.ID, wins[m.ID])
			}
		}
		if n := count(t, a, `SELECT COUNT(*) FROM notifications`); n != total {
			t.Errorf("%d notifications, want %d", n, total)
		}
		if n := count(t, a, `SELECT COUNT(*) FROM webhook_events WHERE type = 'message.created'`); n != total {
			t.Errorf("%d message.created events, want %d", n, total)
		}
		if n := count(t, a, `SELECT COUNT(*) FROM message_history WHERE note = 'released'`); n != total {
			t.Errorf("%d release history entries, want %d", n, total)
		}
	})
}

// TestCancelVersusRelease cancels and releases each record at the same
// moment: exactly one of the two wins, and a cancelled record queued
// nothing.
func TestCancelVersusRelease(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		a, b := MustOpen(t, url), MustOpen(t, url)
		mustImport(t, a, fixture.World())
		sendAt := t0.Add(time.Minute)
		msgs := append(mustSchedule(t, a, 6, emessage.TypeMessage, sendAt), mustSchedule(t, a, 6, emessage.TypeAction, sendAt)...)
		worker := emessage.Actor{Role: emessage.RoleWorker, ID: 1, Username: "jdoe"}
		for _, m := range msgs {
			to := m.Status
			if m.IsAction() {
				to = emessage.StatusActionClosed
			}
			var released, cancelled error
			var wg sync.WaitGroup
			start := make(chan struct{})
			wg.Go(func() { <-start; released = a.Apply(context.Background(), releaseChange(m, sendAt)) })
			wg.Go(func() {
				<-start
				cancelled = b.Apply(context.Background(), &emessage.Change{
					Cancel: &emessage.CancelChange{MessageID: m.ID, To: to, At: sendAt, By: worker}})
			})
			close(start)
			wg.Wait()
			rc, cc := emessage.ErrorCode(released), emessage.ErrorCode(cancelled)
			if (rc == "") == (cc == "") || (rc != "" && rc != emessage.EInvalidTransition) || (cc != "" && cc != emessage.EInvalidTransition) {
				t.Fatalf("%s: release %v, cancel %v: want exactly one to win", m.ID, released, cancelled)
			}
			got, err := a.Message(context.Background(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			notes := count(t, a, `SELECT COUNT(*) FROM notifications WHERE message_id = $1`, m.ID)
			events := count(t, a, `SELECT COUNT(*) FROM webhook_events WHERE message_id = $1`, m.ID)
			if cc == "" {
				if got.Scheduled || !got.Cancelled || got.Status != to || notes != 0 || events != 0 {
					t.Fatalf("cancelled: %+v, %d notifications, %d events", got, notes, events)
				}
				h, _ := a.History(context.Background(), m.ID)
				if last := h[len(h)-1]; last.Note != emessage.NoteCancelled || last.Status != to || last.By != "jdoe" {
					t.Fatalf("history of the cancel %+v", h)
				}
			} else if got.Scheduled || got.Cancelled || notes != 1 || events != 1 {
				t.Fatalf("released: %+v, %d notifications, %d events", got, notes, events)
			}
		}
	})
}

// TestCustomerSearchHidesScheduled: the customer's inbox holds neither a
// scheduled record nor a cancelled one; the worker's search holds both.
func TestCustomerSearchHidesScheduled(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sent := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		msgs := mustSchedule(t, s, 2, emessage.TypeMessage, t0.Add(time.Hour))
		err := s.Apply(ctx, &emessage.Change{Cancel: &emessage.CancelChange{MessageID: msgs[1].ID, To: emessage.StatusSent, At: t0,
			By: emessage.Actor{Role: emessage.RoleWorker, ID: 1, Username: "jdoe"}}})
		if err != nil {
			t.Fatal(err)
		}
		inbox, err := s.SearchMessages(ctx, emessage.MessageQuery{AccountID: sent.AccountID, Limit: 50})
		if err != nil || len(inbox) != 1 || inbox[0].ID != sent.ID {
			t.Fatalf("inbox %v, %v: want only %s", ids(inbox), err, sent.ID)
		}
		county, err := s.SearchMessages(ctx, emessage.MessageQuery{County: sent.County, Limit: 50})
		if err != nil || len(county) != 3 {
			t.Fatalf("worker search %v, %v: want all three", ids(county), err)
		}
	})
}
