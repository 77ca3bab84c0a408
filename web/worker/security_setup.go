package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// securitySetup checks the password and shows a new secret to set up.
func (h *Handler) securitySetup(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	setup, err := h.svc.BeginTOTPSetup(r.Context(), p.Actor, r.PostForm.Get("password"))
	if err != nil {
		if h.passwordRefused(w, r, p, setupAction, err) {
			return nil
		}
		return err
	}
	h.renderSetup(w, r, p, setup, http.StatusOK)
	return nil
}
