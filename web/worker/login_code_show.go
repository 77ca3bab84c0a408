package worker

import "net/http"

// loginCodeShow asks for the code; without a half-done sign-in, the
// browser goes back to the first step.
func (h *Handler) loginCodeShow(w http.ResponseWriter, r *http.Request, p *view) error {
	next := r.URL.Query().Get("next")
	if pendingSignIn(r) == "" {
		h.loginAgain(w, r, next)
		return nil
	}
	p.Title = "Authentication code"
	p.Data = newLoginCodePage(next, nil)
	h.render(w, r, http.StatusOK, "login_code", p)
	return nil
}
