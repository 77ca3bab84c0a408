package worker

import (
	"github.com/county/emessage/web/page"
)

// loginPage is the data of the sign-in page.
type loginPage struct {
	Username, Password page.Field
	Next               string
}

func newLoginPage(username, next string, errs *page.Errors) *loginPage {
	return &loginPage{
		Username: page.Field{Name: "username", Label: "Username", Value: username, Autocomplete: "username",
			Error: errs.For("username"), Required: true},
		Password: page.Field{Name: "password", Label: "Password", Type: "password", Autocomplete: "current-password",
			Error: errs.For("password"), Required: true},
		Next: next,
	}
}
