package main

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// mx is an SMTP server in process that refuses one address for good.
type mx struct {
	addr    string
	refuse  string
	mu      sync.Mutex
	arrived map[string][]string // recipient: raw emails
}

func startMX(t *testing.T, refuse string) *mx {
	t.Helper()
	m := &mx{refuse: refuse, arrived: map[string][]string{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mxSession{m: m}, nil }))
	srv.Domain = "mx.test"
	m.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { l.Close(); srv.Close() })
	return m
}

func (m *mx) emails(to string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.arrived[to]...)
}

type mxSession struct {
	m  *mx
	to string
}

func (s *mxSession) Reset()                               {}
func (s *mxSession) Logout() error                        { return nil }
func (s *mxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.m.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = to
	return nil
}

func (s *mxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.m.mu.Lock()
	s.m.arrived[s.to] = append(s.m.arrived[s.to], string(b))
	s.m.mu.Unlock()
	return err
}

// startServerArgs is startServer with more flags.
func startServerArgs(t testing.TB, dir string, extra ...string) *server {
	t.Helper()
	return startServerDB(t, dir, dirDB(dir), extra...)
}

// TestServeSMTP runs the server with --smtp: an email goes to the mail
// server, a refused one is failed at once, and /metrics shows both.
func TestServeSMTP(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	m := startMX(t, "ben@example.org")
	srv := startServerArgs(t, dir, "--smtp", "smtp://"+m.addr)
	msg := map[string]any{"type": "message", "subject": "Hello", "body": "Your interview is on Monday."}
	msg["case_number"], msg["person_id"] = "A0000001", "P1"
	srv.login("wanda", fixturePassword).Do("POST", "/api/v1/messages", msg).Want(t, 201)
	msg["case_number"], msg["person_id"] = "B0000001", "P1"
	srv.login("bea", fixturePassword).Do("POST", "/api/v1/messages", msg).Want(t, 201)

	waitFor(t, "ana's email", func() bool { return len(m.emails("ana@example.org")) == 1 })
	if e := m.emails("ana@example.org")[0]; strings.Contains(e, "A0000001") || !strings.Contains(e, "https://portal.example.gov/portal/") {
		t.Errorf("email to ana:\n%s", e)
	}
	want := []string{
		"emessage_notifications_sent_total 1",
		"emessage_notifications_failed 1",
		"emessage_notifications_pending 0",
		`emessage_notification_failures_total{kind="permanent"} 1`,
		`emessage_notification_failures_total{kind="temporary"} 0`,
	}
	var metrics string
	waitFor(t, "metrics of the refusal", func() bool {
		res, err := srv.anon().HTTP().Get(srv.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		metrics = string(b)
		for _, w := range want {
			if !strings.Contains(metrics, "\n"+w+"\n") {
				return false
			}
		}
		return true
	})
	if got := mails(t, srv.mailDir); len(got) != 0 {
		t.Errorf("%d .eml files written with --smtp set", len(got))
	}
}

func TestServeBadSMTP(t *testing.T) {
	for _, bad := range []string{"ftp://u:secret@mail.example.gov", "smtp://u:secret@mail.example.gov:99999", "mail.example.gov"} {
		var out, errOut bytes.Buffer
		code := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--smtp", bad}, &out, &errOut)
		msg := errOut.String()
		if code != exitUsage || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "--smtp") || strings.Contains(msg, "secret") {
			t.Errorf("--smtp %s: exit %d, %q; want %d and one line naming --smtp without the password", bad, code, msg, exitUsage)
		}
	}
}
