package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

// TestOnceKeys: a key is claimed once; a repeat waits while the first is
// answered, then gets its answer; another request with the key is refused;
// a claim whose server died is taken over after the lease, a key forgotten
// after its window, a released claim made again.
func TestOnceKeys(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		claim := func(key, fp string, at time.Time) (*emessage.OnceAnswer, error) {
			return s.ClaimOnce(ctx, "worker:jdoe", key, fp, at)
		}
		if a, err := claim("k1", "A", t0); a != nil || err != nil {
			t.Fatalf("first claim: %+v, %v", a, err)
		}
		if _, err := claim("k1", "A", t0.Add(time.Second)); emessage.ErrorCode(err) != emessage.ERequestInProgress {
			t.Fatalf("a repeat while pending: %v", err)
		}
		if _, err := s.ClaimOnce(ctx, "ssp:maria", "k1", "B", t0); err != nil {
			t.Fatalf("another caller's key of the same name: %v", err)
		}
		if err := s.FinishOnce(ctx, "worker:jdoe", "k1", emessage.OnceAnswer{Status: 201, Body: []byte(`{"id":"1"}`)}); err != nil {
			t.Fatal(err)
		}
		a, err := claim("k1", "A", t0.Add(time.Minute))
		if err != nil || a == nil || a.Status != 201 || string(a.Body) != `{"id":"1"}` {
			t.Fatalf("a repeat after the answer: %+v, %v", a, err)
		}
		if _, err := claim("k1", "B", t0.Add(time.Minute)); emessage.ErrorCode(err) != emessage.EIdempotencyReused {
			t.Fatalf("the key for another request: %v", err)
		}
		if a, err := claim("k1", "B", t0.Add(emessage.OnceWindow+time.Minute)); a != nil || err != nil {
			t.Fatalf("after the window: %+v, %v", a, err)
		}
		claim("k2", "A", t0)
		if a, err := claim("k2", "A", t0.Add(emessage.OnceLease+time.Second)); a != nil || err != nil {
			t.Fatalf("a pending claim past its lease: %+v, %v", a, err)
		}
		if err := s.ReleaseOnce(ctx, "worker:jdoe", "k2"); err != nil {
			t.Fatal(err)
		}
		if a, err := claim("k2", "A", t0.Add(emessage.OnceLease+2*time.Second)); a != nil || err != nil {
			t.Fatalf("after a release: %+v, %v", a, err)
		}
	})
}

// TestOnceCarriedOut: a request's records and the mark on its key are one
// transaction. When its server stops after writing them but before keeping
// the answer, the same request past the lease is refused as carried out,
// naming the record, instead of being made again; a claim whose request
// wrote nothing is taken over.
func TestOnceCarriedOut(t *testing.T) {
	forEachSeeded(t, func(t *testing.T, s *Store) {
		jdoe := emessage.Actor{Role: emessage.RoleWorker, Username: "jdoe"}
		ctx := emessage.WithOnceClaim(context.Background(), jdoe, "send-1")
		caller := "worker:jdoe"
		if a, err := s.ClaimOnce(ctx, caller, "send-1", "A", t0); a != nil || err != nil {
			t.Fatalf("first claim: %+v, %v", a, err)
		}
		m, err := addMessage(ctx, s, msg{caseNumber: "B1", personID: "P1", status: emessage.StatusSent})
		if err != nil {
			t.Fatal(err)
		}
		// The server stops here: no FinishOnce.
		if _, err := s.ClaimOnce(ctx, caller, "send-1", "A", t0.Add(time.Minute)); emessage.ErrorCode(err) != emessage.ERequestInProgress {
			t.Fatalf("within the lease: %v, want request_in_progress", err)
		}
		_, err = s.ClaimOnce(ctx, caller, "send-1", "A", t0.Add(emessage.OnceLease+time.Second))
		if emessage.ErrorCode(err) != emessage.EConflict || !strings.Contains(emessage.ErrorMessage(err), m.ID) {
			t.Fatalf("past the lease, carried out: %v, want conflict naming %s", err, m.ID)
		}
		if err := s.ReleaseOnce(ctx, caller, "send-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimOnce(ctx, caller, "send-1", "A", t0.Add(emessage.OnceLease+2*time.Second)); emessage.ErrorCode(err) != emessage.EConflict {
			t.Fatalf("a release does not free a carried-out key: %v", err)
		}

		// A claim whose request wrote nothing is taken over after the lease.
		s.ClaimOnce(ctx, caller, "send-2", "A", t0)
		if a, err := s.ClaimOnce(ctx, caller, "send-2", "A", t0.Add(emessage.OnceLease+time.Second)); a != nil || err != nil {
			t.Fatalf("an empty claim past its lease: %+v, %v", a, err)
		}
	})
}

// TestOnceClaimRace: of requests that claim one key at the same moment,
// exactly one holds it, on either database (on PostgreSQL two of them
// could both see no row; the second must not take the claim over).
func TestOnceClaimRace(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for k := range 20 {
			key := "race-" + strings.Repeat("k", k+1)
			results := make(chan error, 8)
			for range 8 {
				go func() {
					_, err := s.ClaimOnce(ctx, "worker:jdoe", key, "A", t0)
					results <- err
				}()
			}
			claimed := 0
			for range 8 {
				switch err := <-results; {
				case err == nil:
					claimed++
				case emessage.ErrorCode(err) != emessage.ERequestInProgress:
					t.Fatalf("claim: %v", err)
				}
			}
			if claimed != 1 {
				t.Fatalf("key %s claimed %d times", key, claimed)
			}
		}
	})
}
