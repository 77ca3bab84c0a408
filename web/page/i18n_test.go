package page

import (
	"strings"
	"testing"

	"github.com/county/emessage"
)

func TestCatalogsMatch(t *testing.T) {
	verbs := func(s string) string {
		var out []string
		for i := 0; i+1 < len(s); i++ {
			if s[i] == '%' {
				out = append(out, s[i:i+2])
				i++
			}
		}
		return strings.Join(out, ",")
	}
	en := catalog["en"]
	for _, lang := range emessage.Languages {
		words := catalog[lang]
		for k, v := range en {
			w, ok := words[k]
			if !ok {
				t.Errorf("%s: no %q", lang, k)
				continue
			}
			if verbs(w) != verbs(v) {
				t.Errorf("%s %q: %q takes %s, English %s", lang, k, w, verbs(w), verbs(v))
			}
		}
		for k := range words {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %q is not in English", lang, k)
			}
		}
	}
}
