// Package api serves the JSON API of SPEC section 8 under /api/v1: it reads
// the request, calls the emessage.Service and writes the answer; every rule
// lives in the service.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// Handler serves the JSON API.
type Handler struct {
	svc  *emessage.Service
	log  *slog.Logger
	opts Options
}

// Options are what some routes need besides the service.
type Options struct {
	// BaseURL is the service's public address (no trailing slash): the
	// SMS provider signs the address it posts to under it.
	BaseURL string
	// ValidTextSignature checks the SMS provider's signature of an inbound
	// text (package sms); nil when texts are off, and then
	// /api/v1/sms/inbound is not found.
	ValidTextSignature TextSignatureFunc
}

// New returns the JSON API over svc.
func New(svc *emessage.Service, log *slog.Logger, opts Options) *Handler {
	return &Handler{svc: svc, log: log, opts: opts}
}

// handlerFunc is a JSON API handler: it writes its answer, or returns an
// error that is answered in the error shape. A handler that has begun its
// answer returns nil and logs what went wrong.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public adapts a handlerFunc that needs no sign-in to an http.Handler.
func (h *Handler) public(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			answer.Error(h.log, w, r, err)
		}
	})
}

// authed serves signed-in callers: the bearer token is checked by the
// service and the actor put in the request context. Which actor may do what
// is the service's business. A worker who must set up an authenticator app
// first (serve --require-worker-mfa) is refused everything but sign-out,
// even with a token of the worker site's session.
func (h *Handler) authed(fn handlerFunc) http.Handler {
	return h.bearer(fn, h.svc.Authenticate, h.svc.CheckMFAEnrolment)
}

// authedAnyone is authed without the enrolment check: sign-out.
func (h *Handler) authedAnyone(fn handlerFunc) http.Handler {
	return h.bearer(fn, h.svc.Authenticate, nil)
}

// bearer serves fn to the actor authenticate finds for the request's bearer
// token, when check (if any) lets them through.
func (h *Handler) bearer(fn handlerFunc, authenticate func(context.Context, string) (emessage.Actor, error),
	check func(emessage.Actor) error) http.Handler {
	return h.public(func(w http.ResponseWriter, r *http.Request) error {
		actor, err := authenticate(r.Context(), bearerToken(r))
		if err == nil && check != nil {
			err = check(actor)
		}
		if err != nil {
			return err
		}
		return fn(w, r.WithContext(answer.WithActor(r.Context(), actor)))
	})
}

// system serves the county systems' routes (SPEC 15): the bearer token
// must be a live system token; a session's token is refused here, as a
// system token is everywhere else.
func (h *Handler) system(fn handlerFunc) http.Handler {
	return h.bearer(fn, h.svc.AuthenticateSystem, nil)
}

// authedOrSystem serves a route that a county system may read as well as
// a signed-in person: a system token (ems_...) is checked as one, any
// other token as a session's.
func (h *Handler) authedOrSystem(fn handlerFunc) http.Handler {
	person, system := h.authed(fn), h.system(fn)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(bearerToken(r), emessage.SystemTokenPrefix) {
			system.ServeHTTP(w, r)
			return
		}
		person.ServeHTTP(w, r)
	})
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header, or "".
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// actor is the signed-in caller of a request that authed let through.
func actor(r *http.Request) emessage.Actor { return answer.ActorFrom(r.Context()) }
