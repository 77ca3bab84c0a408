package emessage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Template is a county's ready-made e-Message body in one language, which
// a worker inserts into a new record and then edits (SPEC section 13). A
// county has one template of a code in each language.
type Template struct {
	County   string
	Code     string
	Language string
	Title    string
	Body     string
}

// MaxTemplateTitle is the longest title of a template, in characters.
const MaxTemplateTitle = 100

// ValidTemplateCode reports whether code can be a template's code: 1 to 40
// letters, digits, '-' and '_', like INTERVIEW.
func ValidTemplateCode(code string) bool {
	if code == "" || len(code) > 40 {
		return false
	}
	for _, r := range code {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

// languageNames name the languages of SPEC 18 for workers, in English.
var languageNames = map[string]string{
	"en": "English", "es": "Spanish", "ar": "Arabic", "hy": "Armenian", "km": "Cambodian (Khmer)",
	"zh-Hant": "Chinese (Traditional)", "zh-Hans": "Chinese (Simplified)", "fa": "Farsi", "hi": "Hindi",
	"hmn": "Hmong", "ja": "Japanese", "ko": "Korean", "lo": "Lao", "pa": "Punjabi", "ru": "Russian",
	"tl": "Tagalog", "th": "Thai", "uk": "Ukrainian", "vi": "Vietnamese",
}

// LanguageName names a language of Languages for workers, in English.
func LanguageName(lang string) string {
	if name, ok := languageNames[lang]; ok {
		return name
	}
	return lang
}

// FirstInLanguage orders templates for a customer who reads lang: those in
// lang first, then the others by language (in the order of Languages), each
// group by title. lang "" (no customer chosen yet) puts none first.
func FirstInLanguage(ts []Template, lang string) []Template {
	out := slices.Clone(ts)
	rank := func(t Template) int {
		if t.Language == lang {
			return -1
		}
		return slices.Index(Languages, t.Language)
	}
	slices.SortStableFunc(out, func(a, b Template) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// InsertTemplate returns body with a template's body added: the template's
// body alone when body is empty, else after what was typed and a blank
// line, so that nothing typed is lost. The result must still fit R5's
// limit; otherwise it is an invalid "template" naming how far over it goes.
func InsertTemplate(body string, t Template) (string, error) {
	out := t.Body
	if strings.TrimSpace(body) != "" {
		out = strings.TrimRight(body, " \t\r\n") + "\n\n" + t.Body
	}
	if n := utf8.RuneCountInString(out); n > MaxBody {
		return body, FieldError(EInvalid, "template",
			"With the template %q the e-Message Body would have %d characters, %d over the limit of %d. Shorten the body first, or choose a shorter template.",
			t.Title, n, n-MaxBody, MaxBody)
	}
	return out, nil
}

// validate checks a template of an import file at f (counties[0].templates[1]).
func (t ImportTemplate) validate(f string) error {
	if !ValidTemplateCode(t.Code) {
		return FieldError(EInvalid, f+".code", "%s.code: a template needs a code of 1 to 40 letters, digits, - and _, like INTERVIEW", f)
	}
	if !ValidLanguage(t.Language) {
		return FieldError(EInvalid, f+".language", "%s.language must be one of %s", f, strings.Join(Languages, ", "))
	}
	if n := utf8.RuneCountInString(t.Title); strings.TrimSpace(t.Title) == "" || n > MaxTemplateTitle {
		return FieldError(EInvalid, f+".title", "%s.title must have 1 to %d characters", f, MaxTemplateTitle)
	}
	if err := CheckBody(t.Body); err != nil {
		n := utf8.RuneCountInString(t.Body)
		what := fmt.Sprintf("has %d characters, over the limit of %d", n, MaxBody)
		if n <= MaxBody {
			what = "is empty or not valid text"
		}
		return FieldError(EInvalid, f+".body", "%s.body %s", f, what)
	}
	return nil
}
