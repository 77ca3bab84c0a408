package worker

import "net/http"

// logout ends the session and goes back to the sign-in page.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := h.site.EndSession(w, r, h.svc); err != nil {
		return err
	}
	http.Redirect(w, r, h.site.Login+"?signed_out=1", http.StatusSeeOther)
	return nil
}
