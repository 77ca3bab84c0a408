package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
)

type decodeTarget struct {
	Subject string          `json:"subject"`
	Flag    *bool           `json:"flag"`
	Nested  struct{ N int } `json:"nested"`
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		wantCode    string // "" for success
		wantField   string
	}{
		{"ok", "application/json", `{"subject":"Hi","flag":true}`, "", ""},
		{"ok with charset", "application/json; charset=utf-8", `{"subject":"Hi"}`, "", ""},
		{"ok suffix type", "application/merge-patch+json", `{"subject":"Hi"}`, "", ""},
		{"no content type", "", `{"subject":"Hi"}`, emessage.EUnsupportedType, ""},
		{"form content type", "application/x-www-form-urlencoded", `subject=Hi`, emessage.EUnsupportedType, ""},
		{"text content type", "text/plain", `{"subject":"Hi"}`, emessage.EUnsupportedType, ""},
		{"unknown field", "application/json", `{"subject":"Hi","sujet":"x"}`, emessage.EMalformed, "sujet"},
		{"syntax error", "application/json", `{"subject":"Hi",}`, emessage.EMalformed, ""},
		{"truncated", "application/json", `{"subject":"Hi"`, emessage.EMalformed, ""},
		{"empty", "application/json", ``, emessage.EMalformed, ""},
		{"wrong type", "application/json", `{"subject":42}`, emessage.EMalformed, "subject"},
		{"wrong type bool", "application/json", `{"flag":"yes"}`, emessage.EMalformed, "flag"},
		{"wrong nested type", "application/json", `{"nested":{"N":"x"}}`, emessage.EMalformed, "nested.N"},
		{"not an object", "application/json", `["subject"]`, emessage.EMalformed, ""},
		{"trailing data", "application/json", `{"subject":"Hi"} {"subject":"again"}`, emessage.EMalformed, ""},
		{"too large", "application/json", `{"subject":"` + strings.Repeat("x", maxJSONBody) + `"}`, emessage.ETooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			var dst decodeTarget
			err := decodeJSON(httptest.NewRecorder(), req, &dst)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("decodeJSON: %v", err)
				}
				if dst.Subject != "Hi" {
					t.Errorf("subject = %q, want Hi", dst.Subject)
				}
				return
			}
			if got := emessage.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.wantCode)
			}
			if got := emessage.ErrorField(err); got != tt.wantField {
				t.Errorf("field = %q, want %q", got, tt.wantField)
			}
		})
	}
}

func TestLoginRefusesBadBodies(t *testing.T) {
	h := newTestHandler(Config{})
	tests := []struct {
		name       string
		header     map[string]string
		body       string
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"wrong content type", map[string]string{"Content-Type": "text/plain"}, `{}`, 415, "unsupported_type", ""},
		{"unknown field", map[string]string{"Content-Type": "application/json"}, `{"user":"x"}`, 400, "malformed", "user"},
		{"syntax error", map[string]string{"Content-Type": "application/json"}, `{"username":`, 400, "malformed", ""},
		{"wrong type", map[string]string{"Content-Type": "application/json"}, `{"username":1}`, 400, "malformed", "username"},
		{"no credentials", map[string]string{"Content-Type": "application/json"}, `{"username":"","password":""}`, 401, "invalid_credentials", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, "POST", "/api/v1/login", []byte(tt.body), tt.header)
			MustStatus(t, rec, tt.wantStatus)
			got := MustErrorBody(t, rec)
			if got.Code != tt.wantCode || got.Field != tt.wantField {
				t.Errorf("error = %+v, want code %q field %q", got, tt.wantCode, tt.wantField)
			}
		})
	}
}

func TestMessageJSONShape(t *testing.T) {
	s := newTestServer(nil)
	now := time.Date(2026, 11, 2, 15, 4, 5, 123000, time.UTC)
	s.svc.Now = func() time.Time { return now }
	viewed := now.Add(time.Hour)
	msg := &emessage.Message{
		ID: "01ABC", CaseNumber: "B1234567", County: "19", PersonID: "P1", PersonName: "Maria",
		Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "S", Body: "B",
		Status: emessage.StatusSent, CreatedAt: now, UpdatedAt: now, ThreadID: "01ABC",
	}
	action := &emessage.Message{
		ID: "01ABD", CaseNumber: "B1234567", County: "19", PersonID: "P1", PersonName: "Maria",
		Type: emessage.TypeAction, ActionType: emessage.ActionViewDocument,
		Document:  &emessage.Document{Code: "CW2200", Title: "Request for Verification"},
		Direction: emessage.ToCustomer, Subject: "S", Body: "B", Status: emessage.StatusNewAction,
		CreatedAt: now, UpdatedAt: now, DueDate: "2026-11-01", ViewedAt: &viewed,
		ThreadID: "01ABC", InReplyTo: "01ABC",
	}

	got := mustRoundTrip(t, s.messageJSON(msg))
	want := map[string]any{
		"id": "01ABC", "case_number": "B1234567", "county": "19",
		"person": map[string]any{"id": "P1", "name": "Maria"},
		"type":   "message", "action_type": nil, "document": nil, "direction": "to_customer",
		"subject": "S", "body": "B", "status": "sent", "status_label": "Sent",
		"created_at": "2026-11-02T15:04:05.000123Z", "updated_at": "2026-11-02T15:04:05.000123Z",
		"due_date": nil, "overdue": false, "viewed_by_customer_at": nil,
		"thread_id": "01ABC", "in_reply_to": nil,
	}
	assertJSONEqual(t, got, want)

	got = mustRoundTrip(t, s.messageJSON(action))
	for k, v := range map[string]any{
		"action_type": "view_document", "document": map[string]any{"code": "CW2200", "title": "Request for Verification"},
		"due_date": "2026-11-01", "overdue": true, "viewed_by_customer_at": "2026-11-02T16:04:05.000123Z",
		"in_reply_to": "01ABC", "status_label": "New Action",
	} {
		if !jsonEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}

	detail := mustRoundTrip(t, s.messageDetailJSON(&emessage.MessageDetail{
		Message: action,
		Thread:  []*emessage.Message{action, msg}, // newest first: shown oldest first
		History: []emessage.HistoryEntry{{Status: emessage.StatusNewAction, At: now, By: "jdoe"}},
		Uploads: []emessage.Upload{{ID: 7, Filename: "a.pdf", ContentType: "application/pdf", Size: 10, UploadedAt: now}},
	}, false))
	thread := detail["thread"].([]any)
	if len(thread) != 2 || thread[0].(map[string]any)["id"] != "01ABC" {
		t.Errorf("thread = %v, want 01ABC first", thread)
	}
	assertJSONEqual(t, detail["history"].([]any)[0].(map[string]any),
		map[string]any{"status": "new_action", "at": "2026-11-02T15:04:05.000123Z", "by": "jdoe"})
	assertJSONEqual(t, detail["uploads"].([]any)[0].(map[string]any), map[string]any{
		"id": "7", "filename": "a.pdf", "content_type": "application/pdf", "size": float64(10),
		"uploaded_at": "2026-11-02T15:04:05.000123Z",
	})

	empty := mustRoundTrip(t, s.messageDetailJSON(&emessage.MessageDetail{Message: msg}, false))
	for _, k := range []string{"thread", "history", "uploads"} {
		if l, ok := empty[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v, want []", k, empty[k])
		}
	}
	list := mustRoundTrip(t, s.messageListJSON(&emessage.Page{}))
	if l, ok := list["messages"].([]any); !ok || len(l) != 0 || list["next_cursor"] != nil {
		t.Errorf("empty list = %v, want messages [] and next_cursor null", list)
	}
}

func mustRoundTrip(tb testing.TB, v any) map[string]any {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func assertJSONEqual(tb testing.TB, got, want map[string]any) {
	tb.Helper()
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			tb.Errorf("field %q missing", k)
			continue
		}
		if !jsonEqual(g, w) {
			tb.Errorf("%s = %#v, want %#v", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			tb.Errorf("unexpected field %q", k)
		}
	}
}
