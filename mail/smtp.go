package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP sender defaults for fields left zero.
const (
	// DefaultSMTPTimeout bounds each step of an SMTP exchange: the dial, the
	// TLS handshake, each command, the message data and the final reply.
	DefaultSMTPTimeout = 30 * time.Second
	// DefaultKeepAlive is how long an idle connection is kept for the next email.
	DefaultKeepAlive = 10 * time.Second
	// maxPerConn is how many emails go over one connection before a new one.
	maxPerConn = 100
)

// SMTPSender delivers emails to a mail server, the county's relay or
// submission server. It uses STARTTLS when the server offers it (TLS from the
// first byte with ImplicitTLS), signs in when Username is set, bounds every
// step with Timeout, and keeps one connection open between emails for
// KeepAlive. The message is built by Email.Bytes, so every try of one
// notification sends the same bytes under the same Message-ID.
//
// A refusal of the recipient or of the message (a 5xx reply to RCPT or DATA)
// is a *PermanentError. Everything else, a 4xx reply, a 5xx reply to the
// greeting, EHLO, AUTH or MAIL (a refusal of us, the same for every email, to
// be mended by the operator), a network error or a timeout, is temporary.
type SMTPSender struct {
	Addr        string        // host:port
	ImplicitTLS bool          // smtps: TLS from the first byte
	Username    string        // AUTH PLAIN (or LOGIN) when set
	Password    string        //
	LocalName   string        // the name given in EHLO (default "localhost")
	TLSConfig   *tls.Config   // nil: the system's roots, server name from Addr
	Timeout     time.Duration // each step (DefaultSMTPTimeout)
	KeepAlive   time.Duration // idle connection kept (DefaultKeepAlive); negative: none

	// sawStartTLS is set once the server offered STARTTLS; from then on
	// every connection must start TLS, so a server that stops offering it
	// (or someone in the path who strips it) gets no email in clear.
	sawStartTLS atomic.Bool

	mu    sync.Mutex
	idle  *smtpConn
	timer *time.Timer
}

// ParseSMTPURL reads the --smtp address: smtp://[user[:pass]@]host[:port]
// (STARTTLS when offered, port 587 by default) or smtps://... (TLS from the
// first byte, port 465 by default). Its errors never repeat the password.
func ParseSMTPURL(raw string) (*SMTPSender, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL like smtp://user:pass@host:port")
	}
	s := &SMTPSender{}
	port := "587"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.ImplicitTLS, port = true, "465"
	default:
		return nil, fmt.Errorf("%s: the scheme must be smtp:// or smtps://", u.Redacted())
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%s: no host", u.Redacted())
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s: only smtp://user:pass@host:port, with no path or options", u.Redacted())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%s: bad port", u.Redacted())
		}
		port = p
	}
	s.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// String is the server's address with the scheme, without the password.
func (s *SMTPSender) String() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr}
	if s.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.Username != "" {
		u.User = url.User(s.Username)
	}
	return u.String()
}

// Send delivers e in one SMTP transaction, on the kept connection when there
// is one and on a new one otherwise.
func (s *SMTPSender) Send(ctx context.Context, e *Email) error {
	raw, err := e.Bytes()
	if err != nil {
		return err
	}
	from, _ := mail.ParseAddress(e.From) // both checked by Bytes
	to, _ := mail.ParseAddress(e.To)
	if sc := s.take(); sc != nil {
		err := s.transact(ctx, sc, from.Address, to.Address, raw)
		if err == nil {
			s.put(sc)
			return nil
		}
		sc.close()
		if !stale(err) || ctx.Err() != nil {
			return s.failure(ctx, err)
		}
		// The kept connection had been closed by the server: nothing was
		// sent on it, so try once more on a new one.
	}
	sc, err := s.dial(ctx)
	if err != nil {
		return s.failure(ctx, err)
	}
	if err := s.transact(ctx, sc, from.Address, to.Address, raw); err != nil {
		sc.close()
		return s.failure(ctx, err)
	}
	s.put(sc)
	return nil
}

// Close ends the kept connection, if any.
func (s *SMTPSender) Close() error {
	if sc := s.take(); sc != nil {
		sc.quit(s.timeout())
	}
	return nil
}

// transact sends one email on an open session.
func (s *SMTPSender) transact(ctx context.Context, sc *smtpConn, from, to string, raw []byte) (err error) {
	stop := sc.conn.bind(ctx)
	defer func() {
		if !stop() {
			sc.broken = true // ctx ended: the connection's deadline is past
		}
	}()
	opts := &smtp.MailOptions{Size: int64(len(raw))}
	if !isASCII(from) || !isASCII(to) {
		if ok, _ := sc.c.Extension("SMTPUTF8"); !ok {
			return &PermanentError{errors.New("smtp: the server cannot take an address outside ASCII")}
		}
		opts.UTF8 = true
	}
	if err := sc.c.Mail(from, opts); err != nil {
		return &stepError{"mail", err}
	}
	if err := sc.c.Rcpt(to, nil); err != nil {
		return &stepError{"rcpt", err}
	}
	w, err := sc.c.Data()
	if err != nil {
		return &stepError{"data", err}
	}
	sc.conn.SetDeadline(time.Now().Add(s.timeout())) // the data is a step of its own
	if _, err := w.Write(raw); err != nil {
		return &stepError{"data", err}
	}
	if err := w.Close(); err != nil { // the final dot and the server's acceptance
		return &stepError{"end", err}
	}
	sc.sent++
	return nil
}

// errStartTLSOffered ends a first, plain connection on which the server
// offered STARTTLS: go-smtp starts TLS only on a connection it greets itself.
var errStartTLSOffered = errors.New("smtp: STARTTLS offered")

// dial opens a session ready for MAIL: connected, greeted, encrypted when
// the server offers it, signed in when a user is set.
func (s *SMTPSender) dial(ctx context.Context) (*smtpConn, error) {
	sc, err := s.connect(ctx, !s.ImplicitTLS && s.sawStartTLS.Load())
	if errors.Is(err, errStartTLSOffered) {
		sc, err = s.connect(ctx, true)
	}
	return sc, err
}

func (s *SMTPSender) connect(ctx context.Context, startTLS bool) (*smtpConn, error) {
	d := net.Dialer{Timeout: s.timeout()}
	raw, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, &stepError{"dial", err}
	}
	bc := &boundConn{Conn: raw, step: s.timeout()}
	stop := bc.bind(ctx)
	sc, err := s.open(bc, startTLS)
	if !stop() && err == nil {
		err = &stepError{"dial", context.Cause(ctx)}
	}
	if err != nil {
		raw.Close()
		return nil, err
	}
	return sc, nil
}

// open greets the server on a new connection.
func (s *SMTPSender) open(bc *boundConn, startTLS bool) (*smtpConn, error) {
	host, _, _ := net.SplitHostPort(s.Addr)
	cfg := &tls.Config{}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	var c *smtp.Client
	switch {
	case s.ImplicitTLS:
		tc := tls.Client(bc, cfg)
		bc.SetDeadline(time.Now().Add(s.timeout()))
		if err := tc.Handshake(); err != nil {
			return nil, &stepError{"tls", err}
		}
		bc.SetDeadline(time.Time{})
		c = smtp.NewClient(tc)
	case startTLS:
		var err error
		if c, err = smtp.NewClientStartTLS(bc, cfg); err != nil {
			return nil, &stepError{"starttls", err}
		}
	default:
		c = smtp.NewClient(bc)
	}
	c.CommandTimeout, c.SubmissionTimeout = s.timeout(), s.timeout()
	if err := c.Hello(s.localName()); err != nil {
		return nil, &stepError{"hello", err}
	}
	encrypted := s.ImplicitTLS || startTLS
	if ok, _ := c.Extension("STARTTLS"); ok && !encrypted {
		s.sawStartTLS.Store(true)
		c.Quit()
		return nil, errStartTLSOffered
	}
	if s.Username != "" {
		if !encrypted && !loopback(host) {
			return nil, &stepError{"auth", errors.New("the server offers no TLS, and the password is not sent in clear")}
		}
		auth := sasl.NewPlainClient("", s.Username, s.Password)
		if !c.SupportsAuth("PLAIN") && c.SupportsAuth("LOGIN") {
			auth = sasl.NewLoginClient(s.Username, s.Password)
		}
		if err := c.Auth(auth); err != nil {
			return nil, &stepError{"auth", err}
		}
	}
	return &smtpConn{c: c, conn: bc}, nil
}

// take returns the kept connection, if any, and keeps it no more.
func (s *SMTPSender) take() *smtpConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.idle
	s.idle = nil
	return sc
}

// put keeps sc for the next email, or ends it.
func (s *SMTPSender) put(sc *smtpConn) {
	keep := s.KeepAlive
	if keep == 0 {
		keep = DefaultKeepAlive
	}
	if keep < 0 || sc.broken || sc.sent >= maxPerConn {
		sc.quit(s.timeout())
		return
	}
	s.mu.Lock()
	if s.idle != nil {
		s.mu.Unlock()
		sc.quit(s.timeout())
		return
	}
	s.idle = sc
	if s.timer == nil {
		s.timer = time.AfterFunc(keep, func() { s.Close() })
	} else {
		s.timer.Reset(keep)
	}
	s.mu.Unlock()
}

func (s *SMTPSender) timeout() time.Duration {
	if s.Timeout <= 0 {
		return DefaultSMTPTimeout
	}
	return s.Timeout
}

func (s *SMTPSender) localName() string {
	if s.LocalName == "" {
		return "localhost"
	}
	return s.LocalName
}

// failure is the error Send returns for err: the end of ctx when that cut
// the exchange short, a *PermanentError for a 5xx refusal of the recipient
// or the message, err itself otherwise.
func (s *SMTPSender) failure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	var step *stepError
	var reply *smtp.SMTPError
	if errors.As(err, &step) && errors.As(err, &reply) && reply.Code >= 500 && reply.Code < 600 &&
		(step.step == "rcpt" || step.step == "data" || step.step == "end") {
		return &PermanentError{err}
	}
	return err
}

// stale reports whether err is how a kept connection that the server had
// closed fails: at the first command, with no reply or with 421.
func stale(err error) bool {
	var step *stepError
	if !errors.As(err, &step) || step.step != "mail" {
		return false
	}
	var reply *smtp.SMTPError
	return !errors.As(err, &reply) || reply.Code == 421
}
