// Package mail sends the e-Notification emails of R7: it turns queued
// notifications into emails, in the customer's language, and hands them to a
// Sender: a mail server over SMTP (SMTPSender), or a directory of .eml files
// when no mail server is configured (DirSender).
package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Sender delivers one email. Delivering the same Message-ID twice must not
// make two emails where the transport can avoid it.
type Sender interface {
	Send(ctx context.Context, e *Email) error
}

// Email is a message ready to be written out as RFC 5322.
type Email struct {
	MessageID string // with angle brackets, e.g. <abc@emessage.local>
	From      string // may carry a display name
	To        string
	Subject   string
	Text      string
	HTML      string
	Date      time.Time
}

// PermanentError is a delivery failure that no retry will mend (the mail
// server refused the address, the email cannot be built). The dispatcher
// marks such a notification failed at once.
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }

// Unwrap returns the cause.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent reports whether err, or an error it wraps, is a *PermanentError.
func Permanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Bytes returns the email in RFC 5322 form with CRLF line ends: the headers,
// then a multipart/alternative body with a text/plain and a text/html part,
// each quoted-printable. The same email always gives the same bytes.
func (e *Email) Bytes() ([]byte, error) {
	from, err := mail.ParseAddress(e.From)
	if err != nil {
		return nil, &PermanentError{fmt.Errorf("from address %q: %w", e.From, err)}
	}
	to, err := mail.ParseAddress(e.To)
	if err != nil {
		return nil, &PermanentError{fmt.Errorf("to address: %w", err)}
	}
	if !validMessageID(e.MessageID) {
		return nil, &PermanentError{fmt.Errorf("message-id %q is not <local@domain>", e.MessageID)}
	}
	if strings.ContainsAny(e.Subject, "\r\n") {
		return nil, &PermanentError{errors.New("subject holds a line break")}
	}
	date := e.Date
	if date.IsZero() {
		date = time.Now()
	}

	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("Message-ID", e.MessageID)
	header("Date", date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", e.Subject))
	header("MIME-Version", "1.0")

	mw := multipart.NewWriter(&b)
	// "=_" never occurs in quoted-printable text, so the boundary cannot
	// collide with the parts; deriving it from the Message-ID keeps every try
	// of one notification byte-identical.
	sum := sha256.Sum256([]byte(e.MessageID))
	if err := mw.SetBoundary("=_" + hex.EncodeToString(sum[:12])); err != nil {
		return nil, err
	}
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	for _, p := range []struct{ typ, body string }{{"text/plain", e.Text}, {"text/html", e.HTML}} {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", p.typ+"; charset=utf-8")
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		pw, err := mw.CreatePart(h)
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(p.body)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// validMessageID reports whether id looks like <local@domain> with nothing
// that could break a header or a file name out of place.
func validMessageID(id string) bool {
	inner, ok := strings.CutPrefix(id, "<")
	if !ok {
		return false
	}
	inner, ok = strings.CutSuffix(inner, ">")
	if !ok || len(inner) > 250 {
		return false
	}
	local, domain, ok := strings.Cut(inner, "@")
	if !ok || local == "" || domain == "" {
		return false
	}
	for _, c := range []byte(inner) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`<>()[]\,;:"`, c) >= 0 {
			return false
		}
	}
	return true
}
