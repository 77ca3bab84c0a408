package answer

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage"
)

// FuzzSearchFilter: any query string becomes a search filter or a 4xx
// error; never a panic. Statuses are the comma- or repeat-separated values,
// trimmed and none empty; the limit is absent or from 1 up.
func FuzzSearchFilter(f *testing.F) {
	for _, seed := range []string{
		"", "case_number=B1234567&person_id=P1&status=received,read&type=action&from=2026-01-01&to=2026-01-31&scope=county&overdue=true&q=rent&limit=20&cursor=abc",
		"status=received,%20read,,&status=", "status=,,,", "overdue=maybe", "overdue=1", "limit=-1", "limit=0", "limit=99999999999999999999",
		"limit=1e3", "q=%25_%5C", "case_number=%20%20", "from=2026-02-30", "%zz=1", "a=1;b=2", "status=%00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery) // the server reads what it can, as r.URL.Query does
		filter, err := SearchFilter(q)
		if err != nil {
			var e *emessage.Error
			if !errors.As(err, &e) || e.Message == "" || e.Field == "" {
				t.Fatalf("refusal %v (%T) is not one of our field errors", err, err)
			}
			if st := Status(e.Code); st < 400 || st >= 500 {
				t.Fatalf("%q answered %d", rawQuery, st)
			}
			return
		}
		for _, st := range filter.Statuses {
			if st == "" || strings.Contains(string(st), ",") || strings.TrimSpace(string(st)) != string(st) {
				t.Fatalf("%q: status %q", rawQuery, st)
			}
		}
		if n := strings.Count(strings.Join(q["status"], ","), ",") + len(q["status"]); len(filter.Statuses) > n {
			t.Fatalf("%q: %d statuses from %d values", rawQuery, len(filter.Statuses), n)
		}
		if filter.Limit < 0 {
			t.Fatalf("%q: limit %d", rawQuery, filter.Limit)
		}
		if filter.CaseNumber != strings.TrimSpace(filter.CaseNumber) || filter.PersonID != strings.TrimSpace(filter.PersonID) {
			t.Fatalf("%q: untrimmed %q %q", rawQuery, filter.CaseNumber, filter.PersonID)
		}
	})
}
