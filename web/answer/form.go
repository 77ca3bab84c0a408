package answer

import (
	"net/http"
	"strings"

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
	return nil
}

// FormText normalizes text typed into a textarea: browsers send line breaks
// as CR LF, which the counter on the page (and the customer) count as one
// character.
func FormText(v string) string {
	return strings.ReplaceAll(v, "\r\n", "\n")
}
