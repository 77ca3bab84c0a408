package portal

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// langCookie keeps the language chosen before sign-in.
const langCookie = "emessage_lang"

// lang picks the page's language (R8): a signed-in customer's
// account's; before sign-in, the one asked for with ?lang= (kept in a
// cookie for the next pages), the cookie's, or the browser's preference.
func (h *Handler) lang(w http.ResponseWriter, r *http.Request, a *emessage.Actor) string {
	if a != nil && emessage.ValidLanguage(a.Language) {
		return a.Language
	}
	if lang := r.URL.Query().Get("lang"); emessage.ValidLanguage(lang) {
		h.setLangCookie(w, r, lang)
		return lang
	}
	if c, err := r.Cookie(langCookie); err == nil && emessage.ValidLanguage(c.Value) {
		return c.Value
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// setLangCookie remembers a language on this browser for a year. It is a
// preference, not a secret, but scripts have no use for it either.
func (h *Handler) setLangCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: h.site.Prefix, MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteLaxMode,
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
