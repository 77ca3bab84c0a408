// Package words holds what the customer reads, in every language of SPEC
// section 18: the message catalogs of the portal and of the e-Notification
// email (catalog/LANG.json, one file per language, English the source),
// CLDR's plural rules, the languages' own names and writing direction, and
// dates and numbers written each language's way. The portal's pages and
// the mailer both take their words from here; the worker site is English.
//
// The catalogs are go-i18n message files: a key names what the words mean
// ("err_body_long"), the words hold named places ({{.Count}}), and a
// message that counts has one form for each plural category of its
// language ("one", "few", "many", "other"...). County translators change
// these files alone: docs/LANGUAGES.md says how.
package words

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/county/emessage"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// localizers speak one language each; messages are each catalog's
// messages as written, for Forms.
var localizers, messages = mustLoad()

func mustLoad() (map[string]*i18n.Localizer, map[string]map[string]*i18n.Message) {
	b := i18n.NewBundle(language.English)
	locs := map[string]*i18n.Localizer{}
	msgs := map[string]map[string]*i18n.Message{}
	for _, lang := range emessage.Languages {
		file := path.Join("catalog", lang+".json")
		raw, err := catalogFS.ReadFile(file)
		if err != nil {
			panic("words: no catalog for " + lang + ": " + err.Error()) // a build error: they are embedded
		}
		// Parsed under the tag whose plural rules the language follows.
		mf, err := b.ParseMessageFileBytes(raw, bundleTag(lang)+".json")
		if err != nil {
			panic("words: " + file + ": " + err.Error())
		}
		locs[lang] = i18n.NewLocalizer(b, bundleTag(lang))
		msgs[lang] = map[string]*i18n.Message{}
		for _, m := range mf.Messages {
			msgs[lang][m.ID] = m
		}
	}
	return locs, msgs
}

// bundleTag is the tag a language's catalog is kept under. It is the
// language's own code, but for Hmong: CLDR has no plural rules for "hmn",
// so its catalog goes by Hmong Njua's ("hnj"), which are the same (Hmong
// marks no plural: one form, "other").
func bundleTag(lang string) string {
	if lang == "hmn" {
		return "hnj"
	}
	return lang
}

// T returns the words of key in lang, with the named values of args (name,
// value, name, value...) in their places: T("es", "from_county", "County",
// "Alameda"). A value named Count picks the plural form by lang's rules.
// Numbers are written the language's way. An unknown language speaks
// English; an unknown key comes back as it is (a test keeps every key of
// the code in every catalog).
func T(lang, key string, args ...any) string {
	loc, ok := localizers[lang]
	if !ok {
		loc = localizers["en"]
	}
	cfg := &i18n.LocalizeConfig{MessageID: key}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			name := fmt.Sprint(args[i])
			v := args[i+1]
			if name == "Count" {
				cfg.PluralCount = v
			}
			if n, ok := v.(int); ok {
				v = Number(lang, n)
			}
			data[name] = v
		}
		cfg.TemplateData = data
	}
	s, err := loc.Localize(cfg)
	if s == "" && err != nil {
		return key
	}
	return s
}

// Forms returns the plural forms of key in lang as the catalog writes
// them, by CLDR category ("one", "few", "other"...), with their places
// unfilled: for a page's script, which picks the form with
// Intl.PluralRules and fills the places itself.
func Forms(lang, key string) map[string]string {
	m, ok := messages[lang][key]
	if !ok {
		m = messages["en"][key]
	}
	out := map[string]string{}
	if m == nil {
		return out
	}
	for form, words := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other} {
		if words != "" {
			out[form] = words
		}
	}
	return out
}

// Keys lists the keys of the English catalog, the source, sorted.
func Keys() []string {
	out := make([]string, 0, len(messages["en"]))
	for key := range messages["en"] {
		out = append(out, key)
	}
	slices.Sort(out)
	return out
}

// FormsJSON is Forms as JSON, for a data- attribute of a page.
func FormsJSON(lang, key string) string {
	b, _ := json.Marshal(Forms(lang, key))
	return string(b)
}
