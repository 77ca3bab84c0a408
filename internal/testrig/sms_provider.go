package testrig

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// SMSProvider stands in for Twilio's Messages resource (SPEC 20): a real
// HTTP server on 127.0.0.1 that takes POST /2010-04-01/Accounts/{account}/
// Messages.json as Twilio does (HTTP basic auth account:token, a form of
// To, From and Body, 201 with the message's sid), answers 500 as the test
// tells it, and keeps the texts it accepted in the order they came.
type SMSProvider struct {
	URL     string // the base address, for --sms-url
	Account string
	Token   string
	srv     *httptest.Server

	mu       sync.Mutex
	failNext int // answer 500 to this many more POSTs
	posts    int
	accepted []SMS
	problems []string
}

// SMS is a text the provider accepted.
type SMS struct {
	To, From, Body string
	At             time.Time
}

// StartSMSProvider starts a provider for account and token that stops
// when the test ends.
func StartSMSProvider(tb testing.TB, account, token string) *SMSProvider {
	tb.Helper()
	p := &SMSProvider{Account: account, Token: token}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	tb.Cleanup(p.srv.Close)
	return p
}

// FailNext makes the provider answer 500 to the next n POSTs.
func (p *SMSProvider) FailNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failNext = n
}

func (p *SMSProvider) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.posts++
	want := "/2010-04-01/Accounts/" + p.Account + "/Messages.json"
	if r.Method != http.MethodPost || r.URL.Path != want {
		p.problems = append(p.problems, fmt.Sprintf("%s %s, want POST %s", r.Method, r.URL.Path, want))
		http.NotFound(w, r)
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || user != p.Account || pass != p.Token {
		p.problems = append(p.problems, "no or wrong basic auth")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"code": 20003, "message": "Authenticate", "status": 401})
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		p.problems = append(p.problems, "Content-Type "+ct)
	}
	if err := r.ParseForm(); err != nil {
		p.problems = append(p.problems, "form: "+err.Error())
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for name := range r.PostForm {
		if name != "To" && name != "From" && name != "Body" {
			p.problems = append(p.problems, "unexpected field "+name)
		}
	}
	if p.failNext > 0 {
		p.failNext--
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"code": 20500, "message": "Internal Server Error", "status": 500})
		return
	}
	sms := SMS{To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body"), At: time.Now()}
	p.accepted = append(p.accepted, sms)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{"sid": fmt.Sprintf("SM%032d", len(p.accepted)), "status": "queued",
		"to": sms.To, "from": sms.From, "body": sms.Body})
}

// Texts returns the texts accepted so far, in order.
func (p *SMSProvider) Texts() []SMS {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]SMS(nil), p.accepted...)
}

// Posts is how many POSTs came, accepted or not.
func (p *SMSProvider) Posts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.posts
}

// Problems lists what was wrong with the POSTs.
func (p *SMSProvider) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// TwilioSignature is the X-Twilio-Signature of form posted to fullURL,
// computed here as Twilio documents it, apart from the project's sms
// package: base64 of HMAC-SHA1 with the token over the URL and each
// parameter's name and value, sorted by name.
func TwilioSignature(token, fullURL string, form url.Values) string {
	return twilioSign(token, fullURL, form)
}

func twilioSign(token, fullURL string, form url.Values) string {
	names := make([]string, 0, len(form))
	for k := range form {
		names = append(names, k)
	}
	sort.Strings(names)
	data := fullURL
	for _, k := range names {
		data += k + form.Get(k)
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
