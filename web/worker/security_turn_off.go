package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// securityTurnOff checks the password and turns the app off.
func (h *Handler) securityTurnOff(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	if err := h.svc.DisableTOTP(r.Context(), p.Actor, r.PostForm.Get("password")); err != nil {
		if h.passwordRefused(w, r, p, offAction, err) {
			return nil
		}
		return err
	}
	http.Redirect(w, r, securityPath+"?done=off", http.StatusSeeOther)
	return nil
}
