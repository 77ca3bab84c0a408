package web

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

// site is one of the two web front ends: its cookie and its sign-in page.
type site struct {
	prefix string // "/worker": every page of the site is under it
	cookie string
	login  string
}

var (
	workerSite = site{prefix: "/worker", cookie: "emessage_worker", login: "/worker/login"}
	portalSite = site{prefix: "/portal", cookie: "emessage_portal", login: "/portal/login"}
)

// siteOf returns the site an address belongs to.
func siteOf(path string) site {
	if underPrefix(path, portalSite.prefix) {
		return portalSite
	}
	return workerSite
}

// home is the site's home page.
func (st site) home() string { return st.prefix + "/" }

// sessionToken returns the token of the site's cookie, or "".
func (st site) sessionToken(r *http.Request) string {
	c, err := r.Cookie(st.cookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// secureCookies reports whether cookies must be Secure: the service is
// public over HTTPS, or this request came over TLS.
func (s *server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(strings.ToLower(s.baseURL), "https://")
}

// setSession gives the browser a new session cookie. It lives as long as
// the browser session; the service ends the session itself after its lifetime.
func (s *server) setSession(w http.ResponseWriter, r *http.Request, st site, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: st.cookie, Value: token, Path: st.prefix,
		HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// clearSession tells the browser to forget the session cookie.
func (s *server) clearSession(w http.ResponseWriter, r *http.Request, st site) {
	http.SetCookie(w, &http.Cookie{
		Name: st.cookie, Value: "", Path: st.prefix, MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// endSession ends the session of the request's cookie, if any, in the
// service and in the browser.
func (s *server) endSession(w http.ResponseWriter, r *http.Request, st site) error {
	if token := st.sessionToken(r); token != "" {
		if err := s.svc.Logout(r.Context(), token); err != nil && emessage.ErrorCode(err) != emessage.ENotFound {
			return err
		}
	}
	s.clearSession(w, r, st)
	return nil
}

// localPath returns next when it is an address of the site itself (a path
// under its prefix, with no scheme, host or tricks), else the site's home.
// Sign-in pages use it for their return path, so that a link cannot send a
// worker to another web site after signing in.
func (st site) localPath(next string) string {
	if next == "" || len(next) > 2000 || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "//") {
		return st.home()
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return st.home()
	}
	clean := u.EscapedPath()
	if clean != st.prefix && !strings.HasPrefix(clean, st.prefix+"/") || strings.Contains(clean, "/../") ||
		strings.HasSuffix(clean, "/..") || clean == st.login {
		return st.home()
	}
	if u.RawQuery != "" {
		clean += "?" + u.RawQuery
	}
	return clean
}

// loginRedirect sends an unauthenticated browser to the sign-in page, with
// the address it asked for (GET only) to come back to.
func (s *server) loginRedirect(w http.ResponseWriter, r *http.Request, st site) {
	setPageHeaders(w.Header())
	target := st.login
	if r.Method == http.MethodGet && r.URL.Path != st.home() {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
