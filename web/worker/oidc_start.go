package worker

import (
	"net/http"
)

// ssoStart sends the browser to the county's identity provider, keeping
// the attempt in its cookie; the page asked for before signing in (next)
// comes back with it.
func (h *Handler) ssoStart(w http.ResponseWriter, r *http.Request, p *view) error {
	authURL, a, err := h.svc.BeginSSO(r.Context())
	if err != nil {
		return err
	}
	h.setSSOAttempt(w, r, ssoAttempt{SSOAttempt: a, Next: h.site.LocalPath(r.URL.Query().Get("next"))})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
	return nil
}
