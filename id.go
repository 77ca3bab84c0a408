package emessage

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"time"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewMessageID returns a new record id: 26 characters that sort by creation
// time (48 bits of milliseconds, then 80 random bits).
func NewMessageID(now time.Time) string {
	var random [10]byte
	rand.Read(random[:])
	return MessageID(now, random)
}

// MessageID is the record id NewMessageID makes at now from the given 80
// random bits: a generated dataset makes its ids from a seeded source, so
// that the same seed makes the same ids.
func MessageID(now time.Time, random [10]byte) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	copy(b[6:], random[:])
	// 128 bits as 26 base32 characters, most significant first.
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	out := make([]byte, 26)
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out)
}

// NewUploadID returns a new upload's public id, made as a record's id is:
// it says when, never how many.
func NewUploadID(now time.Time) string { return NewMessageID(now) }

// NewToken returns a random sign-in token (256 bits) and the hash kept of it.
func NewToken() (token, hash string) {
	var b [32]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken is the form in which a token is stored and looked up.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewMailID returns a Message-ID header value for an email, fixed once per notification.
func NewMailID(domain string) string {
	var b [16]byte
	rand.Read(b[:])
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}
