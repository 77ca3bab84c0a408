package api

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web/answer"
)

// describedAhead are the operations the OpenAPI document describes before
// their code lands: other branches are building them (SPEC sections 14 and
// 15). Each must carry x-emessage-ahead in the document and must not be
// registered yet; once it is, take it off this list.
var describedAhead = []string{}

// codesAhead are error codes the document names before the code answers
// them (none now: password_login_disabled came with SPEC section 17's sign-on).
var codesAhead = []string{}

func mustSpec(t *testing.T) *testrig.APISpec {
	t.Helper()
	spec, err := testrig.LoadAPISpec(openapiJSON)
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// TestOpenAPIDocument: the document parses, validates and is OpenAPI 3.1.
func TestOpenAPIDocument(t *testing.T) {
	doc := mustSpec(t).Doc()
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Components.SecuritySchemes["bearer"] == nil {
		t.Error("no bearer security scheme")
	}
}

// TestOpenAPIEnums: the document's lists of languages and statuses are
// the service's own, so that a language or status added in code without
// the document fails here.
func TestOpenAPIEnums(t *testing.T) {
	doc := mustSpec(t).Doc()
	for name, want := range map[string][]string{
		"Language": emessage.Languages,
		"HistoryNote": func() (out []string) {
			for _, n := range emessage.HistoryNotes {
				out = append(out, string(n))
			}
			return out
		}(),
		"Status": func() (out []string) {
			for _, s := range emessage.Statuses {
				out = append(out, string(s))
			}
			return out
		}(),
	} {
		var got []string
		for _, v := range doc.Components.Schemas[name].Value.Enum {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("schema %s lists %v, the service %v", name, got, want)
		}
	}
}

// TestOpenAPIRoutes: every route routes.go registers is described, and
// every operation described under /api is registered (but those described
// ahead), with the same path and parameter names.
func TestOpenAPIRoutes(t *testing.T) {
	doc := mustSpec(t).Doc()
	registered := registeredRoutes(t)
	described := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/") {
			continue // /healthz and /metrics: package web's
		}
		for method, op := range item.Operations() {
			described[method+" "+path] = op
		}
	}
	for _, route := range registered {
		if described[route] == nil {
			t.Errorf("%s is registered in routes.go but not described in openapi.json", route)
		}
	}
	for route, op := range described {
		registeredNow := slices.Contains(registered, route)
		ahead := slices.Contains(describedAhead, route)
		switch {
		case ahead && registeredNow:
			t.Errorf("%s is registered now: take it off describedAhead and its x-emessage-ahead off the document", route)
		case ahead && op.Extensions["x-emessage-ahead"] == nil:
			t.Errorf("%s is described ahead but not marked x-emessage-ahead", route)
		case !ahead && !registeredNow:
			t.Errorf("%s is described in openapi.json but not registered in routes.go", route)
		}
	}
	// The mux agrees: each registered route is reached by its own pattern.
	mux := newTestMux().(*http.ServeMux)
	for _, route := range registered {
		method, path, _ := strings.Cut(route, " ")
		r := httptest.NewRequest(method, strings.NewReplacer("{", "x", "}", "x").Replace(path), nil)
		if _, pattern := mux.Handler(r); pattern != route {
			t.Errorf("%s %s routes to %q, want %q", method, r.URL.Path, pattern, route)
		}
	}
}

// registeredRoutes reads the patterns routes.go registers: the string
// literal first argument of each m.Handle call.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("routes.go registers a pattern that is not a literal: %T", call.Args[0])
			return true
		}
		pattern, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		routes = append(routes, pattern)
		return true
	})
	if len(routes) < 20 {
		t.Fatalf("found %d routes in routes.go; has it changed shape?", len(routes))
	}
	return routes
}

// TestOpenAPIErrorCodes: each error code the document names for a status
// is answered with that status by the one table in web/answer.
func TestOpenAPIErrorCodes(t *testing.T) {
	doc := mustSpec(t).Doc()
	n := 0
	for name, ref := range doc.Components.Schemas {
		status, err := strconv.Atoi(strings.TrimPrefix(name, "Error"))
		if !strings.HasPrefix(name, "Error") || err != nil {
			continue
		}
		code := ref.Value.Properties["error"].Value.Properties["code"].Value
		codes := code.Enum
		if code.Const != nil {
			codes = append(codes, code.Const)
		}
		if len(codes) == 0 {
			t.Errorf("%s names no error code", name)
		}
		for _, c := range codes {
			c := c.(string)
			n++
			if slices.Contains(codesAhead, c) {
				continue
			}
			if got := answer.Status(c); got != status {
				t.Errorf("%s names %q, which web/answer answers %d", name, c, got)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d error codes named", n)
	}
}

// TestOpenAPIServed: GET /api/v1/openapi.json answers the document to
// anyone, as JSON, with an ETag that a cache may send back for a 304.
func TestOpenAPIServed(t *testing.T) {
	mux := newTestMux()
	res := testrig.Do(mux, "GET", "/api/v1/openapi.json", nil, nil)
	if res.Code != http.StatusOK {
		t.Fatalf("status %d: %s", res.Code, res.Body)
	}
	if ct := res.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if !bytes.Equal(res.Body.Bytes(), openapiJSON) {
		t.Error("the body is not the embedded document")
	}
	etag := res.Header().Get("ETag")
	if etag == "" || res.Header().Get("Cache-Control") == "" {
		t.Fatalf("not cacheable: %v", res.Header())
	}
	again := testrig.Do(mux, "GET", "/api/v1/openapi.json", nil, map[string]string{"If-None-Match": etag})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and none", again.Code, again.Body.Len())
	}
}
