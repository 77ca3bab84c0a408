package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// apiClient calls the JSON API as one signed-in user.
type apiClient struct {
	base  string
	http  *http.Client
	token string
}

// answer is an API response that arrived whole.
type answer struct {
	Status   int
	Body     []byte
	Replayed bool // Idempotent-Replayed: the first answer to the key, again
}

// call sends one request with a JSON body (or none). A nil error means an
// answer arrived, whatever its status; an error means none did (refused,
// reset, cut off): the request may or may not have been carried out.
func (c *apiClient) call(ctx context.Context, method, path string, body any) (*answer, error) {
	var raw []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		raw = b
	}
	return c.send(ctx, c.base, method, path, "application/json", raw, "")
}

// send sends one request to the server at base: raw is the body (nil for
// none) of type contentType, key its Idempotency-Key ("" for none).
func (c *apiClient) send(ctx context.Context, base, method, path, contentType string, raw []byte, key string) (*answer, error) {
	var rd io.Reader
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return nil, err
	}
	if raw != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &answer{Status: res.StatusCode, Body: b, Replayed: res.Header.Get("Idempotent-Replayed") == "true"}, nil
}

// callAnswered retries a request until an answer other than 503 (busy)
// arrives, for requests that may safely be repeated (reads, sign-ins), or
// until ctx ends.
func (c *apiClient) callAnswered(ctx context.Context, method, path string, body any) (*answer, error) {
	for {
		a, err := c.call(ctx, method, path, body)
		if (err == nil && a.Status != http.StatusServiceUnavailable) || ctx.Err() != nil {
			return a, err
		}
		pause(ctx)
	}
}

// decode reads an answer's JSON into v.
func (a *answer) decode(v any) error {
	if err := json.Unmarshal(a.Body, v); err != nil {
		return fmt.Errorf("answer %d is not JSON: %.200s", a.Status, a.Body)
	}
	return nil
}

// login signs in and returns the client holding the token.
func login(ctx context.Context, base string, hc *http.Client, username string) (*apiClient, error) {
	c := &apiClient{base: base, http: hc}
	a, err := c.callAnswered(ctx, "POST", "/api/v1/login", map[string]string{"username": username, "password": password})
	if err != nil {
		return nil, err
	}
	var out struct{ Token string }
	if a.Status != http.StatusOK || a.decode(&out) != nil || out.Token == "" {
		return nil, fmt.Errorf("login %s: %d %.200s", username, a.Status, a.Body)
	}
	c.token = out.Token
	return c, nil
}

// pause waits a little before a retry: the server is being restarted.
func pause(ctx context.Context) {
	t := time.NewTimer(time.Duration(10+rand.IntN(30)) * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// newHTTPClient is the clients' shared HTTP client: keep-alive connections
// to 127.0.0.1, and a bound on every request.
func newHTTPClient(conns int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConns = conns
	tr.MaxIdleConnsPerHost = conns
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}
