package testrig

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// Client calls the JSON API of a running server as one user (or none): the
// end-to-end tests' way in. Its methods fail the test that made it when the
// request cannot be made; what the server answers is for the test to judge,
// except that a client given the server's OpenAPI document (WithSpec) also
// fails the test on any exchange the document does not describe.
type Client struct {
	tb    testing.TB
	base  string
	token string
	http  *http.Client
	spec  *APISpec
}

// NewClient returns a client of the server at base (e.g.
// http://127.0.0.1:41234) sending token as its bearer token, when not empty.
func NewClient(tb testing.TB, base, token string) *Client {
	return &Client{tb: tb, base: base, token: token, http: http.DefaultClient}
}

// WithSpec returns a copy of the client that checks every request it sends
// and every answer it gets against spec (APISpec.Transport).
func (c *Client) WithSpec(spec *APISpec) *Client {
	d := *c
	d.spec = spec
	d.http = &http.Client{Transport: spec.Transport(c.tb, nil)}
	return &d
}

// MustLogin signs username in through POST /api/v1/login and returns a
// client holding the session's token.
func MustLogin(tb testing.TB, base, username, password string) *Client {
	tb.Helper()
	return NewClient(tb, base, "").Login(username, password)
}

// Login signs username in through POST /api/v1/login and returns a copy of
// the client holding the session's token.
func (c *Client) Login(username, password string) *Client {
	c.tb.Helper()
	d := *c
	d.token = ""
	r := d.Do("POST", "/api/v1/login", map[string]string{"username": username, "password": password})
	if r.Status != http.StatusOK {
		c.tb.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	d.token = r.Str("token")
	return &d
}

// WithToken returns a copy of the client sending token instead (none when empty),
// checked against the same document.
func (c *Client) WithToken(token string) *Client {
	d := *c
	d.token = token
	return &d
}

// HTTP is the client's HTTP client, for a request the methods cannot
// make; it checks the exchange as they do.
func (c *Client) HTTP() *http.Client { return c.http }

// Base is the address of the server the client calls.
func (c *Client) Base() string { return c.base }

// Token is the client's bearer token.
func (c *Client) Token() string { return c.token }

// Do sends body (when not nil) as JSON to the API path and returns the answer.
func (c *Client) Do(method, path string, body any) *Response {
	c.tb.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.tb.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.Send(req)
}

// Upload posts files as parts of the multipart field "file".
func (c *Client) Upload(path string, files map[string][]byte) *Response {
	c.tb.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for name, data := range files {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			c.tb.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	req, err := http.NewRequest("POST", c.base+path, &b)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Send(req)
}

// Send sends req with the client's token and reads the whole answer,
// decoding a JSON object into Response.JSON.
func (c *Client) Send(req *http.Request) *Response {
	c.tb.Helper()
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	r := &Response{Status: res.StatusCode, Header: res.Header, Body: b}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &r.JSON); err != nil {
			c.tb.Fatalf("%s %s: bad JSON %s", req.Method, req.URL.Path, b)
		}
	}
	return r
}

// Response is an answer of the API.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any // the body, when it is a JSON object
}

// APIError is the API's error answer: {"error":{"code","message","field"}}.
type APIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Err returns the answer's error, zero when it holds none.
func (r *Response) Err() APIError {
	var body struct {
		Error APIError `json:"error"`
	}
	json.Unmarshal(r.Body, &body)
	return body.Error
}

// Str returns the answer's top-level string field key, "" when there is none.
func (r *Response) Str(key string) string {
	v, _ := r.JSON[key].(string)
	return v
}

// Want fails the test unless the answer has status and, when given, the
// error code; an error answer must carry a message.
func (r *Response) Want(tb testing.TB, status int, code ...string) *Response {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	e := r.Err()
	if len(code) > 0 && e.Code != code[0] {
		tb.Fatalf("error code %q, want %q: %s", e.Code, code[0], r.Body)
	}
	if status >= 400 && r.JSON != nil && e.Message == "" {
		tb.Fatalf("error without a message: %s", r.Body)
	}
	return r
}

// MustDecode decodes the answer's body into v.
func (r *Response) MustDecode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}
