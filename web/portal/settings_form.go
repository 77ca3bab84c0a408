package portal

import (
	"github.com/county/emessage"
	"github.com/county/emessage/web/page"
	"github.com/county/emessage/words"
)

// settingsFields are the fields of the Settings form, in order; their names are the API's.
var settingsFields = []string{"email", "password", "e_notification", "phone", "sms_notification", "language"}

// settingsPage is the data of the Settings page.
type settingsPage struct {
	Email, Password, ENotification, Phone, SMSNotification, Language page.Field
	// SMSStopped says the customer turned texts off by answering STOP.
	SMSStopped bool
}

// textSettings are the Settings form's texts part, as shown.
type textSettings struct {
	Phone   string
	On      bool
	Stopped bool
}

func newSettingsForm(p *view, email, notify, lang string, texts textSettings) *settingsPage {
	return &settingsPage{
		SMSStopped: texts.Stopped && !texts.On,
		Phone: page.Field{Name: "phone", Label: p.T("phone_label"), Hint: p.T("phone_hint"), Type: "tel", Value: texts.Phone,
			Autocomplete: "tel", Error: p.Errors.For("phone")},
		SMSNotification: page.Field{Name: "sms_notification", Label: p.T("sms_legend"), Hint: p.T("sms_hint"),
			Error:   p.Errors.For("sms_notification"),
			Options: []page.Option{{Value: "on", Label: p.T("sms_on"), Selected: texts.On}}},
		Email: page.Field{Name: "email", Label: p.T("email_label"), Hint: p.T("email_hint"), Type: "email", Value: email,
			Autocomplete: "email", Error: p.Errors.For("email")},
		// The password re-authenticates a change of email address made
		// a while after signing in; it is never shown again.
		Password: page.Field{Name: "password", Label: p.T("password"), Hint: p.T("password_hint"), Type: "password",
			Autocomplete: "current-password", Error: p.Errors.For("password")},
		ENotification: page.Field{Name: "e_notification", Label: p.T("enotify_legend"), Hint: p.T("enotify_hint"),
			Error:   p.Errors.For("e_notification"),
			Options: page.Options(notify, "on", p.T("enotify_on"), "off", p.T("enotify_off"))},
		Language: page.Field{Name: "language", Label: p.T("language_legend"), Hint: p.T("language_hint"),
			Error:   p.Errors.For("language"),
			Options: languageOptions(lang)},
	}
}

// languageOptions offers every language, each named in itself.
func languageOptions(chosen string) []page.Option {
	out := make([]page.Option, 0, len(emessage.Languages))
	for _, lang := range emessage.Languages {
		out = append(out, page.Option{Value: lang, Label: words.Name(lang), Selected: lang == chosen, LabelLang: lang})
	}
	return out
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
