package worker_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
	"github.com/county/emessage/web"
)

// Sign in with your county account, in process, against a real OpenID
// provider (testrig.OIDCProvider): the cookie that carries the attempt,
// the refusal pages, and the site without its password form.

const ssoBase = "https://emessage.example.gov"

// ssoSite is the whole handler over fixture.World, whose workers sign in at op.
type ssoSite struct {
	h  http.Handler
	r  *testrig.Rig
	op *testrig.OIDCProvider
}

func newSSOSite(t *testing.T, passwordLogin bool) *ssoSite {
	t.Helper()
	r := testrig.New(t, fixture.World())
	r.Service.Now = time.Now
	op := testrig.NewOIDCProvider(t)
	r.Service.IdentityProvider = op.MustDiscover(t, ssoBase+"/worker/oidc/callback")
	r.Service.WorkerPasswordLogin = passwordLogin
	return &ssoSite{h: web.NewHandler(web.Config{Service: r.Service, BaseURL: ssoBase}), r: r, op: op}
}

// start clicks Sign in with your county account (coming back to next) and
// returns the attempt's cookie and the provider's address it was sent to.
func (s *ssoSite) start(t *testing.T, next string) (*http.Cookie, string) {
	t.Helper()
	target := "/worker/oidc/start"
	if next != "" {
		target += "?next=" + url.QueryEscape(next)
	}
	rec := testrig.Browse(s.h, "GET", target, nil)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	c := testrig.CookieNamed(rec, "emessage_worker_oidc")
	if c == nil {
		t.Fatalf("no attempt cookie: %v", rec.Header()["Set-Cookie"])
	}
	return c, rec.Header().Get("Location")
}

// callback is where the provider sends the browser back after u signs in:
// the callback's path and query.
func (s *ssoSite) callback(t *testing.T, authURL string, u testrig.OIDCUser) string {
	t.Helper()
	s.op.SignInAs(u)
	back, err := url.Parse(s.op.Authorize(t, authURL))
	if err != nil {
		t.Fatal(err)
	}
	return back.RequestURI()
}

// TestWorkerSSOSignIn: the sign-in page offers the county account beside
// the password; the attempt's cookie is the browser's alone, for 10
// minutes, sent to /worker/oidc/ only; the provider's answer brings the
// worker back to the page they asked for, signed in, the cookie cleared.
func TestWorkerSSOSignIn(t *testing.T) {
	s := newSSOSite(t, true)
	page := testrig.Browse(s.h, "GET", "/worker/login?next=%2Fworker%2Fmessages", nil).Body.String()
	for _, want := range []string{`href="/worker/oidc/start?next=%2Fworker%2Fmessages">Sign in with your county account</a>`, `<form class="usa-form" method="post" action="/worker/login"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the sign-in page lacks %s", want)
		}
	}

	attempt, authURL := s.start(t, "/worker/messages")
	if attempt.Path != "/worker/oidc/" || !attempt.HttpOnly || !attempt.Secure || attempt.SameSite != http.SameSiteLaxMode || attempt.MaxAge != 600 {
		t.Errorf("attempt cookie = %+v", attempt)
	}
	q := mustQuery(t, authURL)
	if !strings.HasPrefix(authURL, s.op.Issuer) || q.Get("client_id") != s.op.ClientID || q.Get("code_challenge_method") != "S256" ||
		q.Get("redirect_uri") != ssoBase+"/worker/oidc/callback" || q.Get("scope") != "openid profile email" {
		t.Errorf("sent to %s", authURL)
	}
	if strings.Contains(authURL, strings.Split(attempt.Value, ".")[2]) {
		t.Error("the PKCE verifier went to the provider")
	}

	rec := testrig.Browse(s.h, "GET", s.callback(t, authURL, testrig.OIDCUser{Username: "JDOE"}), nil, attempt)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != "/worker/messages" {
		t.Errorf("after sign-in: to %q, want the page asked for", got)
	}
	if c := testrig.CookieNamed(rec, "emessage_worker_oidc"); c == nil || c.MaxAge >= 0 || c.Path != "/worker/oidc/" {
		t.Errorf("the attempt cookie is not cleared: %+v", c)
	}
	session := testrig.CookieNamed(rec, "emessage_worker")
	if session == nil || !strings.HasPrefix(session.Value, "sso.") {
		t.Fatalf("session cookie = %+v", session)
	}
	home := testrig.Browse(s.h, "GET", "/worker/", nil, session)
	testrig.MustStatus(t, home, http.StatusOK)
	if !strings.Contains(home.Body.String(), "Jane Doe") {
		t.Error("the home page does not name jdoe")
	}
	// Sign-in security says the county account guards this session.
	security := testrig.Browse(s.h, "GET", "/worker/security", nil, session).Body.String()
	if !strings.Contains(security, "You signed in with your county account") {
		t.Errorf("the security page of a county-account session:\n%s", security)
	}
}

// TestWorkerSSORefused: each refusal is a page of the worker site, with the
// way back to the sign-in page, and no session cookie; nothing is created
// but the refusal's audit entry.
func TestWorkerSSORefused(t *testing.T) {
	s := newSSOSite(t, true)
	jdoe := testrig.OIDCUser{Username: "jdoe"}
	for _, c := range []struct {
		name    string
		request func(t *testing.T) *httptest.ResponseRecorder
		status  int
		heading string
	}{
		{"forged state", func(t *testing.T) *httptest.ResponseRecorder {
			attempt, authURL := s.start(t, "")
			back := s.callback(t, authURL, jdoe)
			q := mustQuery(t, back)
			q.Set("state", "forged")
			return testrig.Browse(s.h, "GET", "/worker/oidc/callback?"+q.Encode(), nil, attempt)
		}, http.StatusBadRequest, "Your sign-in could not be finished"},
		{"no attempt cookie", func(t *testing.T) *httptest.ResponseRecorder {
			_, authURL := s.start(t, "")
			return testrig.Browse(s.h, "GET", s.callback(t, authURL, jdoe), nil)
		}, http.StatusBadRequest, "Your sign-in could not be finished"},
		{"a token for another client", func(t *testing.T) *httptest.ResponseRecorder {
			attempt, authURL := s.start(t, "")
			return testrig.Browse(s.h, "GET", s.callback(t, authURL, testrig.OIDCUser{Username: "jdoe", Audience: "another-app"}), nil, attempt)
		}, http.StatusForbidden, "Your sign-in could not be finished"},
		{"the provider's error", func(t *testing.T) *httptest.ResponseRecorder {
			attempt, _ := s.start(t, "")
			state := strings.Split(attempt.Value, ".")[0]
			return testrig.Browse(s.h, "GET", "/worker/oidc/callback?error=access_denied&error_description=%3Cscript%3E&state="+state, nil, attempt)
		}, http.StatusForbidden, "Your sign-in could not be finished"},
		{"unknown user", func(t *testing.T) *httptest.ResponseRecorder {
			attempt, authURL := s.start(t, "")
			return testrig.Browse(s.h, "GET", s.callback(t, authURL, testrig.OIDCUser{Username: "nobody"}), nil, attempt)
		}, http.StatusForbidden, "Your county account is not set up for e-Messages"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := testrig.RowCounts(t, s.r.URL)
			rec := c.request(t)
			testrig.MustStatus(t, rec, c.status)
			body := rec.Body.String()
			if !strings.Contains(body, "<h1>"+c.heading+"</h1>") || !strings.Contains(body, `<a href="/worker/login">Sign in</a>`) ||
				!strings.Contains(body, "County Worker Site") || strings.Contains(body, "<script>") {
				t.Errorf("refusal page:\n%s", body)
			}
			if testrig.CookieNamed(rec, "emessage_worker") != nil {
				t.Error("a refusal set a session cookie")
			}
			after := testrig.RowCounts(t, s.r.URL)
			after["audit_log"]--
			if !maps.Equal(before, after) {
				t.Errorf("rows before %v, after %v: want one audit entry more", before, after)
			}
		})
	}
}

// TestWorkerSSOReplayedCallback: the callback opened again with the same
// cookie and code (a stolen pair, or the Back button) is refused by the
// provider; opened again without the cookie, which the first use cleared,
// it is refused by the site.
func TestWorkerSSOReplayedCallback(t *testing.T) {
	s := newSSOSite(t, true)
	attempt, authURL := s.start(t, "")
	back := s.callback(t, authURL, testrig.OIDCUser{Username: "jdoe"})
	testrig.MustStatus(t, testrig.Browse(s.h, "GET", back, nil, attempt), http.StatusSeeOther)
	rec := testrig.Browse(s.h, "GET", back, nil, attempt)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if testrig.CookieNamed(rec, "emessage_worker") != nil {
		t.Error("a replayed code set a session cookie")
	}
	testrig.MustStatus(t, testrig.Browse(s.h, "GET", back, nil), http.StatusBadRequest)
}

// TestWorkerPasswordLoginOff: with --worker-password-login=false the
// sign-in page offers the county account only, a posted password is
// refused unread, and the API refuses a worker's password with 403
// password_login_disabled; customers sign in as before.
func TestWorkerPasswordLoginOff(t *testing.T) {
	s := newSSOSite(t, false)
	page := testrig.Browse(s.h, "GET", "/worker/login", nil)
	testrig.MustStatus(t, page, http.StatusOK)
	body := page.Body.String()
	if strings.Contains(body, "<form class=\"usa-form\"") || strings.Contains(body, `type="password"`) || !strings.Contains(body, "Sign in with your county account</a>") {
		t.Errorf("the sign-in page:\n%s", body)
	}
	rec := testrig.Browse(s.h, "POST", "/worker/login", url.Values{"username": {"jdoe"}, "password": {"pw"}})
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if testrig.CookieNamed(rec, "emessage_worker") != nil || !strings.Contains(rec.Body.String(), "Password sign-in is turned off") {
		t.Errorf("a posted password: %v\n%s", rec.Header()["Set-Cookie"], rec.Body)
	}

	login := func(username string) *httptest.ResponseRecorder {
		body, _ := json.Marshal(map[string]string{"username": username, "password": "pw"})
		return testrig.Do(s.h, "POST", "/api/v1/login", body, map[string]string{"Content-Type": "application/json"})
	}
	rec = login("jdoe")
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if e := testrig.MustErrorBody(t, rec); e.Code != emessage.EPasswordLogin {
		t.Errorf("API sign-in of a worker: %+v", e)
	}
	testrig.MustStatus(t, login("maria"), http.StatusOK)

	// With no password sign-in, an authenticator app would guard nothing.
	attempt, authURL := s.start(t, "/worker/")
	session := testrig.CookieNamed(testrig.Browse(s.h, "GET", s.callback(t, authURL, testrig.OIDCUser{Username: "jdoe"}), nil, attempt), "emessage_worker")
	security := testrig.Browse(s.h, "GET", "/worker/security", nil, session).Body.String()
	if !strings.Contains(security, "There is nothing to set up here.") || strings.Contains(security, "/worker/security/setup") {
		t.Errorf("the security page without password sign-in:\n%s", security)
	}
}

func mustQuery(t *testing.T, rawURL string) url.Values {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
