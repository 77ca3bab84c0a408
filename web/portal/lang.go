package portal

import (
	"net/http"
	"net/url"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

// langCookie keeps the language chosen before sign-in.
const langCookie = "emessage_lang"

// lang picks the page's language (SPEC 18): a signed-in customer's
// account's; before sign-in, the one asked for with ?lang= (kept in a
// cookie for the next pages), the cookie's, or the best of the browser's
// Accept-Language.
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
	return words.Match(r.Header.Get("Accept-Language"))
}

// setLangCookie remembers a language on this browser for a year. It is a
// preference, not a secret, but scripts have no use for it either.
func (h *Handler) setLangCookie(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: h.site.Prefix, MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.site.SecureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

// langChoice is a language offered by the sign-in page's list: named in
// itself, and this page's address in it.
type langChoice struct {
	Lang, Name, URL, Dir string
	Current              bool
}

// langChoices offers the sign-in page in every language, with the page
// to go on to after it (next) kept.
func langChoices(current, next string) []langChoice {
	out := make([]langChoice, 0, len(emessage.Languages))
	for _, lang := range emessage.Languages {
		q := url.Values{"lang": {lang}}
		if next != "" {
			q.Set("next", next)
		}
		out = append(out, langChoice{Lang: lang, Name: words.Name(lang), Dir: words.Dir(lang),
			URL: "/portal/login?" + q.Encode(), Current: lang == current})
	}
	return out
}

// languagesURL is where the header's Language link leads: the settings'
// language for a signed-in customer, the sign-in page's list before.
func languagesURL(signedIn bool, r *http.Request) string {
	if signedIn {
		return "/portal/settings#language"
	}
	if r.URL.Path == "/portal/login" {
		return "#languages"
	}
	return "/portal/login?" + url.Values{"next": {r.URL.Path}}.Encode() + "#languages"
}
