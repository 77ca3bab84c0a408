package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/county/emessage"
)

// apiFunc is a JSON API handler: it writes its answer, or returns an error
// that api writes in the error shape. A handler that has begun its answer
// returns nil and logs what went wrong.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// api adapts an apiFunc to an http.Handler.
func (s *server) api(fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// authed is api for signed-in callers: the bearer token is checked by the
// service and the actor put in the request context. Which actor may do what
// is the service's business. A worker who must set up an authenticator app
// first (serve --require-worker-mfa) is refused everything but sign-out,
// even with a token of the worker site's session.
func (s *server) authed(fn apiFunc) http.Handler { return s.bearer(fn, s.svc.CheckMFAEnrolment) }

// authedAnyone is authed without the enrolment check: sign-out.
func (s *server) authedAnyone(fn apiFunc) http.Handler { return s.bearer(fn, nil) }

func (s *server) bearer(fn apiFunc, check func(emessage.Actor) error) http.Handler {
	return s.api(func(w http.ResponseWriter, r *http.Request) error {
		actor, err := s.svc.Authenticate(r.Context(), bearerToken(r))
		if err == nil && check != nil {
			err = check(actor)
		}
		if err != nil {
			return err
		}
		return fn(w, r.WithContext(withActor(r.Context(), actor)))
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

type actorKey struct{}

// withActor returns ctx carrying the signed-in actor.
func withActor(ctx context.Context, a emessage.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// actorFrom returns the signed-in actor of a request (the zero Actor when none,
// whom the service refuses everything).
func actorFrom(ctx context.Context) emessage.Actor {
	a, _ := ctx.Value(actorKey{}).(emessage.Actor)
	return a
}
