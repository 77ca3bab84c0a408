package testrig_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// checkerDoc is a small OpenAPI 3.1 document for the checker's own test.
const checkerDoc = `{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "security": [{"bearer": []}],
  "paths": {
    "/api/v1/things/{id}": {
      "get": {
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                       {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 5}}],
        "responses": {
          "200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "required": ["id", "due"], "additionalProperties": false,
            "properties": {"id": {"type": "string"}, "due": {"type": ["string", "null"]}}}}}},
          "422": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "schemas": {
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object"}}},
      "Error404": {"$ref": "#/components/schemas/Error"},
      "Error405": {"$ref": "#/components/schemas/Error"}
    }
  }
}`

// TestAPISpecCheck: the checker fails what the document does not describe
// and passes what it does, including refused bad requests.
func TestAPISpecCheck(t *testing.T) {
	spec, err := testrig.LoadAPISpec([]byte(checkerDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, target, token string
		status                      int
		header                      http.Header
		body                        string
		wantErr                     string // "" when the exchange is as described
	}{
		{"as described", "GET", "/api/v1/things/a", "tok", 200, nil, `{"id":"a","due":null}`, ""},
		{"a string where null may be", "GET", "/api/v1/things/a", "tok", 200, nil, `{"id":"a","due":"2026-01-01"}`, ""},
		{"a field the document lacks", "GET", "/api/v1/things/a", "tok", 200, nil, `{"id":"a","due":null,"new":1}`, "new"},
		{"a field missing", "GET", "/api/v1/things/a", "tok", 200, nil, `{"id":"a"}`, "due"},
		{"a wrong type", "GET", "/api/v1/things/a", "tok", 200, nil, `{"id":1,"due":null}`, "/id"},
		{"a status not described", "GET", "/api/v1/things/a", "tok", 409, nil, `{"error":{}}`, "status is not supported"},
		{"another content type", "GET", "/api/v1/things/a", "tok", 200, http.Header{"Content-Type": {"text/plain"}}, `x`, "Content-Type"},
		{"a bad request refused", "GET", "/api/v1/things/a?limit=9", "tok", 422, nil, `{"error":{}}`, ""},
		{"a bad request taken", "GET", "/api/v1/things/a?limit=9", "tok", 200, nil, `{"id":"a","due":null}`, "yet it was answered 200"},
		{"no token yet served", "GET", "/api/v1/things/a", "", 200, nil, `{"id":"a","due":null}`, "yet it was answered 200"},
		{"an address not described, 404", "GET", "/api/v1/nothing", "", 404, nil, `{"error":{}}`, ""},
		{"an address not described, served", "GET", "/api/v1/nothing", "", 200, nil, `{}`, "does not describe"},
		{"a method not described, 405", "DELETE", "/api/v1/things/a", "tok", 405, http.Header{"Allow": {"GET"}}, `{"error":{}}`, ""},
		{"a 405 without Allow", "DELETE", "/api/v1/things/a", "tok", 405, nil, `{"error":{}}`, "Allow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://127.0.0.1:1"+tt.target, nil)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			h := http.Header{"Content-Type": {"application/json"}}
			for k, v := range tt.header {
				h[k] = v
			}
			res := &http.Response{StatusCode: tt.status, Header: h, Body: io.NopCloser(strings.NewReader(tt.body))}
			err := spec.Check(req, nil, res, []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Check: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("Check passed, want an error about %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("Check: %v, want it to name %q", err, tt.wantErr)
			}
		})
	}
	if got := spec.Checked(); got != int64(len(tests)) {
		t.Errorf("Checked() = %d, want %d", got, len(tests))
	}
	// AnswersOnly takes a bad request the server took.
	req := httptest.NewRequest("GET", "http://127.0.0.1:1/api/v1/things/a?limit=9", nil)
	req.Header.Set("Authorization", "Bearer tok")
	body := `{"id":"a","due":null}`
	res := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}
	if err := spec.AnswersOnly().Check(req, nil, res, []byte(body)); err != nil {
		t.Errorf("AnswersOnly: %v", err)
	}
}
