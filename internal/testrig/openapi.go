package testrig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// APISpec is the OpenAPI document of the JSON API, loaded to check real
// requests and answers against it, so that the document cannot drift from
// the code: a test whose exchange the document does not describe fails.
type APISpec struct {
	doc     *openapi3.T
	router  routers.Router
	checked *atomic.Int64
	// answersOnly leaves requests unjudged (AnswersOnly).
	answersOnly bool
}

// SpecPath is where a server serves its OpenAPI document.
const SpecPath = "/api/v1/openapi.json"

// LoadAPISpec parses and validates an OpenAPI 3.1 document.
func LoadAPISpec(data []byte) (*APISpec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI document: %w", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("OpenAPI document: version %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("OpenAPI document: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI document: %w", err)
	}
	return &APISpec{doc: doc, router: router, checked: new(atomic.Int64)}, nil
}

// MustFetchAPISpec loads the document the server at base serves, the
// served copy being the one clients see.
func MustFetchAPISpec(tb testing.TB, base string) *APISpec {
	tb.Helper()
	res, err := http.Get(base + SpecPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", SpecPath, res.StatusCode, b)
	}
	spec, err := LoadAPISpec(b)
	if err != nil {
		tb.Fatalf("GET %s: %v", SpecPath, err)
	}
	return spec
}

// Doc is the parsed document.
func (s *APISpec) Doc() *openapi3.T { return s.doc }

// Checked is how many answers the spec (and its AnswersOnly copies) checked.
func (s *APISpec) Checked() int64 { return s.checked.Load() }

// AnswersOnly returns a copy of the spec that checks answers but takes
// any request the server takes: for fuzz targets, whose requests are
// anything at all, and which the server may read more leniently than the
// document promises (a comma list, 1 for true).
func (s *APISpec) AnswersOnly() *APISpec {
	d := *s
	d.answersOnly = true
	return &d
}

// Transport returns next (http.DefaultTransport when nil) checking every
// exchange against the document: a mismatch fails tb with the method, the
// path, the status and the validator's message.
func (s *APISpec) Transport(tb testing.TB, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &checkingTransport{tb: tb, spec: s, next: next}
}

type checkingTransport struct {
	tb   testing.TB
	spec *APISpec
	next http.RoundTripper
}

// RoundTrip sends req and checks the exchange once the answer is read in
// full. It may run on any goroutine, so a mismatch is an Errorf, not Fatal.
func (t *checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	res, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resBody, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	if err := t.spec.Check(req, reqBody, res, resBody); err != nil {
		t.tb.Errorf("%s %s: %d: not as the OpenAPI document says: %v", req.Method, req.URL.RequestURI(), res.StatusCode, err)
	}
	return res, nil
}

// Check checks one exchange: the request sent with its body, and the answer
// with its body. The answer must be one the document describes for the
// operation, status and content type, headers included; an address or
// method the document does not describe must be answered 404 or 405 in
// the error shape. A request the document does not allow must be refused
// (4xx): tests send bad requests on purpose, and the server must not take
// what the document says it does not.
func (s *APISpec) Check(req *http.Request, reqBody []byte, res *http.Response, resBody []byte) error {
	s.checked.Add(1)
	ctx := context.Background()
	route, params, err := s.router.FindRoute(req)
	var routeErr *routers.RouteError
	switch {
	case errors.As(err, &routeErr) && s.describesPath(req):
		if res.Header.Get("Allow") == "" {
			return errors.New("a 405 answer without Allow")
		}
		return s.checkUndescribed(res, resBody, http.StatusMethodNotAllowed, "Error405")
	case routeErr != nil:
		return s.checkUndescribed(res, resBody, http.StatusNotFound, "Error404")
	case err != nil:
		return err
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    cloneWithBody(req, reqBody),
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: bearerPresent,
			MultiError:         true,
		},
	}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(resBody)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if reqErr != nil && res.StatusCode < 400 && !s.answersOnly {
		return fmt.Errorf("the request is not one the document allows, yet it was answered %d: %w", res.StatusCode, reqErr)
	}
	return nil
}

// describesPath reports whether the document describes req's path for
// some other method. (The router tells a wrong method from a wrong path
// only for paths without parameters.)
func (s *APISpec) describesPath(req *http.Request) bool {
	for _, method := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		if method == req.Method {
			continue
		}
		other := req.Clone(context.Background())
		other.Method = method
		if _, _, err := s.router.FindRoute(other); err == nil {
			return true
		}
	}
	return false
}

// checkUndescribed checks the answer to what the document does not
// describe: status want, in the error shape of the named schema.
func (s *APISpec) checkUndescribed(res *http.Response, body []byte, want int, schema string) error {
	if res.StatusCode != want {
		return fmt.Errorf("the document does not describe this request, yet it was answered %d (want %d)", res.StatusCode, want)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return fmt.Errorf("a %d answer of type %q, want the JSON error shape", want, res.Header.Get("Content-Type"))
	}
	v, err := decodeJSONValue(body)
	if err != nil {
		return err
	}
	ref := s.doc.Components.Schemas[schema]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("the document has no schema %s", schema)
	}
	if err := ref.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}

// bearerPresent accepts a request that carries a bearer token where the
// document asks for one; whether the token is good is the server's to say.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	if scheme == nil || scheme.Type != "http" || !strings.EqualFold(scheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %s is not described to the checker", in.SecuritySchemeName)
	}
	kind, token, _ := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !strings.EqualFold(kind, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// cloneWithBody returns a copy of req whose body reads body again.
func cloneWithBody(req *http.Request, body []byte) *http.Request {
	c := req.Clone(context.Background())
	c.Body = io.NopCloser(bytes.NewReader(body))
	return c
}

func decodeJSONValue(body []byte) (any, error) {
	v, err := openapi3filter.JSONBodyDecoder(bytes.NewReader(body), nil, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("answer is not JSON: %w", err)
	}
	return v, nil
}
