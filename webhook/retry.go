package webhook

import (
	"math/rand/v2"
	"time"
)

// Retry policy of the webhook events (SPEC 16).
const (
	// FirstRetry is the longest wait before the second try.
	FirstRetry = 30 * time.Second
	// MaxRetry caps the wait between tries.
	MaxRetry = 10 * time.Minute
	// GiveUpAfter is how long after queueing an event is marked failed.
	GiveUpAfter = 72 * time.Hour
	// Timeout is how long a try waits for the receiver's answer.
	Timeout = 10 * time.Second
)

// NextTry is the retry policy: after a failed try at now of an event
// queued at created, with attempts tries made before this one, when to try
// again, or failed when it is time to give up. The first retry comes
// within FirstRetry, each wait doubles up to MaxRetry, each wait is
// jittered between its half and its whole (so that the events a receiver's
// outage held back do not all come back at once), and no try is made later
// than GiveUpAfter after the event was queued.
func NextTry(attempts int, created, now time.Time) (next time.Time, failed bool) {
	deadline := created.Add(GiveUpAfter)
	if !now.Before(deadline) {
		return now, true
	}
	wait := FirstRetry
	for i := 0; i < attempts && wait < MaxRetry; i++ {
		wait *= 2
	}
	wait = min(wait, MaxRetry)
	wait = wait/2 + rand.N(wait/2+1)
	next = now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	return next, false
}
