package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailServer is a real SMTP server (go-smtp) on 127.0.0.1, in process. It
// keeps what it accepts, and can be stopped and started again on the same
// port, or made to refuse.
type mailServer struct {
	t    testing.TB
	addr string
	opts serverOpts

	mu      sync.Mutex
	srv     *smtp.Server
	ln      net.Listener
	mails   []received
	conns   map[*smtp.Conn]bool
	rcptErr func(to string) error // answer to RCPT TO; nil accepts
	dataErr error                 // answer after the data; nil accepts
}

// serverOpts says how a mailServer speaks.
type serverOpts struct {
	StartTLS bool              // offer STARTTLS
	Implicit bool              // TLS from the first byte (smtps)
	Users    map[string]string // AUTH PLAIN accounts, required when set
	Insecure bool              // take AUTH without TLS
	Delay    time.Duration     // wait before answering the data
}

// received is an email the server accepted.
type received struct {
	From string
	To   []string
	Raw  []byte
	TLS  bool
	User string
}

// testCert is a self-signed certificate for 127.0.0.1 and localhost, and a
// pool that trusts it.
var testCert, testRoots = func() (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test mail server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}()

// newMailServer starts a server on a free port, stopped when the test ends.
func newMailServer(t testing.TB, opts serverOpts) *mailServer {
	t.Helper()
	s := &mailServer{t: t, addr: "127.0.0.1:0", opts: opts}
	s.start()
	t.Cleanup(s.stop)
	return s
}

// start listens (again) on the server's address.
func (s *mailServer) start() {
	s.t.Helper()
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "mx.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = discardLog{}
	srv.AllowInsecureAuth = s.opts.Insecure
	if s.opts.StartTLS {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{testCert}}
	}
	if s.opts.Implicit {
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{testCert}})
	}
	s.mu.Lock()
	s.addr, s.srv, s.ln = l.Addr().String(), srv, l
	s.mu.Unlock()
	go srv.Serve(l)
}

// stop closes the listener and every connection: the server is down.
func (s *mailServer) stop() {
	s.mu.Lock()
	srv, ln := s.srv, s.ln
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv != nil {
		ln.Close() // Serve may not have taken it yet
		srv.Close()
	}
}

// sender is an SMTPSender for this server that trusts its certificate.
func (s *mailServer) sender() *SMTPSender {
	return &SMTPSender{Addr: s.addr, ImplicitTLS: s.opts.Implicit, LocalName: "emessage.test",
		TLSConfig: &tls.Config{RootCAs: testRoots}, Timeout: 10 * time.Second}
}

func (s *mailServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

// connCount is how many connections said EHLO.
func (s *mailServer) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

func (s *mailServer) refuseRcpt(f func(to string) error) {
	s.mu.Lock()
	s.rcptErr = f
	s.mu.Unlock()
}

func (s *mailServer) refuseData(err error) {
	s.mu.Lock()
	s.dataErr = err
	s.mu.Unlock()
}

func (s *mailServer) newSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	if s.conns == nil {
		s.conns = map[*smtp.Conn]bool{}
	}
	s.conns[c] = true
	s.mu.Unlock()
	return &serverSession{s: s, conn: c}, nil
}

// serverSession is one connection's SMTP session.
type serverSession struct {
	s    *mailServer
	conn *smtp.Conn
	user string
	from string
	to   []string
}

func (ss *serverSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *serverSession) Logout() error { return nil }

func (ss *serverSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Users != nil && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *serverSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	refuse := ss.s.rcptErr
	ss.s.mu.Unlock()
	if refuse != nil {
		if err := refuse(to); err != nil {
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *serverSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	time.Sleep(ss.s.opts.Delay)
	_, isTLS := ss.conn.TLSConnectionState()
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.dataErr != nil {
		return ss.s.dataErr
	}
	ss.s.mails = append(ss.s.mails, received{From: ss.from, To: ss.to, Raw: raw, TLS: isTLS, User: ss.user})
	return nil
}

func (ss *serverSession) AuthMechanisms() []string {
	if ss.s.opts.Users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *serverSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if want, ok := ss.s.opts.Users[username]; !ok || want != password {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

type discardLog struct{}

func (discardLog) Printf(string, ...any) {}
func (discardLog) Println(...any)        {}

// Refusals a test server answers with.
var (
	tempRefusal = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	permRefusal = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
)
