package webhook

import (
	"time"

	"github.com/county/emessage/internal/backoff"
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
// again, or failed when it is time to give up (backoff.Policy.Next: the
// first retry within FirstRetry, doubling waits up to MaxRetry, jittered,
// none later than GiveUpAfter after queueing).
func NextTry(attempts int, created, now time.Time) (next time.Time, failed bool) {
	return policy.Next(attempts, created, now)
}

var policy = backoff.Policy{First: FirstRetry, Max: MaxRetry, GiveUpAfter: GiveUpAfter}
