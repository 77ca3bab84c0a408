package web

import (
	"net/http"

	"github.com/county/emessage"
)

// settingsFields are the fields of the Settings form, in order; their names are the API's.
var settingsFields = []string{"email", "password", "e_notification", "language"}

// settingsPage is the data of the Settings page.
type settingsPage struct {
	Email, Password, ENotification, Language formField
}

// portalSettingsForm shows the customer's email, e-Notification and
// language. A new email address needs the password when the sign-in is
// more than a few minutes old (the service decides).
func (s *server) portalSettingsForm(w http.ResponseWriter, r *http.Request, p *page) error {
	acct, err := s.svc.CustomerAccount(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "saved" {
		p.Notice = p.T("settings_saved")
	}
	p.Title = p.T("settings_title")
	p.Data = settingsForm(p, acct.Email, onOff(acct.ENotification), acct.Language)
	s.render(w, r, http.StatusOK, "portal_settings", p)
	return nil
}

// portalSettings saves the settings. A new language takes effect at once:
// the page after saving speaks it.
func (s *server) portalSettings(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := parsePageForm(w, r); err != nil {
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
	_, err := s.svc.UpdateCustomerAccount(r.Context(), p.Actor, in)
	if err == nil {
		http.Redirect(w, r, "/portal/settings?done=saved", http.StatusSeeOther)
		return nil
	}
	if !formRefusal(err) {
		return err
	}
	p.Errors = portalErrors(p.Lang, err, typed{Email: email, Password: password}, settingsFields)
	p.Title = p.T("settings_title")
	p.Data = settingsForm(p, email, notify, lang)
	s.render(w, r, httpStatus(emessage.ErrorCode(err)), "portal_settings", p)
	return nil
}

func settingsForm(p *page, email, notify, lang string) *settingsPage {
	return &settingsPage{
		Email: formField{Name: "email", Label: p.T("email_label"), Hint: p.T("email_hint"), Type: "email", Value: email,
			Autocomplete: "email", Error: p.Errors.For("email")},
		// The password re-authenticates a change of email address made
		// a while after signing in; it is never shown again.
		Password: formField{Name: "password", Label: p.T("password"), Hint: p.T("password_hint"), Type: "password",
			Autocomplete: "current-password", Error: p.Errors.For("password")},
		ENotification: formField{Name: "e_notification", Label: p.T("enotify_legend"), Hint: p.T("enotify_hint"),
			Error:   p.Errors.For("e_notification"),
			Options: options(notify, "on", p.T("enotify_on"), "off", p.T("enotify_off"))},
		Language: formField{Name: "language", Label: p.T("language_legend"), Hint: p.T("language_hint"),
			Error:   p.Errors.For("language"),
			Options: options(lang, "en", translate("en", "language_name"), "es", translate("es", "language_name"))},
	}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
