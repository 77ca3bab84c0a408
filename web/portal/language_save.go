package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// languageSave is the language switch of a signed-in customer's pages:
// the language is saved to the account (the portal and the e-Notifications
// follow it, R8) and kept on this browser for the sign-in page. Before
// sign-in the switch is a link (?lang=).
func (h *Handler) languageSave(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	lang, next := r.PostForm.Get("lang"), h.site.LocalPath(r.PostForm.Get("next"))
	if !emessage.ValidLanguage(lang) {
		return emessage.FieldError(emessage.EInvalid, "language", "Choose one of the languages of the list.")
	}
	if a, err := h.session(r); err == nil {
		if _, err := h.svc.UpdateCustomerAccount(r.Context(), a, emessage.AccountSettings{Language: &lang}); err != nil {
			return err
		}
	}
	h.setLangCookie(w, r, lang)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
