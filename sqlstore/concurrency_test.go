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

// TestClaimLimit: a claim takes at most limit notifications, oldest first.
func TestClaimLimit(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		mustQueue(t, s, 5)
		now := t0.Add(time.Hour)
		for _, want := range []int{2, 2, 1, 0} {
			got, err := s.ClaimNotifications(context.Background(), now, now.Add(time.Minute), 2)
			if err != nil || len(got) != want {
				t.Fatalf("claimed %d (%v), want %d", len(got), err, want)
			}
		}
	})
}

// TestClaimFromTwoProcesses claims from two stores on one database, as two
// servers would: every notification is claimed exactly once.
func TestClaimFromTwoProcesses(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		a, b := MustOpen(t, url), MustOpen(t, url)
		mustImport(t, a, fixture.World())
		const total = 60
		mustQueue(t, a, total)
		now := t0.Add(time.Hour)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for i := range 8 {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				for {
					got, err := s.ClaimNotifications(context.Background(), now, now.Add(time.Minute), 4)
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

// TestConcurrentUploads: uploads at once to one record never hold more
// than MaxUploadsPerItem together (the count is taken under the record's lock).
func TestConcurrentUploads(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := MustAdd(t, s, msg{caseNumber: "B1", personID: "P1", typ: emessage.TypeAction, status: emessage.StatusNewAction})
		const n = 8
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = s.Apply(ctx, &emessage.Change{UploadsTo: m.ID,
					Uploads: []emessage.Upload{upload("a.pdf"), upload("b.pdf"), upload("c.pdf")}})
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch emessage.ErrorCode(err) {
			case "":
				ok++
			case emessage.ETooManyFiles:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		ups, _ := s.Uploads(ctx, m.ID)
		if ok != 1 || len(ups) != 3 {
			t.Fatalf("%d uploads accepted, %d stored; want 1 and 3", ok, len(ups))
		}
	})
}

// TestConcurrentAnswers: workers on two servers answering one received
// message at once leave one answer and one replied entry.
func TestConcurrentAnswers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, url string) {
		a, b := MustOpen(t, url), MustOpen(t, url)
		mustImport(t, a, fixture.World())
		ctx := context.Background()
		q := MustAdd(t, a, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusReceived})
		const n = 8
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			s := []*Store{a, b}[i%2]
			wg.Go(func() {
				<-start
				at := t0.Add(time.Duration(i+1) * time.Second)
				answer := &emessage.Message{ID: emessage.NewMessageID(at), CaseID: q.CaseID, PersonKey: q.PersonKey,
					AccountID: q.AccountID, Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "Re: Hello",
					Body: "Answer", Status: emessage.StatusSent, CreatedAt: at, UpdatedAt: at, AuthorKind: "worker",
					AuthorID: 1, AuthorUsername: "jdoe", ThreadID: q.ThreadID, InReplyTo: q.ID}
				errs[i] = s.Apply(ctx, &emessage.Change{Messages: []*emessage.Message{answer},
					Status: &emessage.StatusChange{MessageID: q.ID, From: emessage.StatusReplied.Sources(),
						To: emessage.StatusReplied, At: at, By: jdoe}})
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch emessage.ErrorCode(err) {
			case "":
				ok++
			case emessage.EInvalidTransition:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		thread, _ := a.Thread(ctx, q.ThreadID)
		h, _ := a.History(ctx, q.ID)
		if ok != 1 || len(thread) != 2 || len(h) != 2 {
			t.Fatalf("%d answers accepted, thread of %d, history of %d; want 1, 2, 2", ok, len(thread), len(h))
		}
	})
}
