package emessage

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// rfcKey is the key of the SHA-1 test vectors of RFC 4226 and RFC 6238.
var rfcKey = []byte("12345678901234567890")

// TestHOTPVectors: RFC 4226 Appendix D.
func TestHOTPVectors(t *testing.T) {
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, code := range want {
		if got := HOTP(rfcKey, uint64(counter), 6); got != code {
			t.Errorf("HOTP(counter %d) = %s, want %s", counter, got, code)
		}
	}
}

// TestTOTPVectors: RFC 6238 Appendix B, the SHA-1 rows: the eight digits of
// the RFC, and the six an authenticator app shows (the last six).
func TestTOTPVectors(t *testing.T) {
	for _, tt := range []struct {
		unix int64
		step int64
		code string
	}{
		{59, 1, "94287082"},
		{1111111109, 0x23523EC, "07081804"},
		{1111111111, 0x23523ED, "14050471"},
		{1234567890, 0x273EF07, "89005924"},
		{2000000000, 0x3F940AA, "69279037"},
		{20000000000, 0x27BC86AA, "65353130"},
	} {
		at := time.Unix(tt.unix, 0).UTC()
		if got := TOTPStepAt(at); got != tt.step {
			t.Errorf("step at %d = %x, want %x", tt.unix, got, tt.step)
		}
		if got := HOTP(rfcKey, uint64(TOTPStepAt(at)), 8); got != tt.code {
			t.Errorf("8 digits at %d = %s, want %s", tt.unix, got, tt.code)
		}
		if got := TOTPCode(rfcKey, at); got != tt.code[2:] {
			t.Errorf("TOTPCode at %d = %s, want %s", tt.unix, got, tt.code[2:])
		}
	}
}

// TestMatchTOTP: one step of drift either way, no older code, no code of a
// step already used.
func TestMatchTOTP(t *testing.T) {
	now := time.Unix(1234567890, 0)
	cur := TOTPStepAt(now)
	code := func(d int64) string { return HOTP(rfcKey, uint64(cur+d), 6) }
	for _, tt := range []struct {
		name     string
		code     string
		lastStep int64
		want     bool
		step     int64
	}{
		{"current step", code(0), 0, true, cur},
		{"one step behind", code(-1), 0, true, cur - 1},
		{"one step ahead", code(1), 0, true, cur + 1},
		{"two steps ago", code(-2), 0, false, 0},
		{"two steps ahead", code(2), 0, false, 0},
		{"replay of the current step", code(0), cur, false, 0},
		{"an earlier step after a later one", code(-1), cur, false, 0},
		{"the next step after the current one", code(1), cur, true, cur + 1},
		{"wrong code", "000000", 0, false, 0},
		{"too short", code(0)[:5], 0, false, 0},
		{"eight digits", HOTP(rfcKey, uint64(cur), 8), 0, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "wrong code" && (code(-1) == "000000" || code(0) == "000000" || code(1) == "000000") {
				t.Skip("the wrong code happens to be right")
			}
			step, ok := matchTOTP(rfcKey, tt.code, now, tt.lastStep)
			if ok != tt.want || step != tt.step {
				t.Errorf("matchTOTP(%q, last %d) = %d, %v; want %d, %v", tt.code, tt.lastStep, step, ok, tt.step, tt.want)
			}
		})
	}
}

func TestTOTPSecret(t *testing.T) {
	s := NewTOTPSecret()
	if len(s) != 32 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Fatalf("secret %q is not 32 base32 characters", s)
	}
	if NewTOTPSecret() == s {
		t.Fatal("two secrets are the same")
	}
	key, err := ParseTOTPSecret(s)
	if err != nil || len(key) != 20 {
		t.Fatalf("ParseTOTPSecret(%q) = %x, %v", s, key, err)
	}
	// As people type it: grouped, lower case.
	typed := strings.ToLower(s[:4] + " " + s[4:8] + "-" + s[8:])
	if again, err := ParseTOTPSecret(typed); err != nil || string(again) != string(key) {
		t.Fatalf("ParseTOTPSecret(%q) = %x, %v", typed, again, err)
	}
	for _, bad := range []string{"", "1111", "not base32!"} {
		if _, err := ParseTOTPSecret(bad); err == nil {
			t.Errorf("ParseTOTPSecret(%q) took it", bad)
		}
	}
	if got, want := TOTPURI("j doe", "ABC"), "otpauth://totp/e-Messages:j%20doe?issuer=e-Messages&secret=ABC"; got != want {
		t.Fatalf("TOTPURI = %s, want %s", got, want)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := newRecoveryCodes()
	if len(codes) != RecoveryCodeCount || len(hashes) != RecoveryCodeCount {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	shape := regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$`)
	seen := map[string]bool{}
	for i, c := range codes {
		if !shape.MatchString(c) {
			t.Errorf("code %q is not xxxxx-xxxxx of the alphabet", c)
		}
		if seen[c] {
			t.Errorf("code %q twice", c)
		}
		seen[c] = true
		if hashes[i] == c || strings.Contains(hashes[i], strings.ReplaceAll(c, "-", "")) {
			t.Errorf("hash %q holds the code", hashes[i])
		}
		if isTOTPCode(c) {
			t.Errorf("code %q looks like an authenticator code", c)
		}
		// Typed the forgiving way: upper case, spaces, o for 0, l for 1.
		typed := " " + strings.NewReplacer("-", " ", "0", "O", "1", "l").Replace(strings.ToUpper(c)) + " "
		if hashRecoveryCode(typed) != hashes[i] {
			t.Errorf("code %q typed as %q does not match", c, typed)
		}
	}
	if hashRecoveryCode(codes[0]) == hashRecoveryCode(codes[1]) {
		t.Fatal("two codes have the same hash")
	}
}
