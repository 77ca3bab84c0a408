package sqlstore

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/county/emessage"
)

func mustQueue(tb testing.TB, s *Store, n int) {
	tb.Helper()
	for i := range n {
		m := MustAdd(tb, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent, at: t0.Add(time.Duration(i) * time.Second)})
		err := s.Apply(context.Background(), &emessage.Change{Notifications: []emessage.Notification{{
			MessageID: m.ID, AccountID: m.AccountID, Email: "maria@example.org", Language: "es",
			Status: emessage.NotificationPending, NextAt: m.CreatedAt, CreatedAt: m.CreatedAt, MailID: "<" + m.ID + "@test>",
		}}})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

func TestNotificationQueue(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustQueue(t, s, 3)
		now := t0.Add(time.Second) // the third is not due yet
		got, err := s.ClaimNotifications(ctx, now, now.Add(time.Minute), 10)
		if err != nil || len(got) != 2 || got[0].NextAt.After(got[1].NextAt) || got[0].LeasedUntil == nil || got[0].Email != "maria@example.org" {
			t.Fatalf("claimed %+v, %v", got, err)
		}
		// Leased: nobody else gets them until the lease ends.
		if again, _ := s.ClaimNotifications(ctx, now, now.Add(time.Minute), 10); len(again) != 0 {
			t.Fatalf("claimed leased notifications again: %+v", again)
		}
		if err := s.NotificationSent(ctx, got[0].ID, now); err != nil {
			t.Fatal(err)
		}
		if err := s.NotificationRetry(ctx, got[1].ID, now.Add(time.Hour), "mail server down", false); err != nil {
			t.Fatal(err)
		}
		later := now.Add(2 * time.Minute)
		next, _ := s.ClaimNotifications(ctx, later, later.Add(time.Minute), 10)
		if len(next) != 1 || next[0].ID == got[1].ID {
			t.Fatalf("claimed %+v, want only the third", next)
		}
		// An expired lease is claimed again.
		end := later.Add(2 * time.Hour)
		retried, _ := s.ClaimNotifications(ctx, end, end.Add(time.Minute), 10)
		if len(retried) != 2 || retried[1].ID != got[1].ID || retried[1].Attempts != 1 || retried[1].LastError != "mail server down" {
			t.Fatalf("claimed %+v", retried)
		}
		if err := s.NotificationRetry(ctx, retried[1].ID, end, "refused", true); err != nil {
			t.Fatal(err)
		}
		pending, failed, err := s.NotificationCounts(ctx)
		if err != nil || pending != 1 || failed != 1 {
			t.Fatalf("counts = %d pending, %d failed, %v", pending, failed, err)
		}
		wantCode(t, s.NotificationSent(ctx, 999, end), emessage.ENotFound)
	})
}

func TestClaimConcurrently(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const total = 40
		mustQueue(t, s, total)
		now := t0.Add(time.Hour)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for {
					got, err := s.ClaimNotifications(ctx, now, now.Add(time.Minute), 3)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, n := range got {
						seen[n.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != total {
			t.Fatalf("claimed %d notifications, want %d", len(seen), total)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("notification %d claimed %d times", id, n)
			}
		}
	})
}
