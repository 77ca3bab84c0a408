package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/county/emessage"
)

// decodeTargets are the API's request bodies, a fresh one per call.
var decodeTargets = map[string]func() any{
	"login":          func() any { return &loginRequest{} },
	"message create": func() any { return &messageCreateRequest{} },
	"message patch":  func() any { return &messagePatchRequest{} },
	"reply":          func() any { return &replyRequest{} },
	"ssp create":     func() any { return &sspMessageCreateRequest{} },
	"account patch":  func() any { return &accountPatchRequest{} },
}

// FuzzDecodeJSON: any request body, under any Content-Type, is read into
// each request shape or refused with a 4xx error of ours that says what is
// wrong in a sentence of ours; never a panic, never a 500. What is accepted
// is one valid JSON object declared as JSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []struct{ ct, body string }{
		{"application/json", `{"username":"jdoe","password":"x"}`},
		{"application/json", `{"case_number":"A1","person_id":"P1","type":"action","action_type":"upload_document","subject":"S","body":"B","due_date":"2026-12-31"}`},
		{"application/json; charset=utf-8", `{"status":"action_closed"}`},
		{"application/merge-patch+json", `{"email":null,"e_notification":true,"language":"es"}`},
		{"application/json", `{"body":"\u0000\ud800"}`},
		{"application/json", `{"subject":1e999}`},
		{"application/json", `{"e_notification":"yes"}`},
		{"application/json", `{"nope":1}`},
		{"application/json", `{"body":"x"} trailing`},
		{"application/json", `[]`},
		{"application/json", ``},
		{"application/json", `{"body":"` + strings.Repeat("x", maxJSONBody) + `"}`},
		{"text/plain", `{"body":"x"}`},
		{"application/json; charset", `{}`},
		{"", `{}`},
	} {
		f.Add(seed.ct, []byte(seed.body))
	}
	s := newTestServer(nil)
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		for name, target := range decodeTargets {
			req := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			rec := httptest.NewRecorder()
			err := decodeJSON(rec, req, target())
			if err == nil {
				if !isJSONType(contentType) || !json.Valid(body) || bytes.TrimSpace(body)[0] != '{' {
					t.Fatalf("%s: accepted %q under %q", name, body, contentType)
				}
				continue
			}
			var e *emessage.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("%s: refusal %v (%T) is not one of our errors", name, err, err)
			}
			if st := httpStatus(e.Code); st < 400 || st >= 500 {
				t.Fatalf("%s: %q under %q answered %d (%v)", name, body, contentType, st, err)
			}
			if strings.Contains(e.Message, "json:") || strings.Contains(e.Message, "Go ") {
				t.Fatalf("%s: internal text in %q", name, e.Message)
			}
			rec = httptest.NewRecorder()
			s.writeError(rec, req, err)
			if rec.Code >= 500 || !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s: error answer %d %s", name, rec.Code, rec.Body)
			}
		}
	})
}

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
		filter, err := searchFilter(q)
		if err != nil {
			var e *emessage.Error
			if !errors.As(err, &e) || e.Message == "" || e.Field == "" {
				t.Fatalf("refusal %v (%T) is not one of our field errors", err, err)
			}
			if st := httpStatus(e.Code); st < 400 || st >= 500 {
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
