package portal

import (
	"net/http"

	"github.com/county/emessage"
)

// logout ends the session and goes back to the sign-in page, which
// keeps speaking the customer's language.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request, p *view) error {
	if a, err := h.session(r); err == nil && emessage.ValidLanguage(a.Language) {
		h.setLangCookie(w, r, a.Language)
	}
	if err := h.site.EndSession(w, r, h.svc); err != nil {
		return err
	}
	http.Redirect(w, r, h.site.Login+"?signed_out=1", http.StatusSeeOther)
	return nil
}
