package testrig

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
)

// Pages tested in process: requests sent the way a browser on the site
// itself sends them, and what every page must hold.

// Browse sends a request the way a browser on the site itself does: a
// posted form when form is not nil, the cookies given.
func Browse(h http.Handler, method, target string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	var body []byte
	header := map[string]string{}
	if form != nil {
		body = []byte(form.Encode())
		header["Content-Type"] = "application/x-www-form-urlencoded"
	}
	return BrowseWith(h, method, target, body, header, cookies...)
}

// BrowseWith is Browse with a body and headers of the test's own (a
// multipart form, a language, another site's origin).
func BrowseWith(h http.Handler, method, target string, body []byte, header map[string]string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		if c != nil {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// CookieNamed returns the cookie an answer sets under name, or nil.
func CookieNamed(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// MustSignIn signs username in with the password "pw" through the sign-in
// form at login and returns the session cookie it sets under cookie.
func MustSignIn(tb testing.TB, h http.Handler, login, cookie, username string) *http.Cookie {
	tb.Helper()
	rec := Browse(h, "POST", login, url.Values{"username": {username}, "password": {"pw"}})
	MustStatus(tb, rec, http.StatusSeeOther)
	if c := CookieNamed(rec, cookie); c != nil && c.Value != "" {
		return c
	}
	tb.Fatalf("no session cookie: %v", rec.Header()["Set-Cookie"])
	return nil
}

// InlineCode finds what the pages' content security policy forbids: inline
// scripts, style attributes and elements, event handler attributes.
var InlineCode = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<script>|\sstyle=|\son[a-z]+=|<style`)
