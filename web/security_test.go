package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// TestHSTS: served at an https address, every response pins HTTPS; at an
// http address (a developer's machine) none does.
func TestHSTS(t *testing.T) {
	secure := newTestHandler(Config{BaseURL: "https://emessage.county.gov"})
	for _, path := range []string{"/api/v1/home", "/healthz", "/worker/login", "/portal/login"} {
		if got := testrig.Do(secure, "GET", path, nil, nil).Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s: Strict-Transport-Security = %q", path, got)
		}
	}
	plain := newTestHandler(Config{BaseURL: "http://127.0.0.1:8080"})
	if got := testrig.Do(plain, "GET", "/healthz", nil, nil).Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain http sends HSTS %q", got)
	}
}

// TestRefusalLogged: a refused request is a security event in the log, with
// what was asked and from where, and a value a client sends cannot start a
// log line of its own.
func TestRefusalLogged(t *testing.T) {
	var logs bytes.Buffer
	h := newTestHandler(Config{Logger: testrig.Logger(&logs)})
	rec := testrig.Do(h, "GET", "/api/v1/messages/abc%0Alevel=ERROR%20msg=forged", nil, nil)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	line := logs.String()
	for _, want := range []string{`msg="access refused"`, "event=security", "code=unauthorized", "status=401", `route="GET /api/v1/messages/{id}"`, "client=192.0.2.1"} {
		if !strings.Contains(line, want) {
			t.Errorf("log lacks %s:\n%s", want, line)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(line), "\n") {
		if strings.HasPrefix(l, "level=ERROR msg=forged") {
			t.Fatalf("a client forged a log line:\n%s", line)
		}
	}
}
