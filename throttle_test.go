package emessage

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestLoginThrottle(t *testing.T) {
	var th LoginThrottle
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	userWait := func(at time.Time, user, addr string) time.Duration {
		w, _ := th.check(at, user, addr)
		return w
	}
	for i := range FreeLoginsPerUser - 1 {
		th.failed(now, "maria", "10.0.0.1")
		if w := userWait(now, "maria", "10.0.0.1"); w != 0 {
			t.Fatalf("wait %v after %d failures", w, i+1)
		}
	}
	th.failed(now, "maria", "10.0.0.1")
	if w := userWait(now, "maria", "10.0.0.1"); w != time.Second {
		t.Fatalf("wait after the free tries = %v, want 1s", w)
	}
	// The wait is the failing address's: maria signs in from elsewhere.
	if w := userWait(now, "maria", "10.0.0.2"); w != 0 {
		t.Fatalf("another address waits %v for maria: an attacker could lock her out", w)
	}
	if w := userWait(now, "jdoe", "10.0.0.1"); w != 0 {
		t.Fatalf("another user from the same address waits %v", w)
	}
	th.failed(now.Add(time.Second), "maria", "10.0.0.1")
	if w := userWait(now.Add(time.Second), "maria", "10.0.0.1"); w != 2*time.Second {
		t.Fatalf("second wait = %v, want 2s", w)
	}
	// After the back-off the real user gets a try, and a success clears the count.
	if w := userWait(now.Add(3*time.Second), "maria", "10.0.0.1"); w != 0 {
		t.Fatalf("still waiting after the back-off: %v", w)
	}
	th.succeeded("maria", "10.0.0.1")
	th.failed(now.Add(4*time.Second), "maria", "10.0.0.1")
	if w := userWait(now.Add(4*time.Second), "maria", "10.0.0.1"); w != 0 {
		t.Fatalf("count not cleared by a success: %v", w)
	}
	// The wait never passes the cap.
	for i := range 40 {
		th.failed(now.Add(time.Duration(i)*time.Second), "eve", "10.0.0.3")
	}
	if w := userWait(now.Add(40*time.Second), "eve", "10.0.0.3"); w > MaxLoginWait || w < MaxLoginWait-time.Minute {
		t.Fatalf("capped wait = %v", w)
	}
	// Failures older than the window start the count again.
	later := now.Add(LoginWindow + MaxLoginWait + time.Minute)
	th.failed(later, "eve", "10.0.0.3")
	if w := userWait(later, "eve", "10.0.0.3"); w != 0 {
		t.Fatalf("an old count still makes eve wait %v", w)
	}
}

func TestLoginThrottlePerAddress(t *testing.T) {
	var th LoginThrottle
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range FreeLoginsPerAddr {
		th.failed(now, fmt.Sprintf("made-up-%d", i), "203.0.113.9")
	}
	userWait, addrWait := th.check(now, "maria", "203.0.113.9")
	if addrWait == 0 {
		t.Fatal("an address spraying many usernames is not slowed down")
	}
	if userWait != 0 {
		t.Fatalf("maria, who never failed, waits %v before her password is even checked", userWait)
	}
	if _, w := th.check(now, "maria", "203.0.113.10"); w != 0 {
		t.Fatalf("another address waits %v", w)
	}
	if u, a := (*LoginThrottle)(nil).check(now, "x", "y"); u != 0 || a != 0 {
		t.Fatal("a nil throttle throttles")
	}
}

// Made-up usernames of any length take a bounded room in the throttle.
func TestLoginThrottleBoundedKeys(t *testing.T) {
	var th LoginThrottle
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	th.failed(now, strings.Repeat("x", 60_000), "203.0.113.9")
	for k := range th.byPair {
		if len(k.user) > MaxUsername {
			t.Fatalf("a %d-byte username kept whole", len(k.user))
		}
	}
}
