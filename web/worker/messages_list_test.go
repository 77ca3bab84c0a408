package worker_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// TestSearchErrorsInWorkersWords: a search the service refuses says so in
// the words of the page's labels, never by a parameter's name.
func TestSearchErrorsInWorkersWords(t *testing.T) {
	h := mustCountySite(t)
	c := mustSignIn(t, h, "jdoe")
	for _, tt := range []struct{ query, want, not string }{
		{"from=2026-13-45", "The From date must be a date like 2026-12-31.", "from must be"},
		{"to=31/12/2026", "The To date must be a date like 2026-12-31.", "to must be"},
		{"type=letter", "The e-Message Type must be Message (message) or Action (action).", "type must be"},
		{"scope=state", "Cases must be My caseload (mine) or All of my county (county).", "scope must be"},
	} {
		rec := testrig.Browse(h, "GET", "/worker/messages?"+tt.query, nil, c)
		testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
		if page := rec.Body.String(); !strings.Contains(page, tt.want) || strings.Contains(page, tt.not) {
			t.Errorf("%s: the page does not say %q (or says %q)", tt.query, tt.want, tt.not)
		}
	}
}
