package emessage

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lengths of what a person types to sign in, in bytes: nothing longer is
// looked up, checked or written. A password of MaxPassword characters
// takes at most 4 bytes each.
const (
	MaxUsername      = 100
	maxPasswordBytes = 4 * MaxPassword
)

// checkUsername refuses a username no one could type at sign-in: longer
// than MaxUsername bytes, or holding spaces or control characters.
func checkUsername(field, username string) error {
	if len(username) > MaxUsername {
		return FieldError(EInvalid, field+".username", "%s: the username is longer than %d bytes", field, MaxUsername)
	}
	if !utf8.ValidString(username) || strings.IndexFunc(username, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return FieldError(EInvalid, field+".username", "%s: the username %q holds a space or a control character", field, username)
	}
	return nil
}

// cutText cuts s to at most limit bytes, at a character's boundary, and
// marks the cut with "…"; invalid UTF-8 is replaced.
func cutText(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// CheckText enforces R5 on a subject and body, counting Unicode characters.
func CheckText(subject, body string) error {
	if err := CheckSubject(subject); err != nil {
		return err
	}
	return CheckBody(body)
}

// CheckSubject enforces R5 on a subject.
func CheckSubject(subject string) error {
	return checkText("subject", "e-Message Subject", subject, MaxSubject, "Enter an e-Message Subject.")
}

// CheckBody enforces R5 on a body.
func CheckBody(body string) error {
	return checkText("body", "e-Message Body", body, MaxBody, "Enter the e-Message Body.")
}

// checkText enforces R5 on a text field: valid text without NUL (which
// PostgreSQL cannot store, and which would stop a county's move), at least
// one visible character (spaces, zero-width and direction marks alone are
// empty), and at most limit characters.
func checkText(field, name, v string, limit int, empty string) error {
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return FieldError(EInvalid, field, "The %s holds characters that are not valid text.", name)
	}
	if strings.TrimFunc(v, invisible) == "" {
		return FieldError(EInvalid, field, "%s", empty)
	}
	if n := utf8.RuneCountInString(v); n > limit {
		return FieldError(EInvalid, field, "The %s can be at most %d characters; it has %d.", name, limit, n)
	}
	return nil
}

// invisible reports whether r shows nothing: white space, and format
// characters such as zero-width spaces and direction marks.
func invisible(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// NeutralizeDirection removes the characters that reorder the text after
// them (embeddings, overrides and isolates, U+202A-U+202E and
// U+2066-U+2069), so that a subject or body cannot make what follows it
// read backwards; the marks that only hint a direction (U+200E, U+200F)
// stay, as right-to-left text needs them.
func NeutralizeDirection(v string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, v)
}

// ValidEmail reports whether s is a plain email address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}
