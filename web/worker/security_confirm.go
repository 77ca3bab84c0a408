package worker

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
	"github.com/county/emessage/web/page"
)

// securityConfirm takes the app's first code, and shows the recovery
// codes once.
func (h *Handler) securityConfirm(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	codes, err := h.svc.ConfirmTOTPSetup(r.Context(), p.Actor, r.PostForm.Get("otp"))
	if err == nil {
		h.renderCodes(w, r, p, "Your authenticator app is set up", codes)
		return nil
	}
	if emessage.ErrorCode(err) == emessage.EInvalid {
		setup, perr := h.svc.PendingTOTPSetup(r.Context(), p.Actor)
		if perr == nil {
			p.Errors = page.ErrorsFrom(err, []string{"otp"}, nil)
			h.renderSetup(w, r, p, setup, h.refused(r, err))
			return nil
		}
		err = perr
	}
	if emessage.ErrorCode(err) == emessage.EConflict { // the set-up ended: start again
		p.Errors = &page.Errors{General: []string{emessage.ErrorMessage(err)}}
		return h.renderSecurity(w, r, p, http.StatusConflict)
	}
	return err
}
