package answer

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/county/emessage"
)

// SearchFilter reads the query parameters of a worker's message search: the
// API's list, and the search page, which takes the same parameters. Values
// are checked by the service; only what cannot be parsed is refused here.
func SearchFilter(q url.Values) (emessage.SearchFilter, error) {
	if err := CleanValues(q); err != nil {
		return emessage.SearchFilter{}, err
	}
	f := emessage.SearchFilter{
		CaseNumber: strings.TrimSpace(q.Get("case_number")),
		PersonID:   strings.TrimSpace(q.Get("person_id")),
		Statuses:   parseStatuses(q["status"]),
		Programs:   listValues(q["program"]),
		Type:       emessage.Type(q.Get("type")),
		From:       q.Get("from"),
		To:         q.Get("to"),
		Scope:      q.Get("scope"),
		Worker:     q.Get("worker"),
		Text:       q.Get("q"),
		Cursor:     q.Get("cursor"),
	}
	for name, dst := range map[string]*bool{"overdue": &f.Overdue, "archived": &f.Archived} {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return f, emessage.FieldError(emessage.EInvalid, name, "%s must be true or false", name)
			}
			*dst = b
		}
	}
	limit, err := Limit(q)
	if err != nil {
		return f, err
	}
	f.Limit = limit
	return f, nil
}

// parseStatuses reads status filters given as repeated parameters
// (status=a&status=b), comma-separated (status=a,b) or both.
func parseStatuses(values []string) []emessage.Status {
	var out []emessage.Status
	for _, v := range listValues(values) {
		out = append(out, emessage.Status(v))
	}
	return out
}

// listValues reads a filter given as repeated parameters (a=x&a=y),
// comma-separated (a=x,y) or both, without empty values.
func listValues(values []string) []string {
	var out []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// Limit reads the page size; 0 when absent (the service's default).
func Limit(q url.Values) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, emessage.FieldError(emessage.EInvalid, "limit", "limit must be a whole number from 1 to 200")
	}
	return n, nil
}
