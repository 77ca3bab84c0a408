// Package page is what the worker site and the customer portal share to
// draw their pages: the frame every page template gets, the templates and
// their helpers, the assets, forms and their errors, the pager, words and
// dates in the customer's language, the session cookies, and the
// customer's view of a message (the portal's message page, and the
// worker's View of it).
package page

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// CSP is the content security policy of every page: our own scripts,
// styles, fonts and images only; no inline script or style anywhere.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Frame is what every page template gets, whichever site: the title, who
// is signed in, the message at the top, the form's errors, and the page's
// own data in Data. Each site embeds it in its own view with what its
// layout adds (the worker's county, the portal's menu).
type Frame struct {
	Title string
	// Lang is the language of the page: the customer's on the portal;
	// "" on the worker site, which is in English.
	Lang string
	// Section marks where the page sits in its site's navigation.
	Section string
	Actor   emessage.Actor
	Notice  string // a success message at the top
	Errors  *Errors
	Data    any
}

// T returns the words of key in the page's language, with the named
// values of args in their places (see words.T).
func (f *Frame) T(key string, args ...any) string { return words.T(f.Lang, key, args...) }

// Dir is the writing direction of the page: "rtl" for Arabic and Farsi.
func (f *Frame) Dir() string { return words.Dir(f.HTMLLang()) }

// HTMLLang is the lang attribute of the page's <html> element.
func (f *Frame) HTMLLang() string {
	if f.Lang == "" {
		return "en"
	}
	return f.Lang
}

// SiteName ends the page's title.
func (f *Frame) SiteName() string {
	if f.Lang == "" {
		return "e-Messages"
	}
	return f.T("portal_name")
}

// SetHeaders sets the headers of every HTML page: its content security
// policy, and no caching, since pages hold personal data.
func SetHeaders(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
}

// ErrorPage is the data of a site's error page: the status, a heading and
// the sentence that explains it.
type ErrorPage struct {
	Status  int
	Heading string
	Message string
}
