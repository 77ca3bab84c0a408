package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// registerPortalRoutes lists the customer portal of SPEC section 6.
func (s *server) registerPortalRoutes() {
	m := s.mux
	m.Handle("GET /portal/login", s.portalPublic(s.portalLoginForm))
	m.Handle("POST /portal/login", s.portalPublic(s.portalLogin))
	m.Handle("POST /portal/logout", s.portalPublic(s.portalLogout))
	m.Handle("POST /portal/language", s.portalPublic(s.portalLanguage))
	m.Handle("GET /portal", http.RedirectHandler("/portal/", http.StatusMovedPermanently))

	m.Handle("GET /portal/{$}", s.portalPage("inbox", s.portalInbox))
	m.Handle("GET /portal/messages/new", s.portalPage("new", s.portalMessageNewForm))
	m.Handle("POST /portal/messages/new", s.portalPage("new", s.portalMessageNew))
	m.Handle("GET /portal/messages/{id}", s.portalPage("inbox", s.portalMessageGet))
	m.Handle("POST /portal/messages/{id}/reply", s.portalPage("inbox", s.portalMessageReply))
	m.Handle("POST /portal/messages/{id}/uploads", s.portalPage("inbox", s.portalUpload))
	m.Handle("GET /portal/messages/{id}/document", s.portalPage("inbox", s.portalDocument))
	m.Handle("GET /portal/settings", s.portalPage("settings", s.portalSettingsForm))
	m.Handle("POST /portal/settings", s.portalPage("settings", s.portalSettings))
}

// portalFrame is what the portal's layout shows around every page: the
// menu (New message only for a customer who may write to the county) and
// the language switch.
type portalFrame struct {
	Cases  []emessage.CustomerCase
	Switch langSwitch
}

// CanWrite reports whether the customer has a case to write to the county about.
func (f *portalFrame) CanWrite() bool { return len(f.writable()) > 0 }

// writable lists the cases the customer may write about (R3, R4).
func (f *portalFrame) writable() []emessage.CustomerCase {
	var out []emessage.CustomerCase
	for _, c := range f.Cases {
		if c.Writable {
			out = append(out, c)
		}
	}
	return out
}

// countyName returns the name of a county of the customer's cases.
func (f *portalFrame) countyName(code string) string {
	for _, c := range f.Cases {
		if c.County.Code == code {
			return c.County.Name
		}
	}
	return code
}

// langSwitch offers the page in the other language: a link before sign-in
// (?lang=, kept in a cookie), a form after it (saved to the account).
type langSwitch struct {
	Lang, Label string // the other language, named in itself
	URL         string // signed out: this page in the other language
	Next        string // signed in: where the form comes back to
}

// portalPublic serves a portal page that needs no sign-in.
func (s *server) portalPublic(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := s.portalFrameFor(w, r, nil, "")
		if err := fn(w, r, p); err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// portalPage serves a page of the portal to a signed-in customer. A browser
// without a live session goes to the sign-in page and comes back.
func (s *server) portalPage(section string, fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := s.portalSession(r)
		if emessage.ErrorCode(err) == emessage.EUnauthorized {
			if portalSite.sessionToken(r) != "" {
				s.clearSession(w, r, portalSite)
			}
			s.loginRedirect(w, r, portalSite)
			return
		}
		var who *emessage.Actor
		if err == nil {
			who = &a
		}
		p := s.portalFrameFor(w, r, who, section)
		if err == nil {
			p.Portal.Cases, err = s.svc.CustomerCases(r.Context(), a)
		}
		if err == nil {
			err = fn(w, r.WithContext(withActor(r.Context(), a)), p)
		}
		if err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// portalSession returns the customer of the request's session cookie. A
// session of a worker is no session here.
func (s *server) portalSession(r *http.Request) (emessage.Actor, error) {
	a, err := s.svc.Authenticate(r.Context(), portalSite.sessionToken(r))
	if err != nil {
		return a, err
	}
	if !a.IsCustomer() {
		return emessage.Actor{}, emessage.Errorf(emessage.EUnauthorized, "Please sign in with your portal account.")
	}
	return a, nil
}

// portalFrameFor starts a portal page: its language and its frame.
func (s *server) portalFrameFor(w http.ResponseWriter, r *http.Request, a *emessage.Actor, section string) *page {
	p := &page{Layout: "portal_layout", Section: section, Lang: s.portalLang(w, r, a), Portal: &portalFrame{}}
	if a != nil {
		p.Actor = *a
	}
	other := "es"
	if p.Lang == "es" {
		other = "en"
	}
	sw := langSwitch{Lang: other, Label: translate(other, "language_name")}
	if a != nil {
		sw.Next = r.URL.Path
		if r.Method == http.MethodGet && r.URL.RawQuery != "" {
			sw.Next += "?" + r.URL.RawQuery
		}
	} else {
		q := r.URL.Query()
		q.Set("lang", other)
		sw.URL = r.URL.Path + "?" + q.Encode()
	}
	p.Portal.Switch = sw
	return p
}

// langCookie keeps the language chosen before sign-in.
const langCookie = "emessage_lang"

// portalLang picks the page's language (R8): a signed-in customer's
// account's; before sign-in, the one asked for with ?lang= (kept in a
// cookie for the next pages), the cookie's, or the browser's preference.
func (s *server) portalLang(w http.ResponseWriter, r *http.Request, a *emessage.Actor) string {
	if a != nil && emessage.ValidLanguage(a.Language) {
		return a.Language
	}
	if lang := r.URL.Query().Get("lang"); emessage.ValidLanguage(lang) {
		s.setLangCookie(w, r, lang)
		return lang
	}
	if c, err := r.Cookie(langCookie); err == nil && emessage.ValidLanguage(c.Value) {
		return c.Value
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// setLangCookie remembers a language on this browser for a year. It is a
// preference, not a secret, but scripts have no use for it either.
func (s *server) setLangCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: portalSite.prefix, MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// acceptLanguage returns the first of the portal's languages in a browser's
// Accept-Language list (listed by preference), or English.
func acceptLanguage(header string) string {
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if q, err := strconv.ParseFloat(v, 64); err == nil && q == 0 {
				continue // "not this one"
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if emessage.ValidLanguage(primary) {
			return primary
		}
	}
	return "en"
}

// portalMessageURL is the address of a record's page in the portal.
func portalMessageURL(id string) string { return "/portal/messages/" + url.PathEscape(id) }
