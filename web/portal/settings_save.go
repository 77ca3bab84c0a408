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
	// The page always shows the phone and the texts box: a box left
	// unchecked is texts off. A phone is read as people write it.
	typedPhone, texts := r.PostForm.Get("phone"), r.PostForm.Get("sms_notification") == "on"
	phone := h.svc.ReadPhone(typedPhone)
	in := emessage.AccountSettings{Email: &email, Phone: &phone, SMSNotification: &texts}
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
	p.Errors = portalErrors(p.Lang, err, typed{Email: email, Password: password, Phone: typedPhone}, settingsFields)
	p.Title = p.T("settings_title")
	stopped := false
	if acct, err := h.svc.CustomerAccount(r.Context(), p.Actor); err == nil {
		stopped = acct.SMSStopped
	}
	p.Data = newSettingsForm(p, email, notify, lang, textSettings{Phone: typedPhone, On: texts, Stopped: stopped})
	h.render(w, r, h.refused(r, err), "settings", p)
	return nil
}
