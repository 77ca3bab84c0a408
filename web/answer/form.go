package answer

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/county/emessage"
)

// MaxFormBody bounds a page's form: a 4000-character body is at most 16 KB
// of UTF-8, sent percent-encoded.
const MaxFormBody = 256 << 10

// ParseForm reads a posted form, bounded by MaxFormBody.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
	if err := r.ParseForm(); err != nil {
		if TooLarge(err) {
			return emessage.Errorf(emessage.ETooLarge, "The form is larger than %d KB.", MaxFormBody>>10)
		}
		return emessage.Errorf(emessage.EMalformed, "The form could not be read. Please try again.")
	}
	return CleanValues(r.PostForm)
}

// CleanValues refuses form or query values that are not valid text or hold
// NUL: neither can be stored (PostgreSQL refuses them), so they are
// refused at the edge, naming the field, before anything reads them.
func CleanValues(v url.Values) error {
	for name, values := range v {
		for _, s := range append([]string{name}, values...) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				field := strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), "")
				if field == "" {
					field = "query"
				}
				return emessage.FieldError(emessage.EMalformed, field, "The field %q holds characters that are not valid text.", field)
			}
		}
	}
	return nil
}

// FormText normalizes text typed into a textarea: browsers send line breaks
// as CR LF, which the counter on the page (and the customer) count as one
// character.
func FormText(v string) string {
	return strings.ReplaceAll(v, "\r\n", "\n")
}
