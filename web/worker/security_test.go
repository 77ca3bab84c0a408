package worker_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/web/page"
)

// The workers' second factor over HTTP: the API's login, the worker site's
// two steps, the enrolment pages, and the operator's requirement.

// mfaSite is the worker site over a real store, with a clock the test moves.
type mfaSite struct {
	t   *testing.T
	h   http.Handler
	svc *emessage.Service
	now time.Time
}

func newMFASite(t *testing.T) *mfaSite {
	h, svc := mustWorkerSiteService(t, "")
	m := &mfaSite{t: t, h: h, svc: svc, now: time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)}
	svc.Now = func() time.Time { return m.now }
	return m
}

func (m *mfaSite) tick() { m.now = m.now.Add(emessage.TOTPStep) }

// enrol sets jdoe's authenticator app up through the service and returns its key.
func (m *mfaSite) enrol() []byte {
	m.t.Helper()
	ctx := context.Background()
	_, a, err := m.svc.Login(ctx, "jdoe", "pw")
	if err != nil {
		m.t.Fatal(err)
	}
	setup, err := m.svc.BeginTOTPSetup(ctx, a, "pw")
	if err != nil {
		m.t.Fatal(err)
	}
	key, _ := emessage.ParseTOTPSecret(setup.Secret)
	if _, err := m.svc.ConfirmTOTPSetup(ctx, a, emessage.TOTPCode(key, m.now)); err != nil {
		m.t.Fatal(err)
	}
	m.tick()
	return key
}

// wrongCode is a six-digit code the app does not show around now.
func (m *mfaSite) wrongCode(key []byte) string {
	for _, c := range []string{"000000", "111111", "222222"} {
		if c != emessage.TOTPCode(key, m.now) && c != emessage.TOTPCode(key, m.now.Add(-emessage.TOTPStep)) &&
			c != emessage.TOTPCode(key, m.now.Add(emessage.TOTPStep)) {
			return c
		}
	}
	panic("unreachable")
}

func (m *mfaSite) apiLogin(body map[string]string) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	return testrig.Do(m.h, "POST", "/api/v1/login", b, map[string]string{"Content-Type": "application/json"})
}

// mustPlainPage checks a page's policy, no caching and no inline code.
func mustPlainPage(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Header().Get("Content-Security-Policy") != page.CSP || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", rec.Header())
	}
	if m := testrig.InlineCode.FindString(rec.Body.String()); m != "" {
		t.Errorf("inline code %q", m)
	}
}

// TestAPILoginMFA: a worker with an app signs in to the API with "otp";
// without it 401 mfa_required, with a wrong one 401 invalid_credentials.
// Customers and workers without an app sign in exactly as before.
func TestAPILoginMFA(t *testing.T) {
	m := newMFASite(t)
	key := m.enrol()
	rec := m.apiLogin(map[string]string{"username": "jdoe", "password": "pw"})
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if e := testrig.MustErrorBody(t, rec); e.Code != emessage.EMFARequired {
		t.Fatalf("error = %+v, want mfa_required", e)
	}
	rec = m.apiLogin(map[string]string{"username": "jdoe", "password": "pw", "otp": m.wrongCode(key)})
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if e := testrig.MustErrorBody(t, rec); e.Code != emessage.EInvalidCredentials || e.Field != "otp" {
		t.Fatalf("error = %+v, want invalid_credentials on otp", e)
	}
	code := emessage.TOTPCode(key, m.now)
	rec = m.apiLogin(map[string]string{"username": "jdoe", "password": "pw", "otp": code})
	testrig.MustStatus(t, rec, http.StatusOK)
	var got map[string]string
	json.Unmarshal(rec.Body.Bytes(), &got)
	if got["token"] == "" || got["role"] != "worker" || got["name"] != "Jane Doe" {
		t.Fatalf("login answer = %s", rec.Body)
	}
	rec = m.apiLogin(map[string]string{"username": "jdoe", "password": "pw", "otp": code})
	testrig.MustStatus(t, rec, http.StatusUnauthorized) // the same code again

	// SPEC section 8, unchanged for everyone else.
	for _, u := range []string{"maria", "bsd"} {
		rec := m.apiLogin(map[string]string{"username": u, "password": "pw"})
		testrig.MustStatus(t, rec, http.StatusOK)
		var body map[string]any
		json.Unmarshal(rec.Body.Bytes(), &body)
		keys := make([]string, 0, len(body))
		for k := range body {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"name", "role", "token"}) {
			t.Fatalf("%s: login answer %s", u, rec.Body)
		}
	}
	testrig.MustStatus(t, m.apiLogin(map[string]string{"username": "maria", "password": "nope"}), http.StatusUnauthorized)
}

// TestWorkerSignInSecondStep: after the password, no session, only a
// short-lived cookie of the half-done sign-in; the code finishes it once.
func TestWorkerSignInSecondStep(t *testing.T) {
	m := newMFASite(t)
	key := m.enrol()
	rec := testrig.Browse(m.h, "POST", "/worker/login", url.Values{"username": {"jdoe"}, "password": {"pw"}, "next": {"/worker/cases"}}, nil)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/worker/login/code?next=%2Fworker%2Fcases" {
		t.Fatalf("Location = %q", loc)
	}
	if testrig.CookieNamed(rec, "emessage_worker") != nil {
		t.Fatal("a session cookie was given before the second factor")
	}
	pending := testrig.CookieNamed(rec, "emessage_worker_mfa")
	if pending == nil || pending.Value == "" {
		t.Fatalf("no half-done sign-in cookie: %v", rec.Header()["Set-Cookie"])
	}
	raw := rec.Header().Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/worker/login", "Max-Age=300"} {
		if !strings.Contains(raw, want) {
			t.Errorf("cookie %q lacks %s", raw, want)
		}
	}
	// The half-done sign-in opens no page, as a session cookie or as itself.
	asSession := &http.Cookie{Name: "emessage_worker", Value: pending.Value}
	if rec := testrig.Browse(m.h, "GET", "/worker/", nil, asSession); rec.Code != http.StatusSeeOther ||
		!strings.HasPrefix(rec.Header().Get("Location"), "/worker/login") {
		t.Fatalf("the pending token as a session: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if rec := testrig.Browse(m.h, "GET", "/worker/", nil, pending); rec.Code != http.StatusSeeOther {
		t.Fatalf("the pending cookie opened the home page: %d", rec.Code)
	}
	if rec := testrig.Do(m.h, "GET", "/api/v1/home", nil, map[string]string{"Authorization": "Bearer " + pending.Value}); rec.Code != http.StatusUnauthorized {
		t.Fatalf("the pending token opened the API: %d", rec.Code)
	}

	rec = testrig.Browse(m.h, "GET", "/worker/login/code?next=%2Fworker%2Fcases", nil, pending)
	testrig.MustStatus(t, rec, http.StatusOK)
	for _, want := range []string{`name="otp"`, `autocomplete="one-time-code"`, "Authentication code", `name="next" value="/worker/cases"`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the code page lacks %s", want)
		}
	}
	mustPlainPage(t, rec)
	if rec := testrig.Browse(m.h, "GET", "/worker/login/code", nil, nil); rec.Code != http.StatusSeeOther ||
		rec.Header().Get("Location") != "/worker/login" {
		t.Fatalf("the code page without a half-done sign-in: %d %s", rec.Code, rec.Header().Get("Location"))
	}

	rec = testrig.Browse(m.h, "POST", "/worker/login/code", url.Values{"otp": {m.wrongCode(key)}, "next": {"/worker/cases"}}, pending)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if !strings.Contains(rec.Body.String(), "not correct") || !strings.Contains(rec.Body.String(), `aria-invalid="true"`) {
		t.Fatalf("the wrong code's page: %s", rec.Body)
	}
	rec = testrig.Browse(m.h, "POST", "/worker/login/code", url.Values{"otp": {emessage.TOTPCode(key, m.now)}, "next": {"/worker/cases"}}, pending)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/worker/cases" {
		t.Fatalf("Location = %q", loc)
	}
	session := testrig.CookieNamed(rec, "emessage_worker")
	if session == nil || session.Value == "" {
		t.Fatal("no session after the second step")
	}
	if c := testrig.CookieNamed(rec, "emessage_worker_mfa"); c == nil || c.MaxAge >= 0 {
		t.Fatalf("the half-done sign-in's cookie is not cleared: %v", c)
	}
	testrig.MustStatus(t, testrig.Browse(m.h, "GET", "/worker/", nil, session), http.StatusOK)
	// Used up: the first step again, saying why.
	m.tick()
	rec = testrig.Browse(m.h, "POST", "/worker/login/code", url.Values{"otp": {emessage.TOTPCode(key, m.now)}}, pending)
	testrig.MustStatus(t, rec, http.StatusUnauthorized)
	if !strings.Contains(rec.Body.String(), "Please sign in again") || !strings.Contains(rec.Body.String(), `name="password"`) {
		t.Fatalf("a used half-done sign-in: %s", rec.Body)
	}
	// A worker's right password and code do not open the portal.
	rec = testrig.Browse(m.h, "POST", "/portal/login", url.Values{"username": {"jdoe"}, "password": {"pw"}}, nil)
	if rec.Code != http.StatusUnauthorized || testrig.CookieNamed(rec, "emessage_portal") != nil {
		t.Fatalf("a worker with an app at the portal's sign-in: %d", rec.Code)
	}
}

// TestWorkerSecurityPages: enrolment through the pages needs the password
// and a right code, shows ten recovery codes once, and turning the app off
// needs the password again.
func TestWorkerSecurityPages(t *testing.T) {
	m := newMFASite(t)
	session := mustSignIn(t, m.h, "jdoe")
	rec := testrig.Browse(m.h, "GET", "/worker/security", nil, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), "Off.") || !strings.Contains(rec.Body.String(), `href="/worker/security/setup"`) {
		t.Fatalf("security page: %s", rec.Body)
	}
	testrig.MustStatus(t, testrig.Browse(m.h, "GET", "/worker/security/setup", nil, session), http.StatusOK)
	rec = testrig.Browse(m.h, "POST", "/worker/security/setup", url.Values{"password": {"wrong"}}, session)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "The password is not correct.") || strings.Contains(rec.Body.String(), "data-secret") {
		t.Fatalf("wrong password: %s", rec.Body)
	}
	rec = testrig.Browse(m.h, "POST", "/worker/security/setup", url.Values{"password": {"pw"}}, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	secret := regexp.MustCompile(`data-secret>([A-Z2-7 ]+)<`).FindStringSubmatch(rec.Body.String())
	if secret == nil || !strings.Contains(rec.Body.String(), `href="otpauth://totp/e-Messages:jdoe?issuer=e-Messages&amp;secret=`) {
		t.Fatalf("set-up page: %s", rec.Body)
	}
	// The same address as a QR code, drawn on the server: an image the
	// page's content security policy lets in (img-src data:).
	if !regexp.MustCompile(`<img class="totp-qr" src="data:image/png;base64,[^"]{200,}" alt="QR code`).MatchString(rec.Body.String()) {
		t.Fatalf("no QR code on the set-up page: %s", rec.Body)
	}
	mustPlainPage(t, rec)
	key, err := emessage.ParseTOTPSecret(secret[1])
	if err != nil || len(strings.Fields(secret[1])) != 8 {
		t.Fatalf("secret %q: %v", secret[1], err)
	}
	rec = testrig.Browse(m.h, "POST", "/worker/security/setup/confirm", url.Values{"otp": {m.wrongCode(key)}}, session)
	testrig.MustStatus(t, rec, http.StatusUnprocessableEntity)
	if !strings.Contains(rec.Body.String(), secret[1]) || !strings.Contains(rec.Body.String(), "not right") {
		t.Fatalf("wrong code: %s", rec.Body)
	}
	rec = testrig.Browse(m.h, "POST", "/worker/security/setup/confirm", url.Values{"otp": {emessage.TOTPCode(key, m.now)}}, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	codes := regexp.MustCompile(`<code>([0-9a-z]{5}-[0-9a-z]{5})</code>`).FindAllStringSubmatch(rec.Body.String(), -1)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown: %s", len(codes), rec.Body)
	}
	mustPlainPage(t, rec) // no caching of the codes either
	rec = testrig.Browse(m.h, "GET", "/worker/security", nil, session)
	if !strings.Contains(rec.Body.String(), "On.") || !strings.Contains(rec.Body.String(), "<strong>10</strong> of 10") {
		t.Fatalf("security page after enrolment: %s", rec.Body)
	}
	m.tick()
	if res, err := m.svc.SignIn(context.Background(), emessage.LoginInput{Username: "jdoe", Password: "pw", OTP: codes[3][1]}); err != nil || res.Token == "" {
		t.Fatalf("sign in with a recovery code shown: %v", err)
	}

	rec = testrig.Browse(m.h, "POST", "/worker/security/recovery-codes", url.Values{"password": {""}}, session)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	rec = testrig.Browse(m.h, "POST", "/worker/security/recovery-codes", url.Values{"password": {"pw"}}, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	if n := len(regexp.MustCompile(`<code>[0-9a-z]{5}-[0-9a-z]{5}</code>`).FindAllString(rec.Body.String(), -1)); n != 10 {
		t.Fatalf("%d new codes", n)
	}
	testrig.MustStatus(t, testrig.Browse(m.h, "GET", "/worker/security/turn-off", nil, session), http.StatusOK)
	rec = testrig.Browse(m.h, "POST", "/worker/security/turn-off", url.Values{"password": {"wrong"}}, session)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	rec = testrig.Browse(m.h, "POST", "/worker/security/turn-off", url.Values{"password": {"pw"}}, session)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/worker/security?done=off" {
		t.Fatalf("Location = %q", loc)
	}
	if _, _, err := m.svc.Login(context.Background(), "jdoe", "pw"); err != nil {
		t.Fatalf("after turning off: %v", err)
	}
	// Cross-site posts are refused like every form.
	req := httptest.NewRequest("POST", "/worker/security/setup", strings.NewReader("password=pw"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(session)
	rec = httptest.NewRecorder()
	m.h.ServeHTTP(rec, req)
	testrig.MustStatus(t, rec, http.StatusForbidden)
}

// TestRequireWorkerMFASite: with the operator's requirement, a worker
// without an app is sent to enrolment after signing in and kept there; the
// API refuses them; once enrolled, everything opens.
func TestRequireWorkerMFASite(t *testing.T) {
	m := newMFASite(t)
	m.svc.RequireWorkerMFA = true
	rec := m.apiLogin(map[string]string{"username": "jdoe", "password": "pw"})
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if e := testrig.MustErrorBody(t, rec); e.Code != emessage.EMFAEnrolment || !strings.Contains(e.Message, "/worker/login") {
		t.Fatalf("error = %+v", e)
	}
	testrig.MustStatus(t, m.apiLogin(map[string]string{"username": "maria", "password": "pw"}), http.StatusOK)

	rec = testrig.Browse(m.h, "POST", "/worker/login", url.Values{"username": {"jdoe"}, "password": {"pw"}, "next": {"/worker/cases"}}, nil)
	testrig.MustStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/worker/security" {
		t.Fatalf("Location after sign-in = %q, want the enrolment page", loc)
	}
	session := testrig.CookieNamed(rec, "emessage_worker")
	for _, path := range []string{"/worker/", "/worker/cases", "/worker/messages/new"} {
		rec := testrig.Browse(m.h, "GET", path, nil, session)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/worker/security" {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	rec = testrig.Browse(m.h, "GET", "/worker/cases/B1/persons", nil, session)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	if e := testrig.MustErrorBody(t, rec); e.Code != emessage.EMFAEnrolment {
		t.Fatalf("persons JSON: %+v", e)
	}
	rec = testrig.Do(m.h, "GET", "/api/v1/home", nil, map[string]string{"Authorization": "Bearer " + session.Value})
	testrig.MustStatus(t, rec, http.StatusForbidden)
	rec = testrig.Browse(m.h, "GET", "/worker/security", nil, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), "Set up an authenticator app to go on") {
		t.Fatalf("the enrolment page does not say why: %s", rec.Body)
	}

	rec = testrig.Browse(m.h, "POST", "/worker/security/setup", url.Values{"password": {"pw"}}, session)
	secret := regexp.MustCompile(`data-secret>([A-Z2-7 ]+)<`).FindStringSubmatch(rec.Body.String())
	key, _ := emessage.ParseTOTPSecret(secret[1])
	rec = testrig.Browse(m.h, "POST", "/worker/security/setup/confirm", url.Values{"otp": {emessage.TOTPCode(key, m.now)}}, session)
	testrig.MustStatus(t, rec, http.StatusOK)
	testrig.MustStatus(t, testrig.Browse(m.h, "GET", "/worker/", nil, session), http.StatusOK)
	rec = testrig.Browse(m.h, "GET", "/worker/security", nil, session)
	if strings.Contains(rec.Body.String(), "turn-off") {
		t.Fatal("Turn off is offered although the app is required")
	}
	rec = testrig.Browse(m.h, "POST", "/worker/security/turn-off", url.Values{"password": {"pw"}}, session)
	testrig.MustStatus(t, rec, http.StatusForbidden)
	m.tick()
	rec = m.apiLogin(map[string]string{"username": "jdoe", "password": "pw", "otp": emessage.TOTPCode(key, m.now)})
	testrig.MustStatus(t, rec, http.StatusOK)
	// Sign-out works for anyone.
	rec = testrig.Do(m.h, "POST", "/api/v1/logout", nil, map[string]string{"Authorization": "Bearer " + session.Value})
	testrig.MustStatus(t, rec, http.StatusOK)
}
