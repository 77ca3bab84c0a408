package words

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/county/emessage"
)

// Dir is the writing direction of lang, for <html dir>: "rtl" for Arabic
// and Farsi, "ltr" for the others.
func Dir(lang string) string {
	if lang == "ar" || lang == "fa" {
		return "rtl"
	}
	return "ltr"
}

// Name names lang in itself, as its own catalog does: "Español", "Tiếng
// Việt", "中文 (繁體)". A picker of languages lists them so.
func Name(lang string) string { return T(lang, "language_name") }

// supported are the portal's languages as tags, in the order of
// emessage.Languages, for matching a browser's preferences.
var supported = func() []language.Tag {
	tags := make([]language.Tag, len(emessage.Languages))
	for i, lang := range emessage.Languages {
		tags[i] = language.Make(lang)
	}
	return tags
}()

var matcher = language.NewMatcher(supported)

// Match returns the portal's language that best answers a browser's
// Accept-Language header, or English when none does: "zh-TW" reads
// Traditional Chinese, "es-MX" Spanish, "fil" Tagalog. A language the
// browser refuses (q=0) is never chosen.
func Match(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return "en"
	}
	for i, t := range prefs {
		if base, _ := t.Base(); base.String() == "fil" {
			prefs[i] = language.Make("tl") // Filipino, as browsers call Tagalog
		}
	}
	_, i, conf := matcher.Match(prefs...)
	if conf < language.High {
		return "en"
	}
	return emessage.Languages[i]
}

// Lang is a language code of emessage.Languages as the user may type or
// send it: "zh-hant" and "ZH-Hant" are zh-Hant. Anything else comes back
// as it is, for emessage.ValidLanguage to refuse.
func Lang(s string) string {
	for _, lang := range emessage.Languages {
		if strings.EqualFold(s, lang) {
			return lang
		}
	}
	return s
}

// Program names a program in lang, in plain words ("CalFresh (food)"); a
// program that is not one of the usual ones goes by its code.
func Program(lang, code string) string {
	if !emessage.KnownProgram(code) {
		return code
	}
	return T(lang, "program_"+code)
}

// Status names a customer's status in lang: "Waiting for the county".
func Status(lang string, st emessage.CustomerStatus) string {
	return T(lang, "status_"+string(st))
}
