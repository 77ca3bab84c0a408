package answer

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/county/emessage"
)

// Problem is what a person may see of a failed request.
type Problem struct {
	Status               int
	Code, Message, Field string
}

// Fail logs a failed request once and returns what the person may see.
// A failure of ours (5xx) is logged with its cause, and the person gets
// the safe sentence; a refusal of access (401, 403, 404, 429 on a known
// route) is logged as a security event with who asked, what and from where.
// Every front end answers its failures through Fail: the API as JSON, the
// sites as pages.
func Fail(log *slog.Logger, r *http.Request, err error) Problem {
	code := emessage.ErrorCode(err)
	p := Problem{Status: Status(code), Code: code, Message: emessage.ErrorMessage(err), Field: emessage.ErrorField(err)}
	if p.Status >= 500 {
		level := log.ErrorContext
		if errors.Is(err, context.Canceled) {
			level = log.InfoContext // the client went away
		}
		level(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "code", code, "err", err)
		if code != emessage.EUnavailable { // "busy, try again" is safe to say, and true
			p.Code, p.Message, p.Field = emessage.EInternal, InternalMessage, ""
		}
		return p
	}
	logRefusal(log, r, code, p.Status)
	return p
}

// logRefusal writes a security event for a refused request: who (when known),
// what, where from. slog quotes every value, so nothing a client sends can
// forge a log line.
func logRefusal(log *slog.Logger, r *http.Request, code string, status int) {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests:
	default:
		return
	}
	if r.Pattern == "" {
		return // an address no route knows: not a refusal of access
	}
	a := ActorFrom(r.Context())
	log.WarnContext(r.Context(), "access refused", "event", "security", "code", code, "status", status,
		"method", r.Method, "route", r.Pattern, "actor", a.Username, "role", string(a.Role),
		"client", emessage.ClientAddr(r.Context()))
}

// Error answers a failed request in the error shape of SPEC section 8,
// through Fail.
func Error(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	p := Fail(log, r, err)
	if p.Code == emessage.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="emessage"`)
	}
	WriteError(w, p)
}

// errorJSON is the error shape of SPEC section 8.
type errorJSON struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of the error shape.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// WriteError writes a problem in the error shape.
func WriteError(w http.ResponseWriter, p Problem) {
	WriteJSON(w, p.Status, errorJSON{Error: ErrorDetail{Code: p.Code, Message: p.Message, Field: p.Field}})
}
