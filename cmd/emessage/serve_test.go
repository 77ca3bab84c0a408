package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage/internal/testrig"
)

// serveDemo starts "serve --demo" in process on port 0, waits until it
// listens, and returns what it printed before that and its address.
func serveDemo(t *testing.T, dir string) (printed, base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dir}, pw, io.Discard)
		pw.Close()
	}()
	var out strings.Builder
	listening := regexp.MustCompile(`^listening on (http://\S+)$`)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
		out.WriteString(sc.Text() + "\n")
	}
	if base == "" {
		t.Fatalf("serve did not listen (exit %d): %s", <-done, out.String())
	}
	go io.Copy(io.Discard, pr)
	return out.String(), base, func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited with %d", code)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	}
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	printed, base, stop := serveDemo(t, dir)
	if !strings.Contains(printed, "Demo data loaded") {
		t.Errorf("first start: %q, want the demo loaded", printed)
	}
	for _, want := range []string{"jdoe", "Demo-Worker-2026!", "rosa", "Demo-Customer-2026!"} {
		if !strings.Contains(printed, want) {
			t.Errorf("logins table lacks %q:\n%s", want, printed)
		}
	}
	checked := &http.Client{Transport: testrig.MustFetchAPISpec(t, base).Transport(t, nil)}
	res, err := checked.Post(base+"/api/v1/login", "application/json",
		strings.NewReader(`{"username":"jdoe","password":"Demo-Worker-2026!"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("demo worker login: %d", res.StatusCode)
	}
	stop()

	printed, _, stop = serveDemo(t, dir)
	defer stop()
	if !strings.Contains(printed, "already holds data") || !strings.Contains(printed, "jdoe") {
		t.Errorf("second start: %q, want the data kept and the logins printed", printed)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "emessage.db")); len(matches) != 1 {
		t.Error("the database is not in --data-dir")
	}
}
