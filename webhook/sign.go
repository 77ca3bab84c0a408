// Package webhook delivers the webhook events of SPEC 16 to a county
// system: a Dispatcher takes them from the outbox the store fills in the
// transaction of each change, POSTs each one signed with the shared
// secret, and retries with backoff and jitter until the receiver answers
// 2xx or 72 hours have passed. A record's events arrive in order; each
// arrives at least once, and a receiver deduplicates by the event's id.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// The headers of every POST besides Content-Type: application/json.
const (
	HeaderEventID   = "X-Emessage-Event-Id"
	HeaderTimestamp = "X-Emessage-Timestamp" // Unix seconds of the try
	HeaderSignature = "X-Emessage-Signature" // "sha256=" + Sign(...)
)

// Sign is the hex HMAC-SHA256, with the secret, of the try's timestamp
// (Unix seconds), a dot and the body: what X-Emessage-Signature carries
// after "sha256=". The timestamp is signed with the body so that a
// receiver can refuse an old request played again.
func Sign(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
