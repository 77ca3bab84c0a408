package answer

import (
	"net/http/httptest"
	"strings"
	"testing"

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
		{"field twice", "application/json", `{"subject":"Hi","subject":"Bye"}`, emessage.EMalformed, "subject"},
		{"not UTF-8", "application/json", "{\"subject\":\"H\xffi\"}", emessage.EMalformed, ""},
		{"NUL", "application/json", `{"subject":"H\u0000i"}`, emessage.EMalformed, ""},
		{"too large", "application/json", `{"subject":"` + strings.Repeat("x", MaxJSONBody) + `"}`, emessage.ETooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			var dst decodeTarget
			err := DecodeJSON(httptest.NewRecorder(), req, &dst)
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
