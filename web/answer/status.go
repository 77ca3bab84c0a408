package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/county/emessage"
)

// codeMethodNotAllowed is the web layer's own code for a known address asked
// with the wrong method.
const codeMethodNotAllowed = "method_not_allowed"

// errorStatus is the one table from error code to HTTP status (SPEC section 8).
// A code not in it is a 500.
var errorStatus = map[string]int{
	emessage.EMalformed:          http.StatusBadRequest,
	emessage.EUnauthorized:       http.StatusUnauthorized,
	emessage.EInvalidCredentials: http.StatusUnauthorized,
	emessage.EMFARequired:        http.StatusUnauthorized,
	emessage.EForbidden:          http.StatusForbidden,
	emessage.ETwoWayDisabled:     http.StatusForbidden,
	emessage.EReauth:             http.StatusForbidden,
	emessage.EMFAEnrolment:       http.StatusForbidden,
	emessage.ENotFound:           http.StatusNotFound,
	codeMethodNotAllowed:         http.StatusMethodNotAllowed,
	emessage.EInvalidTransition:  http.StatusConflict,
	emessage.EConflict:           http.StatusConflict,
	emessage.ETooLarge:           http.StatusRequestEntityTooLarge,
	emessage.EUnsupportedType:    http.StatusUnsupportedMediaType,
	emessage.EInvalid:            http.StatusUnprocessableEntity,
	emessage.ENoSSPAccount:       http.StatusUnprocessableEntity,
	emessage.ECaseDiscontinued:   http.StatusUnprocessableEntity,
	emessage.ENotSendable:        http.StatusUnprocessableEntity,
	emessage.ETooManyFiles:       http.StatusUnprocessableEntity,
	emessage.ETooManyRequests:    http.StatusTooManyRequests,
	emessage.EInternal:           http.StatusInternalServerError,
}

// httpStatus returns the HTTP status of an error code.
func httpStatus(code string) int {
	if st, ok := errorStatus[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// internalMessage is the sentence a person sees for a failure of ours.
var internalMessage = emessage.ErrorMessage(errors.New("internal"))

// errorJSON is the error shape of SPEC section 8.
type errorJSON struct {
	Error errorDetailJSON `json:"error"`
}

type errorDetailJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// writeError answers with err's code, status and sentence. The cause of a
// 500 is logged and never shown: the person gets the safe sentence.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := emessage.ErrorCode(err)
	status := httpStatus(code)
	msg, field := emessage.ErrorMessage(err), emessage.ErrorField(err)
	if status >= 500 {
		level := s.log.ErrorContext
		if errors.Is(err, context.Canceled) {
			level = s.log.InfoContext // the client went away
		}
		level(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "code", code, "err", err)
		code, msg, field = emessage.EInternal, internalMessage, ""
	}
	if code == emessage.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="emessage"`)
	}
	s.logRefusal(r, actorFrom(r.Context()), code, status)
	writeErrorJSON(w, status, code, msg, field)
}

// logRefusal writes a security event for a refused request: who (when known),
// what, where from. slog quotes every value, so nothing a client sends can
// forge a log line.
func (s *server) logRefusal(r *http.Request, a emessage.Actor, code string, status int) {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests:
	default:
		return
	}
	if r.Pattern == "" {
		return // an address no route knows: not a refusal of access
	}
	s.log.WarnContext(r.Context(), "access refused", "event", "security", "code", code, "status", status,
		"method", r.Method, "route", r.Pattern, "actor", a.Username, "role", string(a.Role),
		"client", emessage.ClientAddr(r.Context()))
}

// writeErrorJSON writes the error shape.
func writeErrorJSON(w http.ResponseWriter, status int, code, message, field string) {
	writeJSON(w, status, errorJSON{Error: errorDetailJSON{Code: code, Message: message, Field: field}})
}
