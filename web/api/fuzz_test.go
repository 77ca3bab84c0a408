package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web/answer"
)

// decodeTargets are the API's request bodies, a fresh one per call.
var decodeTargets = map[string]func() any{
	"login":          func() any { return &loginRequest{} },
	"message create": func() any { return &messageCreateRequest{} },
	"message patch":  func() any { return &messagePatchRequest{} },
	"reply":          func() any { return &replyRequest{} },
	"ssp create":     func() any { return &sspMessageCreateRequest{} },
	"account patch":  func() any { return &accountPatchRequest{} },
	"away":           func() any { return &awayRequest{} },
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
		{"application/json", `{"body":"` + strings.Repeat("x", answer.MaxJSONBody) + `"}`},
		{"text/plain", `{"body":"x"}`},
		{"application/json; charset", `{}`},
		{"", `{}`},
	} {
		f.Add(seed.ct, []byte(seed.body))
	}
	log := testrig.Logger(nil)
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		for name, target := range decodeTargets {
			req := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			rec := httptest.NewRecorder()
			err := answer.DecodeJSON(rec, req, target())
			if err == nil {
				if !answer.IsJSON(contentType) || !json.Valid(body) || bytes.TrimSpace(body)[0] != '{' {
					t.Fatalf("%s: accepted %q under %q", name, body, contentType)
				}
				continue
			}
			var e *emessage.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("%s: refusal %v (%T) is not one of our errors", name, err, err)
			}
			if st := answer.Status(e.Code); st < 400 || st >= 500 {
				t.Fatalf("%s: %q under %q answered %d (%v)", name, body, contentType, st, err)
			}
			if strings.Contains(e.Message, "json:") || strings.Contains(e.Message, "Go ") {
				t.Fatalf("%s: internal text in %q", name, e.Message)
			}
			rec = httptest.NewRecorder()
			answer.Error(log, rec, req, err)
			if rec.Code >= 500 || !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s: error answer %d %s", name, rec.Code, rec.Body)
			}
		}
	})
}
