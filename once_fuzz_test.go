package emessage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// FuzzOnceKey: any Idempotency-Key, on the real store, is refused as
// malformed unless it is 1 to 255 visible ASCII characters; a valid one is
// claimed once: a repeat waits, another request under it is refused, and
// once answered every repeat gets that answer, byte for byte. Never a 500.
func FuzzOnceKey(f *testing.F) {
	for _, seed := range []string{"k", "send-2026-12-04-0001", "01JEXAMPLE0000000000000000", " ", "a b", "é", "\x00", "\x7f", "key\n", string(make([]byte, 256))} {
		f.Add(seed, []byte(`{"id":"X"}`))
	}
	r := testrig.New(f, fixture.World())
	a := emessage.Actor{Role: emessage.RoleWorker, Username: "jdoe"}
	n := 0
	f.Fuzz(func(t *testing.T, key string, body []byte) {
		n++
		// Each run a day later: the keys of earlier runs are past their
		// window and forgotten, so the store stays small however long the
		// fuzzer runs.
		r.Clock.Add(emessage.OnceWindow + time.Second)
		ctx := context.Background()
		fp := fmt.Sprintf("POST /api/v1/messages %d", n) // each run its own request
		prior, err := r.Service.ClaimOnce(ctx, a, key, fp)
		if !emessage.ValidOnceKey(key) {
			if emessage.ErrorCode(err) != emessage.EMalformed || emessage.ErrorField(err) != "Idempotency-Key" {
				t.Fatalf("key %q: %v, want malformed Idempotency-Key", key, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("key %q: %v", key, err)
		}
		if prior != nil {
			t.Fatalf("key %q: a new request got an answer %+v", key, prior)
		}
		if _, err := r.Service.ClaimOnce(ctx, a, key, fp); emessage.ErrorCode(err) != emessage.ERequestInProgress {
			t.Fatalf("key %q repeated while pending: %v", key, err)
		}
		if _, err := r.Service.ClaimOnce(ctx, a, key, fp+" other"); emessage.ErrorCode(err) != emessage.EIdempotencyReused {
			t.Fatalf("key %q for another request: %v", key, err)
		}
		if err := r.Service.FinishOnce(ctx, a, key, emessage.OnceAnswer{Status: 201, Body: body}); err != nil {
			t.Fatalf("key %q: keep the answer: %v", key, err)
		}
		again, err := r.Service.ClaimOnce(ctx, a, key, fp)
		if err != nil || again == nil || again.Status != 201 || string(again.Body) != string(body) {
			t.Fatalf("key %q repeated after the answer: %+v, %v", key, again, err)
		}
	})
}
