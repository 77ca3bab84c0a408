package testrig

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Handler tests: requests sent to an http.Handler in process, and what the
// answers must hold. They are shared by the web layer's packages.

// Do sends a request to h and records the answer.
func Do(h http.Handler, method, target string, body []byte, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// MustErrorBody reads the error shape of a recorded answer: JSON, nothing
// but the shape, a code and a message.
func MustErrorBody(tb testing.TB, rec *httptest.ResponseRecorder) APIError {
	tb.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		tb.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var body struct {
		Error APIError `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		tb.Fatalf("body %q is not the error shape: %v", rec.Body.String(), err)
	}
	if body.Error.Code == "" || body.Error.Message == "" {
		tb.Fatalf("body %q lacks code or message", rec.Body.String())
	}
	return body.Error
}

// MustStatus fails unless the recorded status is want.
func MustStatus(tb testing.TB, rec *httptest.ResponseRecorder, want int) {
	tb.Helper()
	if rec.Code != want {
		tb.Fatalf("status = %d, want %d; body %s", rec.Code, want, rec.Body.String())
	}
}

// Logger is a text logger writing into w (io.Discard when nil), for tests
// that read what was logged.
func Logger(w io.Writer) *slog.Logger {
	if w == nil {
		w = io.Discard
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
