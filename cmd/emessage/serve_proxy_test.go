package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestServeBehindProxy runs the server as a county would behind its
// reverse proxy (--trusted-proxies): everyone arrives from the proxy's
// address, and the throttle keys on the client each request names. 56
// made-up usernames from one client do not keep wanda, at another client,
// out; nor does the sprayed client's address keep her out with her right
// password. Without the flag the header is ignored.
func TestServeBehindProxy(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	srv := startServerArgs(t, dir, "--trusted-proxies", "127.0.0.1,::1", "--metrics-addr", "127.0.0.1:0")
	login := func(client, username, password string) int {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"username": username, "password": password})
		req, err := http.NewRequest("POST", srv.base+"/api/v1/login", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", client)
		res, err := srv.anon().HTTP().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	for i := range 56 {
		login("203.0.113.7", fmt.Sprintf("made-up-%d", i), "guess")
	}
	if got := login("203.0.113.7", "made-up-x", "guess"); got != 429 {
		t.Fatalf("the sprayed client: %d, want 429", got)
	}
	if got := login("198.51.100.20", "wanda", fixturePassword); got != 200 {
		t.Fatalf("wanda from another client behind the same proxy: %d, want 200", got)
	}
	if got := login("203.0.113.7", "wanda", fixturePassword); got != 200 {
		t.Fatalf("wanda's right password from the sprayed client: %d, want 200", got)
	}

	// /metrics has moved to its own listener.
	if got := srv.anon().Do("GET", "/metrics", nil); got.Status != 404 {
		t.Fatalf("/metrics on the main address: %d, want 404", got.Status)
	}
	if srv.metrics == "" {
		t.Fatal("serve did not print where the metrics are")
	}
	m := get(t, srv.metrics)
	if m.status != 200 || !strings.Contains(m.body, "emessage_http_requests_total") {
		t.Fatalf("--metrics-addr /metrics: %d %.200s", m.status, m.body)
	}
}

// TestServeIgnoresForwardedForWithoutProxies: a client that writes its own
// X-Forwarded-For is throttled by the address it comes from.
func TestServeIgnoresForwardedForWithoutProxies(t *testing.T) {
	dir := t.TempDir()
	mustImportFixture(t, dir, dirDB(dir))
	srv := startServer(t, dir)
	status := 0
	for i := range 60 {
		body, _ := json.Marshal(map[string]string{"username": fmt.Sprintf("made-up-%d", i), "password": "guess"})
		req, _ := http.NewRequest("POST", srv.base+"/api/v1/login", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i)) // a new "address" each time
		res, err := srv.anon().HTTP().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		status = res.StatusCode
	}
	if status != 429 {
		t.Fatalf("after 60 failures from one address that claims to be many: %d, want 429", status)
	}
}

// TestServeBadProxyFlag: a wrong --trusted-proxies is one line and exit 2.
func TestServeBadProxyFlag(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--trusted-proxies", "10.0.0.0/40"}, io.Discard, &stderr)
	if code != exitUsage || strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 || !strings.Contains(stderr.String(), "10.0.0.0/40") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

type got struct {
	status int
	body   string
}

func get(t *testing.T, url string) got {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return got{res.StatusCode, string(b)}
}
