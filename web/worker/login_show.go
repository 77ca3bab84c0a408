package worker

import "net/http"

// loginShow shows the sign-in page; a signed-in worker goes on.
func (h *Handler) loginShow(w http.ResponseWriter, r *http.Request, p *view) error {
	next := h.site.LocalPath(r.URL.Query().Get("next"))
	if a, err := h.session(r); err == nil && a.IsWorker() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p.Title = "Sign in"
	if r.URL.Query().Get("signed_out") != "" {
		p.Notice = "You have signed out."
	}
	p.Data = h.newLoginPage("", r.URL.Query().Get("next"), nil)
	h.render(w, r, http.StatusOK, "login", p)
	return nil
}
