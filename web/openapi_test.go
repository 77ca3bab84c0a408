package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// TestOpenAPIThroughTheMiddleware: through the whole handler the document
// is served cacheable (the API's no-store is not for it), and what it
// describes outside /api (health, metrics) is served as it says.
func TestOpenAPIThroughTheMiddleware(t *testing.T) {
	h := newTestHandler(Config{})
	rec := testrig.Do(h, "GET", testrig.SpecPath, nil, nil)
	testrig.MustStatus(t, rec, http.StatusOK)
	if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache", got)
	}
	spec, err := testrig.LoadAPISpec(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range spec.Doc().Paths.Map() {
		if strings.HasPrefix(path, "/api/") {
			continue // web/api's own test holds these to routes.go
		}
		for method := range item.Operations() {
			n++
			res, _ := serveChecked(t, h, spec, httptest.NewRequest(method, path, nil), "")
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d, want 200", method, path, res.StatusCode)
			}
		}
	}
	if n == 0 {
		t.Error("the document describes nothing outside /api")
	}
}

// TestOpenAPIRefusals: the whole handler's refusals that need no database
// are as the document describes: an unknown address, a wrong method, no
// token, a body that is not JSON, another web site's request.
func TestOpenAPIRefusals(t *testing.T) {
	h := newTestHandler(Config{})
	spec, err := testrig.LoadAPISpec(testrig.Do(h, "GET", testrig.SpecPath, nil, nil).Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		header       map[string]string
		body         string
		want         int
	}{
		{"GET", "/api/v1/nothing", nil, "", http.StatusNotFound},
		{"DELETE", "/api/v1/messages/01ABC", nil, "", http.StatusMethodNotAllowed},
		{"PUT", "/api/v1/login", nil, "", http.StatusMethodNotAllowed},
		{"GET", "/api/v1/home", nil, "", http.StatusUnauthorized},
		{"POST", "/api/v1/login", map[string]string{"Content-Type": "text/plain"}, "hello", http.StatusUnsupportedMediaType},
		{"POST", "/api/v1/login", map[string]string{"Content-Type": "application/json"}, `{"username": `, http.StatusBadRequest},
		{"POST", "/api/v1/login", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
			`{"username":"a","password":"b"}`, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if res, body := serveChecked(t, h, spec, req, tt.body); res.StatusCode != tt.want {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.want, body)
			}
		})
	}
}

// serveChecked serves req, whose body is body, and fails t when the
// exchange is not as spec describes it.
func serveChecked(t *testing.T, h http.Handler, spec *testrig.APISpec, req *http.Request, body string) (*http.Response, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	got, _ := io.ReadAll(res.Body)
	if err := spec.Check(req, []byte(body), res, got); err != nil {
		t.Errorf("%s %s: %d: %v", req.Method, req.URL.Path, res.StatusCode, err)
	}
	return res, got
}
