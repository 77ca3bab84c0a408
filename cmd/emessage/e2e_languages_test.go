package main

import (
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// email is an e-Notification as it arrived at the mail server.
type email struct {
	Subject, Text, HTML string
}

func parseEmail(t *testing.T, raw string) email {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var e email
	if e.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return e
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part)
		if strings.HasPrefix(part.Header.Get("Content-Type"), "text/html") {
			e.HTML = string(b)
		} else {
			e.Text = string(b)
		}
	}
}

// TestNotificationInEveryLanguage walks one thread through the nineteen
// languages of SPEC 18: before each answer of the worker, ana changes her
// account's language (PATCH /api/v1/ssp/account) and answers. Each answer
// brings exactly one e-Notification, sent through a real SMTP server, in
// the language she chose last: subject and body translated, the HTML
// marked with the language and its direction, and still no case number,
// subject or body of the message (R7). The thread reads on through every
// change.
func TestNotificationInEveryLanguage(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	m := startMX(t, "")
	srv := startServerArgs(t, dir, "--smtp", "smtp://"+m.addr)
	wanda, ana := srv.login("wanda", fixturePassword), srv.login("ana", fixturePassword)

	last := send(t, wanda, map[string]any{"case_number": "A0000001", "person_id": "P1", "type": "message",
		"subject": "Subject-start-7Q", "body": "Body-start-7Q"})
	waitFor(t, "the first email", func() bool { return len(m.emails("ana@example.org")) == 1 })
	for i, lang := range emessage.Languages {
		ana.Do("PATCH", "/api/v1/ssp/account", map[string]any{"language": lang}).Want(t, 200)
		answer := ana.Do("POST", "/api/v1/ssp/messages/"+last+"/reply", map[string]any{"body": "Answer " + lang}).Want(t, 201).Str("id")
		secret := fmt.Sprintf("Secret-%s-9Z", lang)
		wanda.Do("POST", "/api/v1/messages/"+answer+"/reply", map[string]any{"body": secret}).Want(t, 200)
		thread := struct {
			Thread []struct{ ID, Direction string }
		}{}
		wanda.Do("GET", "/api/v1/messages/"+answer, nil).Want(t, 200).MustDecode(t, &thread)
		last = thread.Thread[len(thread.Thread)-1].ID

		waitFor(t, lang+"'s email", func() bool { return len(m.emails("ana@example.org")) == i+2 })
		e := parseEmail(t, m.emails("ana@example.org")[i+1])
		t.Run(lang, func(t *testing.T) {
			if want := words.T(lang, "email_subject"); e.Subject != want {
				t.Errorf("subject %q, want %q", e.Subject, want)
			}
			if lang != "en" && e.Subject == words.T("en", "email_subject") {
				t.Errorf("the subject is in English")
			}
			for _, key := range []string{"email_hello", "email_waiting", "email_to_read", "email_automatic"} {
				if w := words.T(lang, key); !strings.Contains(e.Text, w) {
					t.Errorf("%s %q missing from the text:\n%s", key, w, e.Text)
				}
			}
			for _, key := range []string{"email_hello", "email_waiting", "email_link", "email_automatic"} {
				if w := html.EscapeString(words.T(lang, key)); !strings.Contains(e.HTML, w) {
					t.Errorf("%s %q missing from the HTML:\n%s", key, w, e.HTML)
				}
			}
			if lang != "en" && strings.Contains(e.Text, words.T("en", "email_waiting")) {
				t.Errorf("English in the text:\n%s", e.Text)
			}
			if want := fmt.Sprintf(`<html lang="%s" dir="%s">`, lang, words.Dir(lang)); !strings.Contains(e.HTML, want) {
				t.Errorf("the HTML is not marked %s", want)
			}
			for _, leak := range []string{"A0000001", secret, "Subject-start-7Q", "Body-start-7Q", "Answer " + lang} {
				if strings.Contains(e.Subject+e.Text+e.HTML, leak) {
					t.Errorf("the email holds %q", leak)
				}
			}
			if !strings.Contains(e.Text, "https://portal.example.gov/portal/") {
				t.Errorf("no portal link in:\n%s", e.Text)
			}
		})
	}
	// The thread holds every answer, both ways, in order.
	var thread struct{ Thread []struct{ Body string } }
	ana.Do("GET", "/api/v1/ssp/messages/"+last, nil).Want(t, 200).MustDecode(t, &thread)
	if n := len(thread.Thread); n != 1+2*len(emessage.Languages) {
		t.Fatalf("the thread holds %d records, want %d", n, 1+2*len(emessage.Languages))
	}
}
