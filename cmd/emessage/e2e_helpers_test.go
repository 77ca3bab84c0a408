package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
)

// server is the real service started in process on port 0.
type server struct {
	t       testing.TB
	base    string
	dbURL   string
	dataDir string
	mailDir string
	cancel  context.CancelFunc
	done    chan int
	metrics string // the address of /metrics with --metrics-addr
	// spec is the OpenAPI document the server serves: every client of
	// the server checks its exchanges against it.
	spec *testrig.APISpec
}

// specChecked counts the answers the tests' servers checked against their
// OpenAPI document; TestMain reports it with -v.
var specChecked atomic.Int64

func startServer(t testing.TB, dir string) *server {
	t.Helper()
	return startServerDB(t, dir, dirDB(dir))
}

// dirDB is the SQLite database startServer uses in dir.
func dirDB(dir string) string { return "sqlite:" + filepath.Join(dir, "e.db") }

// startServerDB starts the service on the database at dbURL, with its data
// and mail directories under dir, and any extra flags.
func startServerDB(t testing.TB, dir, dbURL string, extra ...string) *server {
	t.Helper()
	s := &server{t: t, dbURL: dbURL, dataDir: filepath.Join(dir, "data"), mailDir: filepath.Join(dir, "mail"), done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	pr, pw := io.Pipe()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", s.dbURL, "--data-dir", s.dataDir,
		"--mail-dir", s.mailDir, "--base-url", "https://portal.example.gov"}, extra...)
	go func() {
		code := run(ctx, args, pw, io.Discard)
		pw.Close()
		s.done <- code
	}()
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (http://\S+)`)
		metrics := regexp.MustCompile(`metrics on (http://\S+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := metrics.FindStringSubmatch(sc.Text()); m != nil {
				s.metrics = m[1] // printed before "listening on"
			}
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case s.base = <-addr:
	case code := <-s.done:
		t.Fatalf("serve exited with %d", code)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	t.Cleanup(s.stop)
	s.spec = testrig.MustFetchAPISpec(t, s.base)
	return s
}

func (s *server) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	if s.spec != nil {
		specChecked.Add(s.spec.Checked())
	}
	select {
	case code := <-s.done:
		if code != 0 {
			s.t.Errorf("serve exited with %d", code)
		}
	case <-time.After(20 * time.Second):
		s.t.Error("server did not stop")
	}
}

// anon is a client of the server's API signed in as nobody, checking
// every exchange against the server's OpenAPI document.
func (s *server) anon() *testrig.Client { return s.bearer("") }

// bearer is a client of the server's API with a token (a system's), every
// exchange checked against the served OpenAPI document.
func (s *server) bearer(token string) *testrig.Client {
	return testrig.NewClient(s.t, s.base, token).WithSpec(s.spec)
}

// client is a client of the server's API sending token, checked as anon's.
func (s *server) client(token string) *testrig.Client { return s.anon().WithToken(token) }

// login signs a user in through the API.
func (s *server) login(username, password string) *testrig.Client {
	s.t.Helper()
	return s.anon().Login(username, password)
}

// waitFor polls cond until it is true or fails after a while.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mails returns the .eml files written to the mail directory.
func mails(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = string(b)
		}
	}
	return out
}

// countyNow is the time now where the server counts days (its --tz,
// defaultTZ): "today" for an away period is the county's, and in the
// evening in California it is already tomorrow in UTC.
func countyNow(t testing.TB) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(defaultTZ)
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(loc)
}
