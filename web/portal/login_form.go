package portal

import (
	"github.com/county/emessage/web/page"
)

// portalLoginPage is the data of the portal's sign-in page.
type portalLoginPage struct {
	Username, Password page.Field
	Next               string
	// Languages offers the page in every language, each named in itself.
	Languages []langChoice
}

func newPortalLoginPage(p *view, username, next string) *portalLoginPage {
	return &portalLoginPage{
		Username: page.Field{Name: "username", Label: p.T("username"), Value: username, Autocomplete: "username",
			Error: p.Errors.For("username"), Required: true},
		Password: page.Field{Name: "password", Label: p.T("password"), Type: "password", Autocomplete: "current-password",
			Error: p.Errors.For("password"), Required: true},
		Next: next, Languages: langChoices(p.Lang, next),
	}
}
