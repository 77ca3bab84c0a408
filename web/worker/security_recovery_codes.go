package worker

import (
	"net/http"

	"github.com/county/emessage/web/answer"
)

// securityRecoveryCodes checks the password and makes new recovery codes.
func (h *Handler) securityRecoveryCodes(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	codes, err := h.svc.NewRecoveryCodes(r.Context(), p.Actor, r.PostForm.Get("password"))
	if err != nil {
		if h.passwordRefused(w, r, p, codesAction, err) {
			return nil
		}
		return err
	}
	h.renderCodes(w, r, p, "Your new recovery codes", codes)
	return nil
}
