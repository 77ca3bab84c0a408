package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/county/emessage"
)

// newTestHandler returns the whole handler over a service with no store:
// enough for everything that is refused before the service reads anything.
func newTestHandler(cfg Config) http.Handler {
	if cfg.Service == nil {
		cfg.Service = emessage.NewService(nil, nil, nil)
	}
	return NewHandler(cfg)
}

// newTestServer returns a bare server for testing its parts, logging into logs.
func newTestServer(logs io.Writer) *server {
	if logs == nil {
		logs = io.Discard
	}
	return &server{
		svc: emessage.NewService(nil, nil, nil),
		log: slog.New(slog.NewTextHandler(logs, nil)),
	}
}

// do sends a request to h and records the answer.
func do(h http.Handler, method, target string, body []byte, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// MustErrorBody reads the error shape of a recorded answer.
func MustErrorBody(tb testing.TB, rec *httptest.ResponseRecorder) errorDetailJSON {
	tb.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		tb.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var body errorJSON
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

func slogText(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
