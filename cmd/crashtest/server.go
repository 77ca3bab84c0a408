package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// startTimeout bounds how long a server may take to start listening.
const startTimeout = 30 * time.Second

// serverCtl runs the emessage binary as a child process on a fixed address
// and database, and kills and restarts it. Each process it starts is a
// generation of the fleet, with an envelope sender of its own, so that the
// mail server can tell which process sent each email.
type serverCtl struct {
	slot  int    // 1, 2, ...: which of the servers on the database
	addr  string // 127.0.0.1:PORT, the same for every restart
	bin   string
	args  []string // serve's flags
	fleet *fleet

	mu  sync.Mutex
	cur *child
}

// fleet is every server process of the test, in the order they came to
// listen, and their shared log.
type fleet struct {
	log io.Writer

	mu   sync.Mutex
	gens []generation
	seq  int // envelope senders handed out
}

// newFleet starts a fleet logging to w.
func newFleet(w io.Writer) *fleet { return &fleet{log: &lockedWriter{w: w}} }

// sender hands out the envelope sender (--mail-from) of a new process.
func (f *fleet) sender() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	return fmt.Sprintf("crashtest-g%d@emessage.local", f.seq)
}

// generations is a copy of the fleet's processes.
func (f *fleet) generations() []generation {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.gens)
}

// child is one run of the server.
type child struct {
	gen    int // index in the fleet's generations, once it listens (-1 before)
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been waited for
	err    error         // Wait's answer, once exited is closed
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs a new server and waits until it listens. A server that exits
// at once (the port still held by the killed one) is started again, a few times.
func (s *serverCtl) start(ctx context.Context) error {
	var err error
	for try := 0; try < 5; try++ {
		if try > 0 {
			time.Sleep(200 * time.Millisecond)
		}
		if err = s.startOnce(ctx); err == nil || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func (s *serverCtl) startOnce(ctx context.Context) error {
	from := s.fleet.sender()
	args := append([]string{"serve", "--addr", s.addr, "--mail-from", "e-Messages <" + from + ">"}, s.args...)
	cmd := exec.Command(s.bin, args...)
	cmd.Env = childEnv()
	tag := strings.TrimSuffix(strings.TrimPrefix(from, "crashtest-"), "@emessage.local")
	cmd.Stderr = &prefixWriter{w: s.fleet.log, prefix: fmt.Sprintf("[s%d %s] ", s.slot, tag)}
	cmd.SysProcAttr = childAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	c := &child{gen: -1, cmd: cmd, exited: make(chan struct{})}
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening on ") {
				close(listening)
				break
			}
		}
		io.Copy(io.Discard, stdout) // never let a full pipe block the server
		c.err = cmd.Wait()
		close(c.exited)
	}()
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case <-listening:
		s.fleet.mu.Lock()
		c.gen = len(s.fleet.gens)
		s.fleet.gens = append(s.fleet.gens, generation{Slot: s.slot, From: from, Start: started})
		s.fleet.mu.Unlock()
		return nil
	case <-c.exited:
		return fmt.Errorf("server %d exited before it listened: %v (see server.log)", s.slot, c.err)
	case <-timer.C:
		s.kill()
		return fmt.Errorf("server %d did not listen within 30s", s.slot)
	case <-ctx.Done():
		s.kill()
		return ctx.Err()
	}
}

// childEnv is the environment without EMESSAGE_* settings, so that only
// the flags the crash test gives count.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EMESSAGE_") {
			env = append(env, kv)
		}
	}
	return env
}

// kill sends SIGKILL to the running server and waits for it to be gone. It
// returns the moment just before the signal.
func (s *serverCtl) kill() time.Time {
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	at := time.Now()
	if c == nil {
		return at
	}
	c.cmd.Process.Kill()
	<-c.exited
	s.fleet.mu.Lock()
	if c.gen >= 0 && s.fleet.gens[c.gen].Kill.IsZero() {
		s.fleet.gens[c.gen].Kill = at
	}
	s.fleet.mu.Unlock()
	return at
}

// stop asks the running server to stop (SIGTERM) and reports how it ended:
// nil for exit status 0 within the grace period.
func (s *serverCtl) stop(grace time.Duration) error {
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return c.err
	case <-time.After(grace):
		s.kill()
		return fmt.Errorf("the server did not stop within %s of SIGTERM", grace)
	}
}

// generation is one server process: which server it was, the envelope
// sender it was given, when it was started and, unless it stopped
// cleanly, when it was killed.
type generation struct {
	Slot        int
	From        string
	Start, Kill time.Time
}

// prefixWriter writes a child's log into the shared one, each line
// prefixed with the child's server and generation.
type prefixWriter struct {
	w      io.Writer
	prefix string
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			break
		}
		line := append([]byte(p.prefix), p.buf[:i+1]...)
		if _, err := p.w.Write(line); err != nil {
			return 0, err
		}
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}

// lockedWriter serializes writes from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
