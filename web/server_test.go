package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

func TestUnknownAPIAddress(t *testing.T) {
	h := newTestHandler(Config{})
	for _, path := range []string{"/api/v1/nothing", "/api/v2/messages", "/api/v1/messages/x/y/z", "/api/"} {
		t.Run(path, func(t *testing.T) {
			rec := testrig.Do(h, "GET", path, nil, nil)
			testrig.MustStatus(t, rec, http.StatusNotFound)
			if got := testrig.MustErrorBody(t, rec); got.Code != "not_found" {
				t.Errorf("code = %q, want not_found", got.Code)
			}
		})
	}
}

func TestWrongMethod(t *testing.T) {
	h := newTestHandler(Config{})
	tests := []struct {
		method, path, allow string
	}{
		{"DELETE", "/api/v1/messages/01ABC", "GET, HEAD, PATCH"},
		{"PUT", "/api/v1/login", "POST"},
		{"GET", "/api/v1/logout", "POST"},
		{"DELETE", "/api/v1/ssp/account", "GET, HEAD, PATCH"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := testrig.Do(h, tt.method, tt.path, nil, nil)
			testrig.MustStatus(t, rec, http.StatusMethodNotAllowed)
			if got := testrig.MustErrorBody(t, rec); got.Code != "method_not_allowed" {
				t.Errorf("code = %q, want method_not_allowed", got.Code)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

func TestNotSignedIn(t *testing.T) {
	h := newTestHandler(Config{})
	for _, header := range []map[string]string{nil, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}} {
		rec := testrig.Do(h, "GET", "/api/v1/home", nil, header)
		testrig.MustStatus(t, rec, http.StatusUnauthorized)
		if got := testrig.MustErrorBody(t, rec); got.Code != "unauthorized" {
			t.Errorf("code = %q, want unauthorized", got.Code)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newTestHandler(Config{})
	for _, path := range []string{"/api/v1/home", "/api/v1/nothing", "/healthz"} {
		rec := testrig.Do(h, "GET", path, nil, nil)
		for k, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
			"Cache-Control":           "no-store",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
	}
	// The pages set their own policy and caching (the API's would forbid
	// their stylesheets and scripts).
	rec := testrig.Do(h, "GET", "/portal/", nil, nil)
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") != page.CSP {
		t.Errorf("page headers = %v", rec.Header())
	}
}

func TestCrossOriginStateChangeRefused(t *testing.T) {
	h := newTestHandler(Config{BaseURL: "https://emessage.county.gov/"})
	body := []byte(`{"username":"","password":""}`)
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"no browser headers", map[string]string{}, http.StatusUnauthorized},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"foreign origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusUnauthorized},
		{"trusted base URL", map[string]string{"Origin": "https://emessage.county.gov", "Sec-Fetch-Site": "cross-site"}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.header["Content-Type"] = "application/json"
			rec := testrig.Do(h, "POST", "/api/v1/login", body, tt.header)
			testrig.MustStatus(t, rec, tt.want)
			got := testrig.MustErrorBody(t, rec)
			if tt.want == http.StatusForbidden && got.Code != "forbidden" {
				t.Errorf("code = %q, want forbidden", got.Code)
			}
		})
	}
	// Reading is never refused.
	rec := testrig.Do(h, "GET", "/healthz", nil, map[string]string{"Sec-Fetch-Site": "cross-site"})
	testrig.MustStatus(t, rec, http.StatusOK)
}

func TestHealthz(t *testing.T) {
	rec := testrig.Do(newTestHandler(Config{}), "GET", "/healthz", nil, nil)
	testrig.MustStatus(t, rec, http.StatusOK)
	if got := strings.TrimSpace(rec.Body.String()); got != `{"status":"ok"}` {
		t.Errorf("body = %s", got)
	}
	for cause, want := range map[error]string{
		errors.New("dial tcp 10.0.0.9:5432: connection refused"):            `{"database":"unreachable","status":"unavailable"}`,
		fmt.Errorf("%w: another process holds it", emessage.ErrNotWritable): `{"database":"not writable","status":"unavailable"}`,
	} {
		down := newTestHandler(Config{Ready: func(context.Context) error { return cause }})
		rec = testrig.Do(down, "GET", "/healthz", nil, nil)
		testrig.MustStatus(t, rec, http.StatusServiceUnavailable)
		if got := strings.TrimSpace(rec.Body.String()); got != want {
			t.Errorf("%v: body = %s, want %s (and never the cause)", cause, got, want)
		}
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("%v: a 503 without Retry-After", cause)
		}
	}
}

// A busy database is a 503 the client may try again, with Retry-After and
// a sentence saying so, not the 500 of a failure of ours.
func TestUnavailableAnswer(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler), metrics: newMetrics(prometheus.NewRegistry())}
	h := s.observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer.Error(s.log, w, r, fmt.Errorf("sqlite: %w", emessage.Errorf(emessage.EUnavailable, "The service is busy. Please try again in a few seconds.")))
	}))
	rec := testrig.Do(h, "POST", "/api/v1/messages", nil, nil)
	testrig.MustStatus(t, rec, http.StatusServiceUnavailable)
	if rec.Header().Get("Retry-After") != retryAfterSeconds {
		t.Errorf("Retry-After = %q", rec.Header().Get("Retry-After"))
	}
	if got := testrig.MustErrorBody(t, rec); got.Code != emessage.EUnavailable || !strings.Contains(got.Message, "try again") {
		t.Errorf("error = %+v", got)
	}
}

func TestMetricsAndRequestLog(t *testing.T) {
	reg := prometheus.NewRegistry()
	var logs bytes.Buffer
	h := newTestHandler(Config{Registry: reg, Logger: testrig.Logger(&logs)})
	testrig.Do(h, "GET", "/api/v1/home", nil, nil)
	testrig.Do(h, "GET", "/api/v1/messages/01SECRETID", nil, nil)
	testrig.Do(h, "GET", "/api/v1/nothing/here", nil, map[string]string{"Authorization": "Bearer secret-token"})
	// A second handler on the same registry shares the series.
	newTestHandler(Config{Registry: reg})

	rec := testrig.Do(h, "GET", "/metrics", nil, nil)
	testrig.MustStatus(t, rec, http.StatusOK)
	out := rec.Body.String()
	for _, want := range []string{
		`emessage_http_requests_total{code="4xx",route="GET /api/v1/home"} 1`,
		`emessage_http_requests_total{code="4xx",route="GET /api/v1/messages/{id}"} 1`,
		`emessage_http_requests_total{code="4xx",route="unmatched"} 1`,
		`emessage_http_request_duration_seconds_bucket{code="4xx",route="GET /api/v1/home",le="0.001"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(out, "01SECRETID") {
		t.Error("metrics hold a raw path")
	}
	l := logs.String()
	if !strings.Contains(l, `route="GET /api/v1/home"`) || !strings.Contains(l, "status=401") {
		t.Errorf("request log = %q", l)
	}
	if strings.Contains(l, "secret-token") || strings.Contains(l, "01SECRETID") {
		t.Errorf("request log holds a token or a path: %q", l)
	}
}

func TestRecoverPanics(t *testing.T) {
	var logs bytes.Buffer
	s := &server{log: testrig.Logger(&logs)}
	h := s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", "attachment")
		panic("boom")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/x", nil))
	testrig.MustStatus(t, rec, http.StatusInternalServerError)
	if got := testrig.MustErrorBody(t, rec); got.Code != "internal" || strings.Contains(got.Message, "boom") {
		t.Errorf("error = %+v", got)
	}
	if rec.Header().Get("Content-Disposition") != "" {
		t.Error("the error kept the download's headers")
	}
	if !strings.Contains(logs.String(), "boom") {
		t.Errorf("panic not logged: %q", logs.String())
	}
}
