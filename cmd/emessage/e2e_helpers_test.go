package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testPDF is a small valid PDF.
func testPDF(title string) []byte {
	var b bytes.Buffer
	offsets := []int{}
	b.WriteString("%PDF-1.4\n")
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	content := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", title)
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// server is the real service started in process on port 0.
type server struct {
	t       testing.TB
	base    string
	dbURL   string
	dataDir string
	mailDir string
	cancel  context.CancelFunc
	done    chan int
}

func startServer(t testing.TB, dir string) *server {
	t.Helper()
	return startServerDB(t, dir, "sqlite:"+filepath.Join(dir, "e.db"))
}

// startServerDB starts the service on the database at dbURL, with its data
// and mail directories under dir, and any extra flags.
func startServerDB(t testing.TB, dir, dbURL string, extra ...string) *server {
	t.Helper()
	s := &server{t: t, dbURL: dbURL, dataDir: filepath.Join(dir, "data"), mailDir: filepath.Join(dir, "mail"), done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	pr, pw := io.Pipe()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", s.dbURL, "--data-dir", s.dataDir,
		"--mail-dir", s.mailDir, "--base-url", "https://portal.example.gov"}, extra...)
	go func() {
		code := run(ctx, args, pw, io.Discard)
		pw.Close()
		s.done <- code
	}()
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (http://\S+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case s.base = <-addr:
	case code := <-s.done:
		t.Fatalf("serve exited with %d", code)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	t.Cleanup(s.stop)
	return s
}

func (s *server) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case code := <-s.done:
		if code != 0 {
			s.t.Errorf("serve exited with %d", code)
		}
	case <-time.After(20 * time.Second):
		s.t.Error("server did not stop")
	}
}

// response is a decoded API answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

func (r *response) errCode() string {
	e, _ := r.JSON["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r *response) errField() string {
	e, _ := r.JSON["error"].(map[string]any)
	c, _ := e["field"].(string)
	return c
}

func (r *response) str(key string) string { v, _ := r.JSON[key].(string); return v }

// client calls the API as one signed-in user.
type client struct {
	t     testing.TB
	base  string
	token string
}

func (s *server) anon() *client { return &client{t: s.t, base: s.base} }

func (s *server) login(username, password string) *client {
	s.t.Helper()
	c := s.anon()
	r := c.do("POST", "/api/v1/login", map[string]string{"username": username, "password": password})
	if r.Status != 200 {
		s.t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	c.token = r.str("token")
	return c
}

func (c *client) do(method, path string, body any) *response {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) *response {
	c.t.Helper()
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := &response{Status: res.StatusCode, Header: res.Header, Body: b}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &r.JSON); err != nil {
			c.t.Fatalf("%s %s: bad JSON %s", req.Method, req.URL.Path, b)
		}
	}
	return r
}

// upload posts files as multipart field "file".
func (c *client) upload(path string, files map[string][]byte) *response {
	c.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for name, data := range files {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", c.base+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// want fails the test unless the response has the status (and error code, when given).
func (r *response) want(t testing.TB, status int, code ...string) *response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if len(code) > 0 && r.errCode() != code[0] {
		t.Fatalf("error code %q, want %q: %s", r.errCode(), code[0], r.Body)
	}
	if status >= 400 && r.JSON != nil && ErrorMessageOf(r) == "" {
		t.Fatalf("error without a message: %s", r.Body)
	}
	return r
}

// ErrorMessageOf returns the error sentence of a response.
func ErrorMessageOf(r *response) string {
	e, _ := r.JSON["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// waitFor polls cond until it is true or fails after a while.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mails returns the .eml files written to the mail directory.
func mails(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = string(b)
		}
	}
	return out
}
