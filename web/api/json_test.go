package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// newTestAPI returns the API over a service with no store: enough for
// everything that is refused before the service reads anything.
func newTestAPI() *Handler {
	return New(emessage.NewService(nil, nil, nil), testrig.Logger(nil), Options{})
}

// newTestMux returns the API's routes on a mux of their own.
func newTestMux() http.Handler {
	m := http.NewServeMux()
	newTestAPI().Routes(m)
	return m
}

func TestBearerToken(t *testing.T) {
	tests := map[string]string{
		"Bearer abc":   "abc",
		"bearer abc":   "abc",
		"Bearer  abc ": "abc",
		"Basic abc":    "",
		"Bearerabc":    "",
		"":             "",
	}
	for header, want := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", header)
		if got := bearerToken(r); got != want {
			t.Errorf("bearerToken(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestLoginRefusesBadBodies(t *testing.T) {
	h := newTestMux()
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
			rec := testrig.Do(h, "POST", "/api/v1/login", []byte(tt.body), tt.header)
			testrig.MustStatus(t, rec, tt.wantStatus)
			got := testrig.MustErrorBody(t, rec)
			if got.Code != tt.wantCode || got.Field != tt.wantField {
				t.Errorf("error = %+v, want code %q field %q", got, tt.wantCode, tt.wantField)
			}
		})
	}
}

func TestMessageJSONShape(t *testing.T) {
	s := newTestAPI()
	now := time.Date(2026, 11, 2, 15, 4, 5, 123000, time.UTC)
	s.svc.Now = func() time.Time { return now }
	viewed := now.Add(time.Hour)
	msg := &emessage.Message{
		ID: "01ABC", CaseNumber: "B1234567", County: "19", PersonID: "P1", PersonName: "Maria",
		Type: emessage.TypeMessage, Direction: emessage.ToCustomer, Subject: "S", Body: "B",
		Status: emessage.StatusSent, CreatedAt: now, UpdatedAt: now, ThreadID: "01ABC", Program: "CF",
	}
	action := &emessage.Message{
		ID: "01ABD", CaseNumber: "B1234567", County: "19", PersonID: "P1", PersonName: "Maria",
		Type: emessage.TypeAction, ActionType: emessage.ActionViewDocument,
		Document:  &emessage.Document{Code: "CW2200", Title: "Request for Verification"},
		Direction: emessage.ToCustomer, Subject: "S", Body: "B", Status: emessage.StatusNewAction,
		CreatedAt: now, UpdatedAt: now, DueDate: "2026-11-01", ViewedAt: &viewed,
		ThreadID: "01ABC", InReplyTo: "01ABC", Program: "ZZ",
	}

	got := mustRoundTrip(t, s.messageJSON(msg))
	want := map[string]any{
		"id": "01ABC", "case_number": "B1234567", "county": "19",
		"person":  map[string]any{"id": "P1", "name": "Maria"},
		"program": map[string]any{"code": "CF", "name": "CalFresh"},
		"type":    "message", "action_type": nil, "document": nil, "direction": "to_customer",
		"subject": "S", "body": "B", "status": "sent", "status_label": "Sent",
		"created_at": "2026-11-02T15:04:05.000123Z", "updated_at": "2026-11-02T15:04:05.000123Z",
		"due_date": nil, "overdue": false, "viewed_by_customer_at": nil,
		"thread_id": "01ABC", "in_reply_to": nil, "waiting_on": "customer",
		"scheduled": false, "cancelled": false, // send_at only when scheduled
	}
	assertJSONEqual(t, got, want)

	sendAt := now.Add(72 * time.Hour)
	scheduled := *msg
	scheduled.SendAt, scheduled.Scheduled = &sendAt, true
	got = mustRoundTrip(t, s.messageJSON(&scheduled))
	if got["scheduled"] != true || got["send_at"] != "2026-11-05T15:04:05.000123Z" || got["cancelled"] != false {
		t.Errorf("scheduled record: scheduled %v, send_at %v, cancelled %v", got["scheduled"], got["send_at"], got["cancelled"])
	}

	got = mustRoundTrip(t, s.messageJSON(action))
	for k, v := range map[string]any{
		"action_type": "view_document", "document": map[string]any{"code": "CW2200", "title": "Request for Verification"},
		"due_date": "2026-11-01", "overdue": true, "viewed_by_customer_at": "2026-11-02T16:04:05.000123Z",
		"in_reply_to": "01ABC", "status_label": "New Action",
		"program": map[string]any{"code": "ZZ", "name": "ZZ"}, // a program without a known name shows its code
	} {
		if !jsonEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}

	detail := mustRoundTrip(t, s.messageDetailJSON(&emessage.MessageDetail{
		Message: action,
		Thread:  []*emessage.Message{action, msg}, // newest first: shown oldest first
		History: []emessage.HistoryEntry{{Status: emessage.StatusNewAction, At: now, By: "jdoe"}},
		Uploads: []emessage.Upload{{ID: 7, PublicID: "01KBZ7Q3M5XN0R2T4V6W8Y9ZAB", Filename: "a.pdf", ContentType: "application/pdf", Size: 10, UploadedAt: now}},
	}, false))
	thread := detail["thread"].([]any)
	if len(thread) != 2 || thread[0].(map[string]any)["id"] != "01ABC" {
		t.Errorf("thread = %v, want 01ABC first", thread)
	}
	assertJSONEqual(t, detail["history"].([]any)[0].(map[string]any),
		map[string]any{"status": "new_action", "at": "2026-11-02T15:04:05.000123Z", "by": "jdoe"})
	assertJSONEqual(t, detail["uploads"].([]any)[0].(map[string]any), map[string]any{
		"id": "01KBZ7Q3M5XN0R2T4V6W8Y9ZAB", "filename": "a.pdf", "content_type": "application/pdf", "size": float64(10), // the public id, never the row number
		"uploaded_at": "2026-11-02T15:04:05.000123Z",
	})

	if got := mustRoundTrip(t, s.messageJSON(&emessage.Message{ID: "01ABE"})); got["program"] != nil {
		t.Errorf("a record of a case without programs: program %#v, want null", got["program"])
	}
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
