package mail

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

// parsed is an .eml file read back with net/mail and mime/multipart.
type parsed struct {
	Header mail.Header
	Text   string
	HTML   string
}

func mustParse(t testing.TB, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	p := parsed{Header: msg.Header}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			t.Fatal(err)
		}
		switch ct := part.Header.Get("Content-Type"); ct {
		case "text/plain; charset=utf-8":
			p.Text = string(body)
		case "text/html; charset=utf-8":
			p.HTML = string(body)
		default:
			t.Fatalf("unexpected part %q", ct)
		}
	}
	return p
}

func TestDirSenderWritesEML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	s := DirSender{Dir: dir}
	date := time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
	e := &Email{
		MessageID: "<0123abcd@emessage.local>",
		From:      "e-Messages <no-reply@emessage.local>",
		To:        "maria@example.org",
		Subject:   "Información de su cuenta",
		Text:      "Línea uno\nLínea dos con una línea muy larga " + strings.Repeat("x", 100) + "\n",
		HTML:      "<p>Hola <b>señora</b></p>",
		Date:      date,
	}
	ctx := context.Background()
	if err := s.Send(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, e); err != nil { // a second try of the same email
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "0123abcd@emessage.local.eml" {
		t.Fatalf("mail dir holds %v, want one 0123abcd@emessage.local.eml", entries)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	for i, line := range strings.Split(string(raw), "\r\n") {
		if strings.Contains(line, "\n") || len(line) > 998 {
			t.Fatalf("line %d is not a CRLF line of at most 998 octets: %q", i, line)
		}
	}
	p := mustParse(t, raw)
	h := p.Header
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	gotDate, err := h.Date()
	if err != nil {
		t.Fatal(err)
	}
	from, err := h.AddressList("From")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, got, want string }{
		{"Message-ID", h.Get("Message-ID"), "<0123abcd@emessage.local>"},
		{"MIME-Version", h.Get("MIME-Version"), "1.0"},
		{"To", h.Get("To"), "<maria@example.org>"},
		{"From", from[0].String(), `"e-Messages" <no-reply@emessage.local>`},
		{"Subject", subject, e.Subject},
		{"Date", gotDate.UTC().String(), date.String()},
		{"text", p.Text, strings.ReplaceAll(e.Text, "\n", "\r\n")},
		{"html", p.HTML, e.HTML},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !strings.HasPrefix(h.Get("Subject"), "=?utf-8?q?") {
		t.Errorf("non-ASCII Subject not Q-encoded: %q", h.Get("Subject"))
	}
}

func TestEmailRefusesBadHeaders(t *testing.T) {
	good := Email{MessageID: "<a@b>", From: "x@example.org", To: "y@example.org", Subject: "s"}
	for name, mod := range map[string]func(*Email){
		"to":              func(e *Email) { e.To = "not an address" },
		"from":            func(e *Email) { e.From = "" },
		"subject newline": func(e *Email) { e.Subject = "a\r\nBcc: z@example.org" },
		"message-id":      func(e *Email) { e.MessageID = "<a@b>\r\nBcc: z@example.org" },
		"message-id bare": func(e *Email) { e.MessageID = "a@b" },
	} {
		t.Run(name, func(t *testing.T) {
			e := good
			mod(&e)
			_, err := e.Bytes()
			if !Permanent(err) {
				t.Errorf("Bytes() = %v, want a permanent error", err)
			}
		})
	}
	if _, err := good.Bytes(); err != nil {
		t.Fatal(err)
	}
}

func TestDirSenderStaysInDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "mail")
	e := &Email{MessageID: "<../../x/y@z>", From: "a@example.org", To: "b@example.org", Subject: "s"}
	if err := (DirSender{Dir: dir}).Send(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	all, _ := filepath.Glob(filepath.Join(root, "*"))
	if len(entries) != 1 || len(all) != 1 {
		t.Fatalf("mail dir holds %v, root holds %v; want one file inside the mail dir", entries, all)
	}
}

func TestFileName(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"<abc@emessage.local>", "abc@emessage.local.eml"},
		{"<a/b@x>", "a_b@x-"},
		{"<../x@y>", "_x@y-"},
	} {
		got := FileName(c.id)
		if !strings.HasPrefix(got, strings.TrimSuffix(c.want, ".eml")) || !strings.HasSuffix(got, ".eml") || strings.ContainsAny(got, "/\\") {
			t.Errorf("FileName(%q) = %q, want %q...", c.id, got, c.want)
		}
	}
	if FileName("<a/b@x>") == FileName("<a_b@x>") {
		t.Error("two Message-IDs share a file name")
	}
}

func TestNotificationEmailLanguage(t *testing.T) {
	for _, c := range []struct{ lang, subject, text, htmlLang string }{
		{"en", "You have a new message in your benefits account", "A new message is waiting", `lang="en"`},
		{"es", "Tiene un mensaje nuevo en su cuenta de beneficios", "Tiene un mensaje nuevo esperándole", `lang="es"`},
		{"", "You have a new message in your benefits account", "A new message is waiting", `lang="en"`},
	} {
		t.Run(c.lang, func(t *testing.T) {
			n := emessage.Notification{ID: 1, MailID: "<x@emessage.local>", Email: "ana@example.org", Language: c.lang}
			e, err := NotificationEmail(n, "e-Messages <no-reply@emessage.local>", "https://portal.example.gov/")
			if err != nil {
				t.Fatal(err)
			}
			if e.Subject != c.subject {
				t.Errorf("subject = %q, want %q", e.Subject, c.subject)
			}
			if !strings.Contains(e.Text, c.text) || !strings.Contains(e.Text, "https://portal.example.gov/portal/\n") {
				t.Errorf("text = %q, want %q and the portal link", e.Text, c.text)
			}
			if !strings.Contains(e.HTML, `<a href="https://portal.example.gov/portal/"`) || !strings.Contains(e.HTML, c.htmlLang) {
				t.Errorf("html = %q, want the portal link and %s", e.HTML, c.htmlLang)
			}
		})
	}
}

func TestNextTry(t *testing.T) {
	created := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		attempts  int
		at        time.Time
		permanent bool
		min, max  time.Duration
		failed    bool
	}{
		{"first retry within 5s", 0, created, false, 2500 * time.Millisecond, 5 * time.Second, false},
		{"doubles", 1, created, false, 5 * time.Second, 10 * time.Second, false},
		{"doubles again", 3, created, false, 20 * time.Second, 40 * time.Second, false},
		{"capped", 12, created, false, 150 * time.Second, 5 * time.Minute, false},
		{"capped, many tries", 10000, created, false, 150 * time.Second, 5 * time.Minute, false},
		{"last try at the deadline", 50, created.Add(GiveUpAfter - time.Second), false, time.Second, time.Second, false},
		{"given up after 72h", 900, created.Add(GiveUpAfter), false, 0, 0, true},
		{"permanent", 0, created, true, 0, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for range 50 { // the jitter is random
				n := emessage.Notification{Attempts: c.attempts, CreatedAt: created}
				next, failed := NextTry(n, c.at, c.permanent)
				if failed != c.failed {
					t.Fatalf("failed = %v, want %v", failed, c.failed)
				}
				if failed {
					return
				}
				if wait := next.Sub(c.at); wait < c.min || wait > c.max {
					t.Fatalf("wait = %v, want from %v to %v", wait, c.min, c.max)
				}
			}
		})
	}
}
