package emessage

import (
	"sync"
	"time"
)

// Sign-in throttling (ASVS V6.3): failed sign-ins are counted per username
// and per client address. Past the free tries, each further failure doubles
// the wait before the next try is taken, up to MaxLoginWait; a success clears
// the username's count. The counts are kept in the process: several
// processes each keep their own, which multiplies the free tries by their
// number but keeps the doubling.
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
	byUser map[string]*failures
	byAddr map[string]*failures
}

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

// check returns how long to wait before the next try, or 0.
func (t *LoginThrottle) check(now time.Time, user, addr string) time.Duration {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, f := range []*failures{t.byUser[user], t.byAddr[addr]} {
		if f != nil && f.until.After(now) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	return wait
}

func (t *LoginThrottle) failed(now time.Time, user, addr string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byUser == nil {
		t.byUser, t.byAddr = map[string]*failures{}, map[string]*failures{}
	}
	if len(t.byUser)+len(t.byAddr) > maxTracked {
		prune(t.byUser, now)
		prune(t.byAddr, now)
	}
	for _, x := range []struct {
		m    map[string]*failures
		key  string
		free int
	}{{t.byUser, user, FreeLoginsPerUser}, {t.byAddr, addr, FreeLoginsPerAddr}} {
		if x.key == "" {
			continue
		}
		f := x.m[x.key]
		if f == nil {
			f = &failures{}
			x.m[x.key] = f
		}
		f.fail(now, x.free)
	}
}

func (t *LoginThrottle) succeeded(user string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byUser, user)
}

func prune(m map[string]*failures, now time.Time) {
	for k, f := range m {
		if now.Sub(f.last) > LoginWindow && !f.until.After(now) {
			delete(m, k)
		}
	}
}
