package emessage

import (
	"fmt"
	"testing"
)

// TestImportLanguages: an import file (and so a system's sync, which goes
// through the same checks) takes each language of SPEC 18 and refuses any
// other, naming the field.
func TestImportLanguages(t *testing.T) {
	if len(Languages) != 19 {
		t.Fatalf("%d languages, SPEC 18 lists 19", len(Languages))
	}
	doc := func(lang string) []byte {
		return fmt.Appendf(nil, `{"ssp_accounts": [{"username": "m", "password": "Tall-Maple-Tree-9", "language": %q}]}`, lang)
	}
	for _, lang := range Languages {
		d, err := ParseImport(doc(lang))
		if err != nil || d.Accounts[0].Language != lang {
			t.Errorf("%s: %v", lang, err)
		}
		if LanguageName(lang) == lang {
			t.Errorf("%s has no English name for workers", lang)
		}
	}
	for _, bad := range []string{"fr", "zh", "zh-hant", "EN"} {
		_, err := ParseImport(doc(bad))
		if ErrorCode(err) != EInvalid || ErrorField(err) != "ssp_accounts[0].language" {
			t.Errorf("%q: %v (field %q)", bad, err, ErrorField(err))
		}
	}
}
