package words

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/county/emessage"
)

// sameAsEnglish are the words a language writes exactly as English does,
// on purpose; anything else equal to the English is taken for a key left
// untranslated. Tagalog takes these computer words from English as they
// are, and abbreviates March and May as English does. Keys whose English
// holds no word at all (a date's pattern) are never taken for untranslated.
var sameAsEnglish = map[string][]string{
	"tl": {"password", "username", "email_label", "month_short_3", "month_short_5"},
}

// wordless reports whether words hold nothing to translate: places and
// punctuation only, like "{{.Month}} {{.Day}}, {{.Year}}".
func wordless(words string) bool {
	return !strings.ContainsFunc(placeRE.ReplaceAllString(words, ""), unicode.IsLetter)
}

// forms are the plural forms of a message in a catalog file: "other" alone
// for words that do not count.
type forms map[string]string

// readCatalog reads catalog/LANG.json as the translators see it.
func readCatalog(t *testing.T, lang string) map[string]forms {
	t.Helper()
	raw, err := catalogFS.ReadFile("catalog/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]json.RawMessage
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	out := map[string]forms{}
	for key, v := range file {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[key] = forms{"other": s}
			continue
		}
		f := forms{}
		if err := json.Unmarshal(v, &f); err != nil {
			t.Fatalf("%s.json %q: neither words nor plural forms: %v", lang, key, err)
		}
		delete(f, "description")
		out[key] = f
	}
	return out
}

var placeRE = regexp.MustCompile(`{{\s*\.([A-Za-z]+)\s*}}`)

// places lists the named places of words, and reports whether the words
// hold any template action other than a named place. A date may write its
// month as a name or as a number (MonthNumber): the two count as one.
func places(s string) (names []string, other bool) {
	for _, m := range placeRE.FindAllStringSubmatch(s, -1) {
		name := strings.TrimSuffix(m[1], "Number")
		if name == "" {
			name = m[1]
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, strings.Contains(placeRE.ReplaceAllString(s, ""), "{{")
}

// TestCatalogs checks every catalog against the English one: no key
// missing, none empty, none left in English, none that English lacks; the
// same named places; and every plural form the language's CLDR rules ask
// for, found by counting from 0 to 1,000, then 10,000 and 100,000 (no count
// of the portal comes near a million, where Spanish would want another).
func TestCatalogs(t *testing.T) {
	en := readCatalog(t, "en")
	for _, lang := range emessage.Languages {
		t.Run(lang, func(t *testing.T) {
			cat := readCatalog(t, lang)
			for key, want := range en {
				got, ok := cat[key]
				if !ok {
					t.Errorf("%s: %q is missing", lang, key)
					continue
				}
				for form, words := range got {
					if strings.TrimSpace(words) == "" {
						t.Errorf("%s %q: the %s form is empty", lang, key, form)
					}
					names, other := places(words)
					if other {
						t.Errorf("%s %q: %q holds more than named places like {{.Count}}", lang, key, words)
					}
					wantNames, _ := places(want["other"])
					if form != "other" && !slices.Contains(names, "Count") && slices.Contains(wantNames, "Count") {
						// A form for one number alone may say it in words ("one file").
						names = append(names, "Count")
						slices.Sort(names)
					}
					if !slices.Equal(names, wantNames) {
						t.Errorf("%s %q %s: places %v, English %v", lang, key, form, names, wantNames)
					}
				}
				if lang != "en" && got["other"] == want["other"] && !slices.Contains(sameAsEnglish[lang], key) && !wordless(want["other"]) {
					t.Errorf("%s %q is left in English: %q", lang, key, got["other"])
				}
				if len(want) > 1 {
					checkPlural(t, lang, key)
				}
			}
			for key := range cat {
				if _, ok := en[key]; !ok {
					t.Errorf("%s: %q is not a key of the English catalog", lang, key)
				}
			}
		})
	}
}

// checkPlural says every count in lang: a plural form its rules need and
// its catalog lacks fails.
func checkPlural(t *testing.T, lang, key string) {
	t.Helper()
	counts := []int{10000, 100000}
	for n := range 1001 {
		counts = append(counts, n)
	}
	for _, n := range counts {
		_, err := localizers[lang].Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: n,
			TemplateData: map[string]any{"Count": n}})
		if err != nil {
			t.Errorf("%s %q with %d: %v", lang, key, n, err)
			return
		}
	}
}

// TestEveryLanguageIsItsOwn checks that each language's words come from its
// own catalog, not from a neighbour the matching fell back to.
func TestEveryLanguageIsItsOwn(t *testing.T) {
	for _, lang := range emessage.Languages {
		_, tag, err := localizers[lang].LocalizeWithTag(&i18n.LocalizeConfig{MessageID: "language_name"})
		if want := language.Make(bundleTag(lang)); err != nil || tag != want {
			t.Errorf("%s speaks from %s's catalog (%v)", lang, tag, err)
		}
	}
}

// usedRE finds the keys the code names: p.T "key", tr $l "key", T(lang,
// "key"), t("key").
var usedRE = regexp.MustCompile(`(?:\.T |\btr \S+ |\bT\([^,()"]*, |\bT\(|\bt\()"([a-z][a-z0-9_]*[a-z0-9])"`)

// dynamicKeys are the keys the code makes from a name rather than names.
func dynamicKeys() []string {
	var out []string
	for _, st := range emessage.CustomerStatuses {
		out = append(out, "status_"+string(st))
	}
	for _, code := range emessage.KnownPrograms() {
		out = append(out, "program_"+code)
	}
	for _, m := range monthKeys {
		out = append(out, "month_"+m, "month_short_"+m)
	}
	return out
}

// TestEveryKeyIsUsed reads the project's code and templates: every key of
// the English catalog must appear in them (as "key") or be made by the
// code (dynamicKeys), and every key they ask for must be in the catalog.
func TestEveryKeyIsUsed(t *testing.T) {
	en := readCatalog(t, "en")
	var source strings.Builder
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "node_modules", "catalog", "bench":
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if strings.HasSuffix(p, "_test.go") || (ext != ".go" && ext != ".html" && ext != ".js" && ext != ".txt") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		source.Write(b)
		source.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	code := source.String()
	dynamic := dynamicKeys()
	for key := range en {
		if !strings.Contains(code, `"`+key+`"`) && !slices.Contains(dynamic, key) {
			t.Errorf("%q is in the catalogs but nothing uses it", key)
		}
	}
	for _, key := range dynamic {
		if _, ok := en[key]; !ok {
			t.Errorf("the code makes the key %q, which the catalog lacks", key)
		}
	}
	for _, m := range usedRE.FindAllStringSubmatch(code, -1) {
		if len(m[1]) < 3 {
			continue // a language's code, T("es", ...)
		}
		if _, ok := en[m[1]]; !ok {
			t.Errorf("the code asks for %q, which the catalog lacks", m[1])
		}
	}
}
