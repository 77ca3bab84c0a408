package answer

import (
	"net/url"
	"slices"
	"testing"

	"github.com/county/emessage"
)

func TestParseStatuses(t *testing.T) {
	tests := []struct {
		query string
		want  []emessage.Status
	}{
		{"", nil},
		{"status=received", []emessage.Status{"received"}},
		{"status=received&status=read", []emessage.Status{"received", "read"}},
		{"status=received,read", []emessage.Status{"received", "read"}},
		{"status=received,read&status=action_completed", []emessage.Status{"received", "read", "action_completed"}},
		{"status=received,%20read,,&status=", []emessage.Status{"received", "read"}},
		{"status=bogus", []emessage.Status{"bogus"}}, // the service refuses it, naming the field
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := parseStatuses(q["status"]); !slices.Equal(got, tt.want) {
				t.Errorf("parseStatuses = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSearchFilter(t *testing.T) {
	q, _ := url.ParseQuery("case_number=B1234567&person_id=P1&status=received,read&type=action&from=2026-01-01&to=2026-01-31&scope=county&overdue=true&q=rent&limit=20&cursor=abc&program=CF&program=MC,%20CW,")
	got, err := SearchFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	want := emessage.SearchFilter{
		CaseNumber: "B1234567", PersonID: "P1", Statuses: []emessage.Status{"received", "read"},
		Type: "action", From: "2026-01-01", To: "2026-01-31", Scope: "county", Overdue: true,
		Text: "rent", Limit: 20, Cursor: "abc",
	}
	if !slices.Equal(got.Statuses, want.Statuses) {
		t.Errorf("statuses = %q, want %q", got.Statuses, want.Statuses)
	}
	if want := []string{"CF", "MC", "CW"}; !slices.Equal(got.Programs, want) {
		t.Errorf("programs = %q, want %q", got.Programs, want)
	}
	if !equalFilter(got, want) {
		t.Errorf("filter = %+v, want %+v", got, want)
	}
}

func equalFilter(a, b emessage.SearchFilter) bool {
	return a.CaseNumber == b.CaseNumber && a.PersonID == b.PersonID && a.Type == b.Type &&
		a.From == b.From && a.To == b.To && a.Scope == b.Scope && a.Overdue == b.Overdue &&
		a.Text == b.Text && a.Limit == b.Limit && a.Cursor == b.Cursor
}

func TestSearchFilterRefusals(t *testing.T) {
	tests := []struct {
		query, field string
	}{
		{"limit=abc", "limit"},
		{"limit=0", "limit"},
		{"limit=-5", "limit"},
		{"limit=1.5", "limit"},
		{"overdue=yes", "overdue"},
		{"overdue=2", "overdue"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			_, err := SearchFilter(q)
			if emessage.ErrorCode(err) != emessage.EInvalid || emessage.ErrorField(err) != tt.field {
				t.Errorf("err = %v, want invalid naming %s", err, tt.field)
			}
		})
	}
}

// TestSearchFilterRefusesWhatCannotBeStored: a value (or a name) holding NUL
// or bytes that are not UTF-8 is a 400 naming the field, before the store
// sees it (PostgreSQL answered 500).
func TestSearchFilterRefusesWhatCannotBeStored(t *testing.T) {
	for raw, field := range map[string]string{"q=a%00b": "q", "case_number=%FF": "case_number", "%00=1": "query", "status=read&person_id=%C3": "person_id"} {
		q, _ := url.ParseQuery(raw)
		_, err := SearchFilter(q)
		if emessage.ErrorCode(err) != emessage.EMalformed || emessage.ErrorField(err) != field {
			t.Errorf("%s: %v, want malformed %s", raw, err, field)
		}
	}
}
