package mail

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// stepError is a failed step of an SMTP exchange.
type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string { return "smtp " + e.step + ": " + e.err.Error() }

func (e *stepError) Unwrap() error { return e.err }

// smtpConn is an open SMTP session.
type smtpConn struct {
	c      *smtp.Client
	conn   *boundConn
	sent   int
	broken bool // not to be used again
}

// quit ends the session politely, within timeout.
func (sc *smtpConn) quit(timeout time.Duration) {
	sc.conn.setLimit(time.Now().Add(timeout))
	sc.c.Quit()
	sc.close()
}

func (sc *smtpConn) close() { sc.c.Close() }

// boundConn is a connection whose deadlines are kept within step from now
// and never past limit. go-smtp sets a deadline for each command and clears
// it afterwards; with boundConn the library's 5-minute defaults become our
// step, the data written between commands stays bounded, and the end of the
// sending context ends the exchange at once.
type boundConn struct {
	net.Conn
	step time.Duration

	mu    sync.Mutex
	limit time.Time // zero: none
}

func (c *boundConn) clamp(t time.Time) time.Time {
	if max := time.Now().Add(c.step); !t.IsZero() && t.After(max) {
		t = max
	}
	if !c.limit.IsZero() && (t.IsZero() || t.After(c.limit)) {
		t = c.limit
	}
	return t
}

func (c *boundConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetDeadline(c.clamp(t))
}

func (c *boundConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetReadDeadline(c.clamp(t))
}

func (c *boundConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetWriteDeadline(c.clamp(t))
}

// setLimit sets the latest deadline and applies it now.
func (c *boundConn) setLimit(limit time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit = limit
	c.Conn.SetDeadline(limit)
}

// bind limits the connection to ctx's deadline, and ends its exchanges when
// ctx ends, until stop is called; stop reports false when ctx ended first.
func (c *boundConn) bind(ctx context.Context) (stop func() bool) {
	limit, _ := ctx.Deadline()
	c.setLimit(limit)
	return context.AfterFunc(ctx, func() { c.setLimit(time.Unix(1, 0)) })
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
