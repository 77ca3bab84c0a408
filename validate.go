package emessage

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// CheckText enforces R5 on a subject and body, counting Unicode characters.
func CheckText(subject, body string) error {
	if err := CheckSubject(subject); err != nil {
		return err
	}
	return CheckBody(body)
}

// CheckSubject enforces R5 on a subject.
func CheckSubject(subject string) error {
	if strings.TrimSpace(subject) == "" {
		return FieldError(EInvalid, "subject", "Enter an e-Message Subject.")
	}
	if n := utf8.RuneCountInString(subject); n > MaxSubject {
		return FieldError(EInvalid, "subject", "The e-Message Subject can be at most %d characters; it has %d.", MaxSubject, n)
	}
	return nil
}

// CheckBody enforces R5 on a body.
func CheckBody(body string) error {
	if strings.TrimSpace(body) == "" {
		return FieldError(EInvalid, "body", "Enter the e-Message Body.")
	}
	if n := utf8.RuneCountInString(body); n > MaxBody {
		return FieldError(EInvalid, "body", "The e-Message Body can be at most %d characters; it has %d.", MaxBody, n)
	}
	if !utf8.ValidString(body) {
		return FieldError(EInvalid, "body", "The e-Message Body holds characters that are not valid text.")
	}
	return nil
}

// ValidEmail reports whether s is a plain email address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}
