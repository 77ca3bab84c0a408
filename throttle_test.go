package emessage

import (
	"testing"
	"time"
)

func TestLoginThrottle(t *testing.T) {
	var th LoginThrottle
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range FreeLoginsPerUser - 1 {
		th.failed(now, "maria", "10.0.0.1")
		if w := th.check(now, "maria", "10.0.0.1"); w != 0 {
			t.Fatalf("wait %v after %d failures", w, i+1)
		}
	}
	th.failed(now, "maria", "10.0.0.1")
	if w := th.check(now, "maria", "10.0.0.2"); w != time.Second {
		t.Fatalf("wait after the free tries = %v, want 1s (from any address)", w)
	}
	if w := th.check(now, "jdoe", "10.0.0.1"); w != 0 {
		t.Fatalf("another user from the same address waits %v", w)
	}
	th.failed(now.Add(time.Second), "maria", "10.0.0.1")
	if w := th.check(now.Add(time.Second), "maria", ""); w != 2*time.Second {
		t.Fatalf("second wait = %v, want 2s", w)
	}
	// After the back-off the real user gets a try, and a success clears the count.
	if w := th.check(now.Add(3*time.Second), "maria", ""); w != 0 {
		t.Fatalf("still waiting after the back-off: %v", w)
	}
	th.succeeded("maria")
	th.failed(now.Add(4*time.Second), "maria", "")
	if w := th.check(now.Add(4*time.Second), "maria", ""); w != 0 {
		t.Fatalf("count not cleared by a success: %v", w)
	}
	// The wait never passes the cap.
	for i := range 40 {
		th.failed(now.Add(time.Duration(i)*time.Second), "eve", "")
	}
	if w := th.check(now.Add(40*time.Second), "eve", ""); w > MaxLoginWait || w < MaxLoginWait-time.Minute {
		t.Fatalf("capped wait = %v", w)
	}
}

func TestLoginThrottlePerAddress(t *testing.T) {
	var th LoginThrottle
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range FreeLoginsPerAddr {
		th.failed(now, "user"+string(rune('a'+i%26))+string(rune('a'+i/26)), "203.0.113.9")
	}
	if w := th.check(now, "someone-new", "203.0.113.9"); w == 0 {
		t.Fatal("an address spraying many usernames is not slowed down")
	}
	if w := th.check(now, "someone-new", "203.0.113.10"); w != 0 {
		t.Fatalf("another address waits %v", w)
	}
	if w := (*LoginThrottle)(nil).check(now, "x", "y"); w != 0 {
		t.Fatal("a nil throttle throttles")
	}
}
