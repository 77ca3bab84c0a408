package page

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/county/emessage"
)

// Browser sessions. A sign-in through a page gets the same kind of token as
// the API's login (the service keeps only its hash, in the database); the
// browser keeps it in a cookie that scripts cannot read (HttpOnly), that
// other sites' requests do not carry (SameSite=Lax, and the cross-origin
// protection refuses their state changes anyway), and that travels over
// HTTPS only when the service is served over HTTPS.

// Site is one of the two web front ends as the browser knows it: the
// address its pages live under, its session cookie and its sign-in page.
type Site struct {
	Prefix string // "/worker": every page of the site is under it
	Cookie string
	Login  string
	// HTTPS says the service's public address is https: cookies are then
	// Secure on every request, not only those that came over TLS.
	HTTPS bool
}

// Home is the site's home page.
func (st Site) Home() string { return st.Prefix + "/" }

// Holds reports whether an address belongs to the site.
func (st Site) Holds(path string) bool {
	return path == st.Prefix || strings.HasPrefix(path, st.Prefix+"/")
}

// SessionToken returns the token of the site's cookie, or "".
func (st Site) SessionToken(r *http.Request) string {
	c, err := r.Cookie(st.Cookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// SecureCookies reports whether cookies must be Secure: the service is
// public over HTTPS, or this request came over TLS.
func (st Site) SecureCookies(r *http.Request) bool { return st.HTTPS || r.TLS != nil }

// SetSession gives the browser a new session cookie. It lives as long as
// the browser session; the service ends the session itself after its lifetime.
func (st Site) SetSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: st.Cookie, Value: token, Path: st.Prefix,
		HttpOnly: true, Secure: st.SecureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// ClearSession tells the browser to forget the session cookie.
func (st Site) ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: st.Cookie, Value: "", Path: st.Prefix, MaxAge: -1,
		HttpOnly: true, Secure: st.SecureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// EndSession ends the session of the request's cookie, if any, in the
// service and in the browser.
func (st Site) EndSession(w http.ResponseWriter, r *http.Request, svc *emessage.Service) error {
	if token := st.SessionToken(r); token != "" {
		if err := svc.Logout(r.Context(), token); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			return err
		}
	}
	st.ClearSession(w, r)
	return nil
}

// LocalPath returns next when it is an address of the site itself (a path
// under its prefix, with no scheme, host or tricks), else the site's home.
// Sign-in pages use it for their return path, so that a link cannot send a
// person to another web site after signing in.
func (st Site) LocalPath(next string) string {
	if next == "" || len(next) > 2000 || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "//") {
		return st.Home()
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return st.Home()
	}
	clean := u.EscapedPath()
	if clean != st.Prefix && !strings.HasPrefix(clean, st.Prefix+"/") || strings.Contains(clean, "/../") ||
		strings.HasSuffix(clean, "/..") || clean == st.Login {
		return st.Home()
	}
	if u.RawQuery != "" {
		clean += "?" + u.RawQuery
	}
	return clean
}

// LoginRedirect sends an unauthenticated browser to the sign-in page, with
// the address it asked for (GET only) to come back to.
func (st Site) LoginRedirect(w http.ResponseWriter, r *http.Request) {
	SetHeaders(w.Header())
	target := st.Login
	if r.Method == http.MethodGet && r.URL.Path != st.Home() {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
