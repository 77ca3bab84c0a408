package main

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// mailSink is the mail server the service delivers to: a real SMTP server
// (go-smtp) on 127.0.0.1 that accepts everything and keeps, by Message-ID,
// when each copy arrived and for whom.
type mailSink struct {
	srv  *smtp.Server
	ln   net.Listener
	addr string

	mu       sync.Mutex
	received map[string][]delivery // by Message-ID
	total    int
	noID     int // accepted emails without a Message-ID
}

// delivery is one accepted copy of an email.
type delivery struct {
	At     time.Time // when the mail server accepted it
	ConnAt time.Time // when the connection it came over was opened
	From   string    // the envelope sender: which server process sent it
	To     []string
}

// startMailSink starts the mail server; its own log (connections the
// kills reset) goes to logTo.
func startMailSink(logTo io.Writer) (*mailSink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m := &mailSink{ln: ln, addr: ln.Addr().String(), received: map[string][]delivery{}}
	m.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{m: m, opened: time.Now()}, nil }))
	m.srv.Domain = "mx.crashtest"
	m.srv.ErrorLog = log.New(logTo, "mail sink: ", log.LstdFlags)
	m.srv.ReadTimeout = time.Minute
	m.srv.WriteTimeout = time.Minute
	m.srv.MaxMessageBytes = 1 << 20
	m.srv.MaxRecipients = 10
	go m.srv.Serve(ln)
	return m, nil
}

func (m *mailSink) Close() { m.srv.Close() }

// snapshot returns a copy of what arrived so far.
func (m *mailSink) snapshot() (byID map[string][]delivery, total, noID int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	byID = make(map[string][]delivery, len(m.received))
	for id, ds := range m.received {
		byID[id] = append([]delivery(nil), ds...)
	}
	return byID, m.total, m.noID
}

type sinkSession struct {
	m      *mailSink
	opened time.Time
	from   string
	to     []string
}

func (s *sinkSession) Reset()        { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error { return nil }
func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

// Data keeps an email only when it arrived whole: an email cut off by a
// kill is not accepted (no 250 is sent), so it is not kept either.
func (s *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	id := ""
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		id = strings.TrimSpace(msg.Header.Get("Message-Id"))
	}
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.total++
	if id == "" {
		s.m.noID++
		return nil
	}
	s.m.received[id] = append(s.m.received[id], delivery{At: time.Now(), ConnAt: s.opened, From: s.from, To: append([]string(nil), s.to...)})
	return nil
}
