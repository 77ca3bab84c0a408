package page

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/county/emessage"
)

// The customer's pages speak the customer's language (R8): English or
// Spanish. The worker site is in English. The words of the portal, and of
// the customer's view of a message that the worker's View shows, are kept
// in i18n/LANG.json, one file per language of emessage.Languages, with the
// same keys in each (a test checks them).

//go:embed i18n/*.json
var i18nFS embed.FS

// catalog holds the words of each language by key.
var catalog = mustLoadCatalog()

func mustLoadCatalog() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range emessage.Languages {
		b, err := i18nFS.ReadFile(path.Join("i18n", lang+".json"))
		if err != nil {
			panic("page: embedded translations: " + err.Error()) // a build error: they are embedded
		}
		words := map[string]string{}
		if err := json.Unmarshal(b, &words); err != nil {
			panic("page: i18n/" + lang + ".json: " + err.Error())
		}
		out[lang] = words
	}
	return out
}

// Translate returns the words of key in lang (English when either is
// unknown), with args put in their places.
func Translate(lang, key string, args ...any) string {
	words, ok := catalog[lang][key]
	if !ok {
		words, ok = catalog["en"][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(words, args...)
	}
	return words
}

// ProgramWords names a program in the customer's language, in plain words;
// a program that is not one of the usual ones by its code.
func ProgramWords(lang, code string) string {
	if !emessage.KnownProgram(code) {
		return code
	}
	return Translate(lang, "program_"+code)
}

var spanishMonths = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// CustomerDate writes a day the way the customer's language does.
func CustomerDate(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%d de %s de %d", t.Day(), spanishMonths[t.Month()-1], t.Year())
	}
	return t.Format("January 2, 2006")
}

// CustomerShortDate writes a day in few words: "Dec 5" or "5 de dic.", with
// the year when it is not this year's.
func CustomerShortDate(lang string, t, now time.Time) string {
	sameYear := t.Year() == now.Year()
	if lang == "es" {
		s := fmt.Sprintf("%d de %s", t.Day(), spanishShortMonth(t.Month()))
		if !sameYear {
			s += fmt.Sprintf(" de %d", t.Year())
		}
		return s
	}
	if sameYear {
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2, 2006")
}

func spanishShortMonth(m time.Month) string {
	name := spanishMonths[m-1]
	if len([]rune(name)) <= 5 {
		return name
	}
	return strings.TrimSpace(string([]rune(name)[:3])) + "."
}
