package webhook

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC)

// TestSign: the signature is the one openssl gives for the same secret,
// timestamp and body (the example of docs/INTEGRATION.md):
//
//	printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'a-long-shared-secret'
func TestSign(t *testing.T) {
	got := Sign("a-long-shared-secret", 1700000000, []byte(`{"id":"evt_1"}`))
	if want := "2dacc9e324d6b1df9012afe61177a6f80292a0fee032747ea2a7db531394634a"; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

// TestNextTry: the first retry within 30 s, then doubling up to 10
// minutes apart, jittered down to half, never past 72 hours.
func TestNextTry(t *testing.T) {
	tests := []struct {
		attempts int
		after    time.Duration // how long after queueing the try failed
		min, max time.Duration // the wait
		failed   bool
	}{
		{0, 0, 15 * time.Second, 30 * time.Second, false},
		{1, time.Minute, 30 * time.Second, time.Minute, false},
		{2, time.Hour, time.Minute, 2 * time.Minute, false},
		{5, time.Hour, 5 * time.Minute, 10 * time.Minute, false},
		{400, 10 * time.Hour, 5 * time.Minute, 10 * time.Minute, false},
		{600, GiveUpAfter - time.Minute, 0, time.Minute, false}, // the last try at the deadline
		{600, GiveUpAfter, 0, 0, true},
	}
	for _, tt := range tests {
		for range 50 {
			now := t0.Add(tt.after)
			next, failed := NextTry(tt.attempts, t0, now)
			if failed != tt.failed {
				t.Fatalf("NextTry(%d, +%s): failed = %v", tt.attempts, tt.after, failed)
			}
			if wait := next.Sub(now); wait < tt.min || wait > tt.max {
				t.Fatalf("NextTry(%d, +%s) waits %s, want %s to %s", tt.attempts, tt.after, wait, tt.min, tt.max)
			}
		}
	}
}
