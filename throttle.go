package emessage

import (
	"sync"
	"time"
)

// Sign-in throttling (ASVS V6.3), built so that nobody can lock others out
// (docs/SECURITY.md, "Sign-in throttling"):
//
//   - Failures are counted per username and client address together: past
//     FreeLoginsPerUser, each further failure from that address doubles the
//     wait before that address's next try for that username, up to
//     MaxLoginWait. Another address is not slowed down for the username, so
//     an attacker cannot lock a known user out from wherever they are.
//   - Failures are counted per client address, whatever the username: past
//     FreeLoginsPerAddr, the address's wrong passwords are answered "too many
//     requests" with a doubling wait. A right password for a known user
//     still signs in: behind a proxy the county shares one address, and
//     another's failures must not keep them out.
//
// A success clears the username's count at that address. The counts are
// kept in the process: several processes each keep their own, which
// multiplies the free tries by their number but keeps the doubling.
const (
	FreeLoginsPerUser = 5
	FreeLoginsPerAddr = 50
	LoginWindow       = 15 * time.Minute
	MaxLoginWait      = 15 * time.Minute
	maxTracked        = 100_000
)

// LoginThrottle counts failed sign-ins.
type LoginThrottle struct {
	mu     sync.Mutex
	byPair map[pairKey]*failures
	byAddr map[string]*failures
}

// pairKey is a username tried from a client address. The username is cut
// to MaxUsername bytes, so that made-up usernames of any length take a
// bounded room: no longer one can be a user's.
type pairKey struct{ user, addr string }

func keyOf(user, addr string) pairKey { return pairKey{user[:min(len(user), MaxUsername)], addr} }

type failures struct {
	count int
	last  time.Time
	until time.Time // no try is taken before this
}

func (f *failures) fail(now time.Time, free int) {
	if now.Sub(f.last) > LoginWindow {
		f.count = 0
	}
	f.count++
	f.last = now
	if f.count >= free {
		wait := time.Second << min(f.count-free, 20)
		f.until = now.Add(min(wait, MaxLoginWait))
	}
}

// wait is how long before f takes a try, or 0.
func (f *failures) wait(now time.Time) time.Duration {
	if f == nil || !f.until.After(now) {
		return 0
	}
	return f.until.Sub(now)
}

// check returns how long the username must wait at the address before its
// next try (nothing is checked before it), and how long the address must
// wait for a try that is not a right password of a known user.
func (t *LoginThrottle) check(now time.Time, user, addr string) (userWait, addrWait time.Duration) {
	if t == nil {
		return 0, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byPair[keyOf(user, addr)].wait(now), t.byAddr[addr].wait(now)
}

func (t *LoginThrottle) failed(now time.Time, user, addr string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byPair == nil {
		t.byPair, t.byAddr = map[pairKey]*failures{}, map[string]*failures{}
	}
	if len(t.byPair)+len(t.byAddr) > maxTracked {
		prune(t.byPair, now)
		prune(t.byAddr, now)
	}
	count(t.byPair, keyOf(user, addr), now, FreeLoginsPerUser)
	if addr != "" {
		count(t.byAddr, addr, now, FreeLoginsPerAddr)
	}
}

func count[K comparable](m map[K]*failures, key K, now time.Time, free int) {
	f := m[key]
	if f == nil {
		f = &failures{}
		m[key] = f
	}
	f.fail(now, free)
}

// succeeded clears the username's failures at the address.
func (t *LoginThrottle) succeeded(user, addr string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byPair, keyOf(user, addr))
}

func prune[K comparable](m map[K]*failures, now time.Time) {
	for k, f := range m {
		if now.Sub(f.last) > LoginWindow && !f.until.After(now) {
			delete(m, k)
		}
	}
}
