package emessage

import (
	"context"
	"time"
)

// Sending once (SPEC section 19): a request that creates something may
// carry a key; the same key from the same caller within OnceWindow gets
// the first answer again and creates, queues and audits nothing more.

// OnceWindow is how long a key's answer is kept.
const OnceWindow = 24 * time.Hour

// OnceLease is how long a request may hold its key unanswered before
// another with the same key may take over (the first one's server died).
const OnceLease = 2 * time.Minute

// MaxOnceKey is the longest key taken, in characters.
const MaxOnceKey = 255

// OnceAnswer is the first answer to a request made once: its status and
// body, or for a page the address it sent the browser to (Body).
type OnceAnswer struct {
	Status int
	Body   []byte
}

// OnceStore keeps the keys of requests made once, in the database, so that
// they hold across servers and restarts.
type OnceStore interface {
	// ClaimOnce records that the caller's request with key and fingerprint
	// is being answered: nil, nil when it is new (or its earlier claim is
	// past OnceWindow, or a pending one past OnceLease); the first answer
	// when there is one; EIdempotencyReused when the key was used for a
	// request of another fingerprint; ERequestInProgress when it is being
	// answered.
	ClaimOnce(ctx context.Context, caller, key, fingerprint string, now time.Time) (*OnceAnswer, error)
	// A claim is also marked carried out by Store.Apply (WithOnceClaim):
	// past OnceLease with no answer kept, ClaimOnce then answers EConflict,
	// naming what was made, rather than let the request be made again.
	// FinishOnce keeps the answer of a claimed request.
	FinishOnce(ctx context.Context, caller, key string, answer OnceAnswer) error
	// ReleaseOnce forgets a claim whose request failed, so that it may be
	// made again.
	ReleaseOnce(ctx context.Context, caller, key string) error
}

// ValidOnceKey reports whether key is 1 to MaxOnceKey visible ASCII characters.
func ValidOnceKey(key string) bool {
	if key == "" || len(key) > MaxOnceKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// OnceClaim is a claimed key of a request being answered.
type OnceClaim struct{ Caller, Key string }

type onceClaimKey struct{}

// WithOnceClaim returns ctx carrying a's claim of key: Store.Apply marks
// the claim carried out in the same transaction as the first records the
// request creates, so that a server that dies before it keeps the answer
// does not let the request be made twice.
func WithOnceClaim(ctx context.Context, a Actor, key string) context.Context {
	return context.WithValue(ctx, onceClaimKey{}, OnceClaim{onceCaller(a), key})
}

// OnceClaimFrom returns the claim ctx carries.
func OnceClaimFrom(ctx context.Context) (OnceClaim, bool) {
	c, ok := ctx.Value(onceClaimKey{}).(OnceClaim)
	return c, ok
}

// onceCaller names whose a key is: each user's keys are their own.
func onceCaller(a Actor) string { return a.Kind() + ":" + a.Username }

// ClaimOnce starts a request of a's made once with key (see OnceStore.ClaimOnce).
func (s *Service) ClaimOnce(ctx context.Context, a Actor, key, fingerprint string) (*OnceAnswer, error) {
	if !ValidOnceKey(key) {
		return nil, FieldError(EMalformed, "Idempotency-Key", "An Idempotency-Key is 1 to 255 visible ASCII characters.")
	}
	return s.Store.ClaimOnce(ctx, onceCaller(a), key, fingerprint, s.now())
}

// FinishOnce keeps the answer of a's request made once with key.
func (s *Service) FinishOnce(ctx context.Context, a Actor, key string, answer OnceAnswer) error {
	return s.Store.FinishOnce(ctx, onceCaller(a), key, answer)
}

// ReleaseOnce forgets a's claim of key after the request failed.
func (s *Service) ReleaseOnce(ctx context.Context, a Actor, key string) error {
	return s.Store.ReleaseOnce(ctx, onceCaller(a), key)
}
