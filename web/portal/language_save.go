package web

import (
	"net/http"

	"github.com/county/emessage"
)

// portalLanguage is the language switch of a signed-in customer's pages:
// the language is saved to the account (the portal and the e-Notifications
// follow it, R8) and kept on this browser for the sign-in page. Before
// sign-in the switch is a link (?lang=).
func (s *server) portalLanguage(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
		return err
	}
	lang, next := r.PostForm.Get("lang"), portalSite.localPath(r.PostForm.Get("next"))
	if !emessage.ValidLanguage(lang) {
		return emessage.FieldError(emessage.EInvalid, "language", "Language must be en or es.")
	}
	if a, err := s.portalSession(r); err == nil {
		if _, err := s.svc.UpdateCustomerAccount(r.Context(), a, emessage.AccountSettings{Language: &lang}); err != nil {
			return err
		}
	}
	s.setLangCookie(w, r, lang)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
