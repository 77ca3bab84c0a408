package mail

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

func testEmail(to string) *Email {
	return &Email{
		MessageID: "<m-" + strings.ReplaceAll(to, "@", ".") + "@emessage.local>",
		From:      "e-Messages <no-reply@emessage.local>", To: to,
		Subject: "Tiene un mensaje nuevo", Text: "Hola\n", HTML: "<p>Hola</p>",
		Date: time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC),
	}
}

func TestSMTPSenderDelivers(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    serverOpts
		user    string
		wantTLS bool
	}{
		{"plain", serverOpts{}, "", false},
		{"plain with password on loopback", serverOpts{Users: map[string]string{"app": "s3cret"}, Insecure: true}, "app", false},
		{"STARTTLS", serverOpts{StartTLS: true}, "", true},
		{"STARTTLS with password", serverOpts{StartTLS: true, Users: map[string]string{"app": "s3cret"}}, "app", true},
		{"implicit TLS with password", serverOpts{Implicit: true, Users: map[string]string{"app": "s3cret"}}, "app", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newMailServer(t, c.opts)
			s := srv.sender()
			if c.user != "" {
				s.Username, s.Password = c.user, c.opts.Users[c.user]
			}
			defer s.Close()
			e := testEmail("rosa@example.org")
			if err := s.Send(context.Background(), e); err != nil {
				t.Fatal(err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("%d emails arrived, want 1", len(got))
			}
			want, _ := e.Bytes()
			m := got[0]
			if m.From != "no-reply@emessage.local" || len(m.To) != 1 || m.To[0] != "rosa@example.org" {
				t.Errorf("envelope from %q to %q", m.From, m.To)
			}
			if !bytes.Equal(m.Raw, want) {
				t.Errorf("the server got other bytes than Email.Bytes:\n%s", m.Raw)
			}
			if m.TLS != c.wantTLS || m.User != c.user {
				t.Errorf("TLS %v, user %q; want %v, %q", m.TLS, m.User, c.wantTLS, c.user)
			}
			if p := mustParse(t, m.Raw); p.Header.Get("Message-ID") != e.MessageID {
				t.Errorf("Message-ID %q", p.Header.Get("Message-ID"))
			}
		})
	}
}

func TestSMTPSenderKeepsConnection(t *testing.T) {
	ctx := context.Background()
	srv := newMailServer(t, serverOpts{StartTLS: true})
	s := srv.sender()
	defer s.Close()
	for i := range 5 {
		if err := s.Send(ctx, testEmail("a"+string(rune('0'+i))+"@example.org")); err != nil {
			t.Fatal(err)
		}
	}
	// The first connection only learned that STARTTLS is offered; all five
	// emails went over the second.
	if n := srv.connCount(); n != 2 {
		t.Errorf("%d connections for 5 emails, want 2", n)
	}
	for _, m := range srv.received() {
		if !m.TLS {
			t.Error("an email went without TLS")
		}
	}

	// The server restarts and drops the kept connection: the next email
	// goes over a new one, once.
	srv.stop()
	srv.start()
	if err := s.Send(ctx, testEmail("b@example.org")); err != nil {
		t.Fatalf("after the server dropped the kept connection: %v", err)
	}
	if got := len(srv.received()); got != 6 {
		t.Errorf("%d emails arrived, want 6", got)
	}

	// Once seen, STARTTLS is required: a server that stops offering it gets
	// nothing in clear.
	s.Close()
	srv.stop()
	srv.opts.StartTLS = false
	srv.start()
	if err := s.Send(ctx, testEmail("c@example.org")); err == nil || Permanent(err) {
		t.Errorf("Send without STARTTLS after it was offered = %v, want a temporary error", err)
	}
	if got := len(srv.received()); got != 6 {
		t.Errorf("an email went in clear")
	}
}

func TestSMTPSenderClassifiesReplies(t *testing.T) {
	ctx := context.Background()
	reply := func(code int, enhanced smtp.EnhancedCode) error {
		return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: "test says no"}
	}
	for _, c := range []struct {
		name      string
		rcpt      error
		data      error
		password  string
		permanent bool
		code      int
	}{
		{"mailbox unknown", reply(550, smtp.EnhancedCode{5, 1, 1}), nil, "", true, 550},
		{"mailbox busy", reply(450, smtp.EnhancedCode{4, 2, 1}), nil, "", false, 450},
		{"message refused", nil, reply(554, smtp.EnhancedCode{5, 6, 0}), "", true, 554},
		{"try later", nil, reply(451, smtp.EnhancedCode{4, 3, 0}), "", false, 451},
		// A wrong password refuses us, not the recipient: every email
		// would fail alike, so they wait for the operator to mend it.
		{"wrong password", nil, nil, "wrong", false, 535},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newMailServer(t, serverOpts{StartTLS: true, Users: map[string]string{"app": "s3cret"}})
			srv.refuseRcpt(func(string) error { return c.rcpt })
			srv.refuseData(c.data)
			s := srv.sender()
			s.Username, s.Password = "app", "s3cret"
			if c.password != "" {
				s.Password = c.password
			}
			defer s.Close()
			err := s.Send(ctx, testEmail("maria@example.org"))
			var se *smtp.SMTPError
			if err == nil || !errors.As(err, &se) || se.Code != c.code {
				t.Fatalf("Send = %v, want SMTP reply %d", err, c.code)
			}
			if Permanent(err) != c.permanent {
				t.Errorf("Permanent(%v) = %v, want %v", err, Permanent(err), c.permanent)
			}
			// The next email goes through.
			srv.refuseRcpt(nil)
			srv.refuseData(nil)
			if c.password == "" {
				if err := s.Send(ctx, testEmail("ana@example.org")); err != nil {
					t.Errorf("next email: %v", err)
				}
			}
		})
	}
	t.Run("server down", func(t *testing.T) {
		srv := newMailServer(t, serverOpts{})
		srv.stop()
		err := srv.sender().Send(ctx, testEmail("maria@example.org"))
		if err == nil || Permanent(err) {
			t.Errorf("Send to a closed port = %v, want a temporary error", err)
		}
	})
}

// silentServer accepts connections and never says a word.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return l.Addr().String()
}

func TestSMTPSenderTimesOut(t *testing.T) {
	addr := silentServer(t)
	done := make(chan error, 2)
	go func() {
		s := &SMTPSender{Addr: addr, Timeout: 100 * time.Millisecond}
		done <- s.Send(context.Background(), testEmail("maria@example.org"))
	}()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		s := &SMTPSender{Addr: addr, Timeout: time.Hour}
		done <- s.Send(ctx, testEmail("maria@example.org"))
	}()
	cancel()
	for range 2 {
		select {
		case err := <-done:
			if err == nil || Permanent(err) {
				t.Errorf("Send to a silent server = %v, want a temporary error", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Send to a silent server did not return")
		}
	}
}

func TestParseSMTPURL(t *testing.T) {
	for _, c := range []struct {
		in, addr, user, pass string
		implicit             bool
	}{
		{"smtp://user:p%40ss@mail.county.gov:2525", "mail.county.gov:2525", "user", "p@ss", false},
		{"smtp://mail.county.gov", "mail.county.gov:587", "", "", false},
		{"smtps://u:p@mail.county.gov", "mail.county.gov:465", "u", "p", true},
		{"smtp://[::1]:25/", "[::1]:25", "", "", false},
	} {
		s, err := ParseSMTPURL(c.in)
		if err != nil {
			t.Errorf("ParseSMTPURL(%q): %v", c.in, err)
			continue
		}
		if s.Addr != c.addr || s.Username != c.user || s.Password != c.pass || s.ImplicitTLS != c.implicit {
			t.Errorf("ParseSMTPURL(%q) = %s %q %q %v", c.in, s.Addr, s.Username, s.Password, s.ImplicitTLS)
		}
		if strings.Contains(s.String(), "p@ss") {
			t.Errorf("String() shows the password: %s", s)
		}
	}
	for _, bad := range []string{"mail.county.gov:25", "http://mail.county.gov", "smtp://", "smtp://h:0",
		"smtp://h:99999", "smtp://u:secret@h:25?tls=no", "smtp://u:secret@h/path", "smtp://u:secret@h:x"} {
		_, err := ParseSMTPURL(bad)
		if err == nil {
			t.Errorf("ParseSMTPURL(%q) accepted", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}
