package portal

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// settingsSave saves the settings. A new language takes effect at once:
// the page after saving speaks it.
func (h *Handler) settingsSave(w http.ResponseWriter, r *http.Request, p *view) error {
	if err := answer.ParseForm(w, r); err != nil {
		return err
	}
	email, notify, lang := r.PostForm.Get("email"), r.PostForm.Get("e_notification"), r.PostForm.Get("language")
	password := r.PostForm.Get("password")
	in := emessage.AccountSettings{Email: &email}
	if password != "" {
		in.Password = &password
	}
	if notify == "on" || notify == "off" {
		on := notify == "on"
		in.ENotification = &on
	}
	if lang != "" {
		in.Language = &lang
	}
	_, err := h.svc.UpdateCustomerAccount(r.Context(), p.Actor, in)
	if err == nil {
		http.Redirect(w, r, "/portal/settings?done=saved", http.StatusSeeOther)
		return nil
	}
	if !formRefusal(err) {
		return err
	}
	p.Errors = portalErrors(p.Lang, err, typed{Email: email, Password: password}, settingsFields)
	p.Title = p.T("settings_title")
	p.Data = newSettingsForm(p, email, notify, lang)
	h.render(w, r, h.refused(r, err), "settings", p)
	return nil
}
