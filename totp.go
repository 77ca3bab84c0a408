package emessage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Time-based one-time passwords (RFC 6238) for the workers' second factor
// (ASVS V6.5): HMAC-SHA1 over 30-second steps, six digits, the codes that
// authenticator apps show. A code is taken from one step before or after the
// server's clock, and only once: the step of the last code accepted is kept,
// and no code of that step or an earlier one is taken again.
const (
	TOTPStep    = 30 * time.Second
	TOTPDigits  = 6
	TOTPDrift   = 1  // steps accepted either side of the current one
	totpKeySize = 20 // 160 bits, as RFC 4226 recommends
	// TOTPIssuer names the service in authenticator apps.
	TOTPIssuer = "e-Messages"
)

// totpEncoding is base32 without padding, as authenticator apps take secrets.
var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// HOTP is the RFC 4226 one-time password of key at counter, digits long.
func HOTP(key []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, key)
	binary.Write(mac, binary.BigEndian, counter)
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, code%mod)
}

// TOTPStepAt is the RFC 6238 time step of t.
func TOTPStepAt(t time.Time) int64 { return t.Unix() / int64(TOTPStep/time.Second) }

// TOTPCode is the code an authenticator app holding secret shows at t.
func TOTPCode(secret []byte, t time.Time) string {
	return HOTP(secret, uint64(TOTPStepAt(t)), TOTPDigits)
}

// matchTOTP returns the step of a right code for secret at now, within the
// allowed drift and after lastStep; ok is false for a wrong code, a code
// used before, or one older than the last used.
func matchTOTP(secret []byte, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	if len(code) != TOTPDigits {
		return 0, false
	}
	cur := TOTPStepAt(now)
	for d := int64(-TOTPDrift); d <= TOTPDrift; d++ {
		s := cur + d
		if s <= lastStep || s < 0 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(HOTP(secret, uint64(s), TOTPDigits)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// NewTOTPSecret returns a new random 160-bit secret, in base32.
func NewTOTPSecret() string {
	key := make([]byte, totpKeySize)
	rand.Read(key) // never fails (crypto/rand)
	return totpEncoding.EncodeToString(key)
}

// ParseTOTPSecret decodes a base32 secret as people type it: any case,
// with spaces or dashes between groups, with or without padding.
func ParseTOTPSecret(s string) ([]byte, error) {
	s = strings.TrimRight(strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s)), "=")
	key, err := totpEncoding.DecodeString(s)
	if err != nil || len(key) == 0 {
		return nil, fmt.Errorf("not a base32 secret")
	}
	return key, nil
}

// TOTPURI is the otpauth:// address that sets up an authenticator app
// (the "Key Uri Format" the apps share).
func TOTPURI(username, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {TOTPIssuer}}
	return "otpauth://totp/" + url.PathEscape(TOTPIssuer) + ":" + url.PathEscape(username) + "?" + q.Encode()
}

// Recovery codes: ten single-use codes shown once, for a worker who lost
// the authenticator app. Each is 10 characters of Crockford's base32
// alphabet (digits and lower-case letters without i, l, o and u), 50 random
// bits, grouped "xxxxx-xxxxx"; what is typed is read the forgiving way
// (any case, spaces and dashes anywhere, o for 0, i or l for 1). Only their
// SHA-256 hashes are kept: the codes are random enough that a plain hash
// cannot be reversed by guessing.
const (
	RecoveryCodeCount = 10
	recoveryCodeLen   = 10
)

var recoveryEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// newRecoveryCodes returns RecoveryCodeCount new codes and their hashes.
func newRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		raw := make([]byte, 8)
		rand.Read(raw)
		c := recoveryEncoding.EncodeToString(raw)[:recoveryCodeLen]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, hashRecoveryCode(c))
	}
	return codes, hashes
}

// normalizeRecoveryCode is a code as typed, read the forgiving way.
func normalizeRecoveryCode(code string) string {
	return strings.NewReplacer(" ", "", "-", "", "\t", "", "o", "0", "i", "1", "l", "1").Replace(strings.ToLower(code))
}

// hashRecoveryCode is the hash kept of a recovery code.
func hashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte(normalizeRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}

// isTOTPCode reports whether what was typed looks like an authenticator
// code (six digits) rather than a recovery code.
func isTOTPCode(code string) bool {
	if len(code) != TOTPDigits {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
