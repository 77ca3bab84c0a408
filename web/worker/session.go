package worker

import (
	"net/http"

	"github.com/county/emessage"
)

// startSession gives the browser the session of a finished sign-in,
// ending the one it held, and goes on to the page asked for; a worker who
// must set up an authenticator app first goes to that page instead.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, res emessage.SignInResult, next string) {
	if old := h.site.SessionToken(r); old != "" {
		if err := h.svc.Logout(r.Context(), old); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			h.log.WarnContext(r.Context(), "could not end the previous session", "err", err)
		}
	}
	h.site.SetSession(w, r, res.Token)
	target := h.site.LocalPath(next)
	if h.svc.CheckMFAEnrolment(res.Actor) != nil {
		target = securityPath
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// session returns the worker of the request's session cookie. A session of
// a customer is no session here.
func (h *Handler) session(r *http.Request) (emessage.Actor, error) {
	a, err := h.svc.Authenticate(r.Context(), h.site.SessionToken(r))
	if err != nil {
		return a, err
	}
	if !a.IsWorker() {
		return emessage.Actor{}, emessage.Errorf(emessage.EUnauthorized, "Please sign in as a county worker.")
	}
	return a, nil
}
