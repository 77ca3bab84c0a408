package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// startTimeout bounds how long a server may take to start listening.
const startTimeout = 30 * time.Second

// serverCtl runs the emessage binary as a child process on a fixed address
// and database, and kills and restarts it.
type serverCtl struct {
	bin   string
	args  []string // serve's flags
	logTo io.Writer

	mu     sync.Mutex
	cur    *child
	starts []time.Time // when each server that came to listen was started
}

// child is one run of the server.
type child struct {
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
	cmd := exec.Command(s.bin, append([]string{"serve"}, s.args...)...)
	cmd.Env = childEnv()
	cmd.Stderr = s.logTo
	cmd.SysProcAttr = childAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	c := &child{cmd: cmd, exited: make(chan struct{})}
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
		s.mu.Lock()
		s.starts = append(s.starts, started)
		s.mu.Unlock()
		return nil
	case <-c.exited:
		return fmt.Errorf("the server exited before it listened: %v (see server.log)", c.err)
	case <-timer.C:
		s.kill()
		return errors.New("the server did not listen within 30s")
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

// generation is one server process: when it was started and, unless it
// is the last, when it was killed.
type generation struct {
	Start, Kill time.Time
}

// generations pairs the servers' starts with the kills that ended them.
func (s *serverCtl) generations(kills []time.Time) []generation {
	s.mu.Lock()
	defer s.mu.Unlock()
	gens := make([]generation, len(s.starts))
	for i, st := range s.starts {
		gens[i].Start = st
		if i < len(kills) {
			gens[i].Kill = kills[i]
		}
	}
	return gens
}
