package worker

import (
	"net/url"

	"github.com/county/emessage/web/page"
)

// loginPage is the data of the sign-in page.
type loginPage struct {
	Username, Password page.Field
	Next               string
	// SSO offers Sign in with your county account; PasswordForm the
	// username and password (not when workers sign in with their county
	// account only).
	SSO, PasswordForm bool
}

func (h *Handler) newLoginPage(username, next string, errs *page.Errors) *loginPage {
	return &loginPage{
		Username: page.Field{Name: "username", Label: "Username", Value: username, Autocomplete: "username",
			Error: errs.For("username"), Required: true},
		Password: page.Field{Name: "password", Label: "Password", Type: "password", Autocomplete: "current-password",
			Error: errs.For("password"), Required: true},
		Next:         next,
		SSO:          h.svc.SSOEnabled(),
		PasswordForm: h.svc.WorkerPasswordLogin,
	}
}

// SSOStart is the address of Sign in with your county account, coming
// back to Next afterwards.
func (p *loginPage) SSOStart() string {
	if p.Next == "" {
		return ssoStartPath
	}
	return ssoStartPath + "?next=" + url.QueryEscape(p.Next)
}
