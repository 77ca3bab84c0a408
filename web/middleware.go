package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// securityHeaders sets the headers every response carries. API responses
// (everything but the worker site and the portal, which set their own) also
// forbid any content and any caching.
// Served over HTTPS (https says the public address is), every response also
// tells browsers to use nothing else for a year (HSTS).
func securityHeaders(next http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if https || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if !isPagePath(r.URL.Path) {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// observe logs each request and counts it in the metrics, labelled by the
// route pattern the mux matched (never the raw path, to keep cardinality low
// and identifiers out of the labels). It logs neither headers nor bodies.
func (s *server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		// The mux sets r.Pattern on this very request once it has routed it.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, status, elapsed)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "http request",
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Duration("duration", elapsed),
			slog.Int64("bytes", sw.bytes),
		)
	})
}

// recoverPanics turns a handler's panic into a logged 500 answer.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic serving request",
				"method", r.Method, "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				return // the answer has begun; the client sees a cut response
			}
			h := w.Header()
			h.Del("Content-Disposition")
			h.Del("Content-Length")
			answer.WriteError(w, answer.Problem{Status: http.StatusInternalServerError, Code: emessage.EInternal, Message: answer.InternalMessage})
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	if code == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		// Every 503 (a busy database, /healthz) says when to come back.
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	w.ResponseWriter.WriteHeader(code)
}

// retryAfterSeconds is how long a client is asked to wait after a 503: a
// busy SQLite database has already been waited for its busy timeout.
const retryAfterSeconds = "5"

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
