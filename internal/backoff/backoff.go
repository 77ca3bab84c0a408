// Package backoff is the retry schedule of the service's outboxes (the
// e-Notification emails, the texts, the webhook events): waits that double from a
// first one up to a longest one, each jittered, until a deadline.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Notice is the retry schedule of what tells a customer a record waits,
// the e-Notification email and the text (SPEC 20: "retried like the
// email"): within 5 seconds first, waits doubling up to 5 minutes, given up
// 72 hours after queueing.
var Notice = Policy{First: 5 * time.Second, Max: 5 * time.Minute, GiveUpAfter: 72 * time.Hour}

// Policy is a retry schedule.
type Policy struct {
	First       time.Duration // the longest wait before the second try
	Max         time.Duration // the longest wait between tries
	GiveUpAfter time.Duration // how long after queueing to give up
}

// Next says, after a failed try at now of something queued at created,
// with attempts tries made before this one, when to try again, or giveUp
// when it is time to. The first retry comes within First, each wait
// doubles up to Max, each wait is jittered between its half and its whole
// (so that what an outage held back does not all come back at once), and
// no try is made later than GiveUpAfter after created.
func (p Policy) Next(attempts int, created, now time.Time) (next time.Time, giveUp bool) {
	deadline := created.Add(p.GiveUpAfter)
	if !now.Before(deadline) {
		return now, true
	}
	wait := p.First
	for i := 0; i < attempts && wait < p.Max; i++ {
		wait *= 2
	}
	wait = min(wait, p.Max)
	wait = wait/2 + rand.N(wait/2+1)
	next = now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	return next, false
}
