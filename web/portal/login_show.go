package portal

import "net/http"

// loginShow shows the sign-in page; a signed-in customer goes on.
func (h *Handler) loginShow(w http.ResponseWriter, r *http.Request, p *view) error {
	next := h.site.LocalPath(r.URL.Query().Get("next"))
	if _, err := h.session(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p.Title = p.T("login_title")
	if r.URL.Query().Get("signed_out") != "" {
		p.Notice = p.T("signed_out")
	}
	p.Data = newPortalLoginPage(p, "", r.URL.Query().Get("next"))
	h.render(w, r, http.StatusOK, "login", p)
	return nil
}
